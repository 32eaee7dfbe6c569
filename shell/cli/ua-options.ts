/** The command line of `sipxfer ua`. */
import * as E from 'fp-ts/lib/Either.js'

export interface UaOptions {
  readonly listen: ReadonlyArray<string>
  readonly user: string
  readonly autoAnswerMs?: number
  readonly onRefer: 'accept' | 'reject' | 'ask'
  readonly credentials?: { readonly username: string; readonly password: string }
  readonly rtpPort?: number
  readonly toneHz?: number
  /** A 16-bit mono 8 kHz PCM WAV file every stream plays, looped (instead of --tone). */
  readonly wavPath?: string
  /** Signalling only: negotiate SDP but open no RTP streams. */
  readonly noMedia?: boolean
  /** Calls at once (default: the core's, 1024). */
  readonly maxCalls?: number
  readonly logLevel: 'debug' | 'info' | 'warn'
  readonly help: boolean
}

export const uaUsage =
  'usage: sipxfer ua --listen udp:HOST:PORT [--listen tcp:HOST:PORT] [--user NAME] [--auto-answer[=MS]]\n' +
  '                  [--on-refer accept|reject|ask] [--credentials USER:PASS] [--rtp-port N] [--tone HZ | --wav FILE]\n' +
  '                  [--no-media] [--max-calls N] [--log-level debug|info|warn]\n\n' +
  'Runs one user agent. Reads commands on stdin, one a line:\n' +
  '  dial URI | answer [CALL] | reject [CALL] [CODE] | hangup [CALL] | hold [CALL] | resume [CALL]\n' +
  '  transfer CALL URI | attended CALL CONSULT-CALL | consult CALL URI\n' +
  '  accept-transfer CALL | reject-transfer CALL | unsubscribe CALL | calls | quit\n' +
  'RTP plays silence, a tone (--tone HZ) or a WAV file (--wav FILE: 16-bit mono 8000 Hz PCM, looped).\n' +
  'Prints every event as one JSON line on stdout (the first: {"event":"listening",…}); logs go to stderr.\n'

const natural = (text: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined => {
  if (text === undefined || !/^\d+$/.test(text)) return undefined
  const n = Number(text)
  return n <= max ? n : undefined
}

export const parseUaOptions = (args: ReadonlyArray<string>): E.Either<string, UaOptions> => {
  const listen: Array<string> = []
  let user = 'sipxfer'
  let autoAnswerMs: number | undefined
  let onRefer: UaOptions['onRefer'] = 'accept'
  let credentials: UaOptions['credentials']
  let rtpPort: number | undefined
  let toneHz: number | undefined
  let wavPath: string | undefined
  let noMedia = false
  let maxCalls: number | undefined
  let logLevel: UaOptions['logLevel'] = 'warn'
  let help = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const eq = arg.indexOf('=')
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined
    const value = (): string | undefined => inline ?? args[++i]
    switch (name) {
      case '-h':
      case '--help':
        help = true
        break
      case '--listen': {
        const v = value()
        if (v === undefined) return E.left('--listen needs udp:HOST:PORT or tcp:HOST:PORT')
        listen.push(v)
        break
      }
      case '--user': {
        const v = value()
        if (v === undefined || !/^[\w.!~*'()&=+$,;?/%-]+$/.test(v)) return E.left('--user needs a SIP user name')
        user = v
        break
      }
      case '--auto-answer': {
        if (inline === undefined) autoAnswerMs = 0
        else {
          const n = natural(inline)
          if (n === undefined) return E.left('--auto-answer=MS needs a number of milliseconds')
          autoAnswerMs = n
        }
        break
      }
      case '--on-refer': {
        const v = value()
        if (v !== 'accept' && v !== 'reject' && v !== 'ask') return E.left('--on-refer needs accept, reject or ask')
        onRefer = v
        break
      }
      case '--credentials': {
        const v = value()
        const colon = v?.indexOf(':') ?? -1
        if (v === undefined || colon <= 0) return E.left('--credentials needs USER:PASS')
        credentials = { username: v.slice(0, colon), password: v.slice(colon + 1) }
        break
      }
      case '--rtp-port': {
        const n = natural(value(), 65_534)
        if (n === undefined || n < 1024 || n % 2 !== 0) return E.left('--rtp-port needs an even port from 1024 (RFC 3550 §11)')
        rtpPort = n
        break
      }
      case '--tone': {
        const n = natural(value(), 4000)
        if (n === undefined || n === 0) return E.left('--tone needs a frequency in Hz (1–4000)')
        toneHz = n
        break
      }
      case '--wav': {
        const v = value()
        if (v === undefined || v === '') return E.left('--wav needs a WAV file (16-bit mono 8000 Hz PCM)')
        wavPath = v
        break
      }
      case '--no-media':
        noMedia = true
        break
      case '--max-calls': {
        const n = natural(value())
        if (n === undefined || n === 0) return E.left('--max-calls needs a number of calls (1 or more)')
        maxCalls = n
        break
      }
      case '--log-level': {
        const v = value()
        if (v !== 'debug' && v !== 'info' && v !== 'warn') return E.left('--log-level needs debug, info or warn')
        logLevel = v
        break
      }
      default:
        return E.left(`unknown option ${arg}`)
    }
  }
  if (toneHz !== undefined && wavPath !== undefined) return E.left('--tone and --wav exclude each other: a stream plays one source')
  if (listen.length === 0 && !help) listen.push('udp:127.0.0.1:5060')
  return E.right({
    listen,
    user,
    onRefer,
    logLevel,
    help,
    ...(autoAnswerMs === undefined ? {} : { autoAnswerMs }),
    ...(credentials === undefined ? {} : { credentials }),
    ...(rtpPort === undefined ? {} : { rtpPort }),
    ...(toneHz === undefined ? {} : { toneHz }),
    ...(wavPath === undefined ? {} : { wavPath }),
    ...(noMedia ? { noMedia } : {}),
    ...(maxCalls === undefined ? {} : { maxCalls }),
  })
}
