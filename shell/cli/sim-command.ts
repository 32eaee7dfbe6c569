/**
 * `sipxfer sim`, `sipxfer replay` and `sipxfer check`: the simulator's CLI (sim/cli.ts)
 * bound to the real user agent, the scenario registry, the RFC oracle and the leak
 * check, with file reading and writing done through `CliIo`.
 *
 * sim/cli.ts is pure and synchronous, so the files a command line names are read
 * first and the files it writes are written after it returns.
 *
 * `sipxfer sim --demo [OPTIONS]` (what `npm start` runs) is `sim <demo scenario>`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { simCli, type CliDeps } from '../../sim/cli.ts'
import { checkPackets, checkTrace } from '../../sim/oracle/index.ts'
import { scenarioRegistry } from '../../sim/scenario-registry.ts'
import { demoScenarioName } from '../../sim/scenarios/index.ts'
import type { Scenario } from '../../sim/scenario.ts'
import { uaIndexesConsistent } from '../../sim/ua-indexes.ts'
import { uaFactory } from '../../sim/ua-node.ts'
import { uaQuiescence } from '../../sim/ua-quiescence.ts'
import { exitCode, type CliCommand } from './io.ts'

/** Options of `sim` that take no value (every other `--x` takes the next argument unless written `--x=v`). */
const BOOLEAN = new Set(['--json', '--list', '--help', '--demo'])

/** Options whose value is a file to read. */
const READS = new Set(['--faults'])

/** Arguments that may name a file to read: positionals that are not registered scenario names, and `--faults F`. */
const pathsIn = (args: ReadonlyArray<string>, scenarios: ReadonlyArray<Scenario>): ReadonlyArray<string> => {
  const paths: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? ''
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const value = eq >= 0 ? a.slice(eq + 1) : BOOLEAN.has(a) ? undefined : args[++i]
      if (READS.has(eq >= 0 ? a.slice(0, eq) : a) && value !== undefined) paths.push(value)
    } else if (!scenarios.some((s) => s.name === a)) paths.push(a)
  }
  return paths
}

export interface SimCommandOptions {
  readonly scenarios?: ReadonlyArray<Scenario>
}

/**
 * The dependencies of sim/cli.ts for real user agents: factory, the UA index invariant
 * (checked after every step of the safety and liveness phases), oracle, leak check, and
 * where the swarm's progress bar goes.
 */
export const uaCliDeps = (
  scenarios: ReadonlyArray<Scenario>,
  files: ReadonlyMap<string, E.Either<string, Uint8Array>>,
  writes: Array<readonly [string, Uint8Array | string]>,
  progress?: (text: string) => void,
): CliDeps => ({
  readFile: (path) => files.get(path) ?? E.left('not read'),
  writeFile: (path, data) => {
    writes.push([path, data])
    return E.right(undefined)
  },
  scenarios,
  factory: uaFactory,
  invariants: [uaIndexesConsistent],
  finalChecks: [uaQuiescence],
  oracle: { trace: (t) => checkTrace(t), packets: (ps) => checkPackets(ps) },
  ...(progress === undefined ? {} : { progress }),
})

const simulatorCommand =
  (name: 'sim' | 'replay' | 'check', options: SimCommandOptions = {}): CliCommand =>
  async (argv, io) => {
    const scenarios = options.scenarios ?? scenarioRegistry
    const args = name === 'sim' && argv.includes('--demo') ? [demoScenarioName, ...argv.filter((a) => a !== '--demo')] : argv
    const files = new Map<string, E.Either<string, Uint8Array>>()
    for (const path of name === 'sim' ? pathsIn(args, scenarios) : args.slice(0, 1)) {
      try {
        files.set(path, E.right(await io.readFile(path)))
      } catch (e) {
        files.set(path, E.left(e instanceof Error ? e.message : String(e)))
      }
    }
    const writes: Array<readonly [string, Uint8Array | string]> = []
    const result = simCli([name, ...args], uaCliDeps(scenarios, files, writes, io.stderr))
    let code = result.exitCode
    for (const [path, data] of writes) {
      try {
        await io.writeFile(path, data)
      } catch (e) {
        io.stderr(`sipxfer ${name}: cannot write ${path}: ${e instanceof Error ? e.message : String(e)}\n`)
        if (code === exitCode.ok) code = exitCode.failed
      }
    }
    if (result.stdout !== '') io.stdout(result.stdout)
    if (result.stderr !== '') io.stderr(result.stderr)
    return code
  }

export const simCommand: CliCommand = simulatorCommand('sim')
export const replayCommand: CliCommand = simulatorCommand('replay')
export const checkCommand: CliCommand = simulatorCommand('check')

/** The same commands over another scenario list (tests). */
export const simulatorCommands = (options: SimCommandOptions) => ({
  sim: simulatorCommand('sim', options),
  replay: simulatorCommand('replay', options),
  check: simulatorCommand('check', options),
})
