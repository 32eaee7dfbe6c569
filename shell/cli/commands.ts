/** The CLI's subcommands, one line each. */
import type { CliCommand } from './io.ts'
import { parseCommand } from './parse-command.ts'
import { checkCommand, replayCommand, simCommand } from './sim-command.ts'

export interface CommandEntry {
  readonly run: CliCommand
  readonly summary: string
}

export const commands: Readonly<Record<string, CommandEntry>> = {
  parse: { run: parseCommand, summary: 'parse [FILE|-] [--format json|sip] [--stream]   lint one captured SIP message' },
  sim: { run: simCommand, summary: 'sim SCENARIO|--list|--demo [--seed N] [--loss P] … [--swarm N] [--json]   run user agents on the simulator' },
  replay: { run: replayCommand, summary: 'replay TRACE   re-run a trace and compare hashes' },
  check: { run: checkCommand, summary: 'check TRACE|PCAP   check a trace or a capture against the RFC oracle' },
}

export const usage = (): string =>
  'usage: sipxfer COMMAND [ARGS]\n\ncommands:\n' +
  Object.values(commands).map((c) => `  ${c.summary}\n`).join('') +
  '\nRun `sipxfer COMMAND --help` for the options of one command.\n'
