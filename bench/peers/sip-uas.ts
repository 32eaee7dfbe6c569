/**
 * A minimal auto-answering UAS on the npm `sip` package (the comparison peer of
 * `npm run bench -- udp`): INVITE → 200 OK with SDP, ACK absorbed, BYE → 200, anything else
 * → 200 (OPTIONS) or 405. UDP only, on 127.0.0.1.
 *
 *   node dist/bench/peers/sip-uas.js --port PORT
 *
 * Prints `{"event":"listening","udp":"127.0.0.1:PORT"}` on stdout once started. The `sip`
 * package cannot bind port 0 and report it, so the caller picks a free port.
 */
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'

interface SipMessage {
  readonly method?: string
  readonly uri?: string
  readonly headers: Record<string, unknown> & { to: { params: Record<string, string> } }
}

interface SipModule {
  readonly start: (options: Record<string, unknown>, onRequest: (rq: SipMessage) => void) => void
  readonly send: (m: unknown) => void
  readonly stop: () => void
  readonly makeResponse: (rq: SipMessage, status: number, reason: string, extension?: { headers?: Record<string, unknown>; content?: string }) => unknown
}

const sip = createRequire(import.meta.url)('sip') as SipModule

const portArg = process.argv.indexOf('--port')
const port = Number(process.argv[portArg + 1])
if (portArg < 0 || !Number.isInteger(port) || port <= 0 || port > 65_535) {
  process.stderr.write('usage: sip-uas --port PORT\n')
  process.exit(2)
}
const address = '127.0.0.1'

const sdp = (): string =>
  ['v=0', `o=uas ${Date.now()} 1 IN IP4 ${address}`, 's=-', `c=IN IP4 ${address}`, 't=0 0', 'm=audio 9 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n')

sip.start({ port, address, publicAddress: address, tcp: false, udp: true }, (rq) => {
  switch (rq.method) {
    case 'ACK':
      return
    case 'INVITE': {
      rq.headers.to.params.tag ??= randomBytes(6).toString('hex')
      sip.send(
        sip.makeResponse(rq, 200, 'OK', {
          headers: { contact: [{ uri: `sip:uas@${address}:${port}` }], 'content-type': 'application/sdp' },
          content: sdp(),
        }),
      )
      return
    }
    case 'BYE':
    case 'OPTIONS':
      sip.send(sip.makeResponse(rq, 200, 'OK'))
      return
    default:
      sip.send(sip.makeResponse(rq, 405, 'Method Not Allowed'))
  }
})

process.stdout.write(`${JSON.stringify({ event: 'listening', udp: `${address}:${port}` })}\n`)
const stop = (): void => {
  sip.stop()
  process.exit(0)
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
