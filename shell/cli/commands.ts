/** The CLI's subcommands, one line each. */
import type { CliCommand } from './io.ts'
import { parseCommand } from './parse-command.ts'

export interface CommandEntry {
  readonly run: CliCommand
  readonly summary: string
}

export const commands: Readonly<Record<string, CommandEntry>> = {
  parse: { run: parseCommand, summary: 'parse [FILE|-] [--format json|sip] [--stream]   lint one captured SIP message' },
}

export const usage = (): string =>
  'usage: sipxfer COMMAND [ARGS]\n\ncommands:\n' +
  Object.values(commands).map((c) => `  ${c.summary}\n`).join('') +
  '\nRun `sipxfer COMMAND --help` for the options of one command.\n'
