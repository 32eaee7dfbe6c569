/**
 * Packets that find the drain loop idle are stepped in the socket's callback (`onPacket` in
 * ua-runtime.ts). These check what that must keep from the loop: timers a packet arms still
 * fire on the Effect Clock, and outputs that need an effect keep their order with the
 * packets that arrive while they are performed.
 */
import { createSocket, type Socket } from 'node:dgram'
import { describe, expect, it } from 'vitest'
import { Effect, Layer, TestClock, TestContext } from 'effect'
import type { MediaInstruction } from '../../core/ua/index.ts'
import { transportLayer } from '../transport/index.ts'
import { Media, type MediaPort } from './media-port.ts'
import { makeUaRuntime, type RuntimeEvent } from './ua-runtime.ts'
import { isEvent, quiet, runLive, spec, startUa } from './testing/runtime-harness.ts'

/** Real time, for datagrams to arrive while the virtual clock stands still. */
const settle = (ms = 60) => Effect.promise(() => new Promise<void>((r) => setTimeout(r, ms)))

const sink = async (): Promise<{ socket: Socket; port: number; lines: Array<string> }> => {
  const socket = createSocket('udp4')
  const lines: Array<string> = []
  socket.on('message', (m) => lines.push(m.toString('latin1').split('\r\n')[0]!))
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r))
  return { socket, port: socket.address().port, lines }
}

const invite = (port: number, to: number): string => {
  const sdp = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n'
  return [
    `INVITE sip:bob@127.0.0.1:${to} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-in-place-1`,
    `From: <sip:raw@127.0.0.1:${port}>;tag=raw1`,
    `To: <sip:bob@127.0.0.1:${to}>`,
    'Call-ID: in-place-1@127.0.0.1',
    'CSeq: 1 INVITE',
    `Contact: <sip:raw@127.0.0.1:${port}>`,
    'Max-Forwards: 70',
    'Content-Type: application/sdp',
    `Content-Length: ${sdp.length}`,
    '',
    sdp,
  ].join('\r\n')
}

describe('packets stepped where they arrive', () => {
  it('a 2xx that is never ACKed is retransmitted on the virtual clock: the timer a packet armed still fires (RFC 3261 §13.3.1.4)', async () => {
    const raw = await sink()
    try {
      const counts = await Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const bob = yield* startUa('bob', ['udp:127.0.0.1:0'], { autoAnswerMs: 0 })
            const port = bob.rt.local.port
            yield* Effect.sync(() => raw.socket.send(invite(raw.port, port), port, '127.0.0.1'))
            yield* settle()
            const seen: Array<number> = [raw.lines.filter((l) => l.startsWith('SIP/2.0 200')).length]
            // Timer G from T1 = 500 ms, doubling: 200s at 0, 0.5, 1.5 and 3.5 s.
            for (const step of [499, 1, 999, 1, 1999, 1]) {
              yield* TestClock.adjust(step)
              yield* settle()
              seen.push(raw.lines.filter((l) => l.startsWith('SIP/2.0 200')).length)
            }
            // No ACK by Timer H (64·T1): bob gives up with a BYE, which nobody answers (Timer F); then it can shut down.
            for (let i = 0; i < 14; i++) {
              yield* TestClock.adjust(5_000)
              yield* settle(5)
            }
            expect(raw.lines.some((l) => l.startsWith('BYE '))).toBe(true)
            return seen
          }),
        ).pipe(Effect.provide(TestContext.TestContext), Effect.provide(quiet)),
      )
      expect(counts).toEqual([1, 1, 2, 2, 3, 3, 4])
    } finally {
      raw.socket.close()
    }
  }, 20_000)

  it('a slow media engine: what arrives while its work is under way waits behind it, so every event and instruction stays in order', async () => {
    const order: Array<string> = []
    const slowMedia: MediaPort = {
      apply: (m: MediaInstruction) => Effect.zipRight(Effect.sleep(40), Effect.sync(() => void order.push(`media ${m.type}`))),
      stats: () => Effect.succeed(undefined),
    }
    const result = await runLive(
      Effect.gen(function* () {
        const alice = yield* startUa('alice')
        const layers = Layer.merge(transportLayer({ listen: [spec('udp:127.0.0.1:0')] }), Layer.succeed(Media, slowMedia))
        const context = yield* Layer.buildWithScope(layers, yield* Effect.scope)
        const bob = yield* makeUaRuntime({ config: { user: 'bob', keepaliveMs: 0, autoAnswerMs: 0 } }).pipe(Effect.provide(context))
        const bobSeen: Array<RuntimeEvent> = []
        yield* bob.onEvent((e) => {
          bobSeen.push(e)
          if (e.type !== 'log') order.push(`event ${e.type}`)
        })
        const call = (yield* alice.rt.execute({ type: 'dial', target: bob.uri })).newCalls[0]!
        yield* alice.next(isEvent('answered', call), 'answered')
        // The ACK and the BYE reach bob while his loop still waits on the media engine.
        yield* alice.rt.execute({ type: 'hangup', call })
        yield* alice.next(isEvent('ended', call), 'ended')
        for (let i = 0; i < 100 && !bobSeen.some((e) => e.type === 'ended'); i++) yield* Effect.sleep(20)
        return order
      }),
    )
    expect(result.filter((x) => x.startsWith('event ') && x !== 'event media')).toEqual(['event incoming', 'event answered', 'event ended'])
    // The stream opens before the call is answered to the application and closes before it ends.
    expect(result.indexOf('media open')).toBeLessThan(result.indexOf('event ended'))
    expect(result.indexOf('media close')).toBeGreaterThan(result.indexOf('media open'))
    expect(result.indexOf('media close')).toBeLessThan(result.indexOf('event ended'))
  })
})
