/** The CLI's subcommands, one line each. */
import type { CliCommand } from './io.ts'
import { parseCommand } from './parse-command.ts'
import { mediaLayer } from '../media/index.ts'
import { checkCommand, replayCommand, simCommand } from './sim-command.ts'
import { makeUaCommand } from './ua-command.ts'

/** `sipxfer ua` with shell/media's RTP engine: a tone with --tone, the file's samples (looped) with --wav, else silence. */
const uaCommand = makeUaCommand({
  media: ({ toneHz, wav }) =>
    mediaLayer({ source: wav !== undefined ? { type: 'samples', samples: wav } : toneHz !== undefined ? { type: 'tone', hz: toneHz } : { type: 'silence' } }),
})

export interface CommandEntry {
  readonly run: CliCommand
  readonly summary: string
}

export const commands: Readonly<Record<string, CommandEntry>> = {
  parse: { run: parseCommand, summary: 'parse [FILE|-] [--format json|sip] [--stream]   lint one captured SIP message' },
  sim: { run: simCommand, summary: 'sim SCENARIO|--list|--demo [--seed N] [--loss P] … [--swarm N] [--json]   run user agents on the simulator' },
  replay: { run: replayCommand, summary: 'replay TRACE   re-run a trace and compare hashes' },
  ua: { run: uaCommand, summary: 'ua --listen udp:HOST:PORT [--user NAME] [--auto-answer[=MS]] …   run one user agent, commands on stdin, JSON events on stdout' },
  check: { run: checkCommand, summary: 'check TRACE|PCAP   check a trace or a capture against the RFC oracle' },
}

export const usage = (): string =>
  'usage: sipxfer COMMAND [ARGS]\n\ncommands:\n' +
  Object.values(commands).map((c) => `  ${c.summary}\n`).join('') +
  '\nRun `sipxfer COMMAND --help` for the options of one command.\n'
