/** Entry point of the `sipxfer` command. */
import { commands, usage } from './commands.ts'
import { exitCode } from './io.ts'
import { nodeIo } from './node-io.ts'

const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  const [name, ...rest] = argv
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    nodeIo.stdout(usage())
    return name === undefined ? exitCode.usage : exitCode.ok
  }
  const command = commands[name]
  if (command === undefined) {
    nodeIo.stderr(`sipxfer: unknown command "${name}"\n${usage()}`)
    return exitCode.usage
  }
  return command.run(rest, nodeIo)
}

process.exitCode = await main(process.argv.slice(2))
