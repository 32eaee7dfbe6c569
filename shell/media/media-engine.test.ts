/**
 * Media engines talking RTP over 127.0.0.1 (ports from bind 0), in real time:
 * every test lasts well under two seconds and closes all it opened.
 */
import dgram from 'node:dgram'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Effect, Exit, Logger, type Scope } from 'effect'
import { describe, expect, it } from 'vitest'
import type { HostPort, MediaInstruction } from '../../core/ua/io.ts'
import { makeMedia, mediaLayer, type MediaEngine, type MediaEngineStats } from './media-engine.ts'
import { Media } from '../runtime/media-port.ts'
import { toneSource } from './sample-source.ts'
import { rms, zeroCrossingHz } from './tone-estimate.ts'
import { encodeWav } from './wav.ts'

const PCMU = { name: 'PCMU', payloadType: 0, clockRate: 8000 }
const PCMA = { name: 'PCMA', payloadType: 8, clockRate: 8000 }
const ANY: HostPort = { address: '127.0.0.1', port: 0 }
const NOWHERE: HostPort = { address: '0.0.0.0', port: 0 }

type OpenOrUpdate = Extract<MediaInstruction, { type: 'open' | 'update' }>

const open = (stream: string, fields: Partial<OpenOrUpdate> = {}): OpenOrUpdate => ({
  type: 'open',
  stream,
  call: `call-${stream}`,
  local: ANY,
  remote: NOWHERE,
  codec: PCMU,
  direction: 'sendrecv',
  ...fields,
})

const run = <A, E>(program: Effect.Effect<A, E, Scope.Scope>): Promise<A> =>
  Effect.runPromise(Effect.scoped(program).pipe(Logger.withMinimumLogLevel('None' as never)))

const statsOf = (engine: MediaEngine, stream: string) =>
  Effect.flatMap(engine.stats(`call-${stream}`), (s) => (s === undefined ? Effect.die(`no stats for ${stream}`) : Effect.succeed(s)))

const localOf = (engine: MediaEngine, stream: string) => Effect.map(statsOf(engine, stream), (s) => s.local as HostPort)

const sleep = (ms: number) => Effect.sleep(`${ms} millis`)

/** Counters of several streams at once. */
const counts = (pairs: readonly (readonly [MediaEngine, string])[]) =>
  Effect.forEach(pairs, ([engine, stream]) =>
    Effect.map(statsOf(engine, stream), (s: MediaEngineStats) => ({ sent: s.packetsSent, received: s.packetsReceived, ignored: s.packetsIgnored })),
  )

/** A opens `a` sending to B's `b`; B's `b` sends back to `a`. */
const pair = (a: MediaEngine, b: MediaEngine, codec = PCMU, directions: readonly ['sendrecv' | 'sendonly' | 'recvonly', 'sendrecv' | 'sendonly' | 'recvonly'] = ['sendrecv', 'sendrecv']) =>
  Effect.gen(function* () {
    yield* b.applyOrFail(open('b', { codec, direction: 'recvonly' }))
    const bAt = yield* localOf(b, 'b')
    yield* a.applyOrFail(open('a', { codec, remote: bAt, direction: directions[0] }))
    const aAt = yield* localOf(a, 'a')
    yield* b.applyOrFail({ ...open('b', { codec, remote: aAt, direction: directions[1] }), type: 'update' })
    return { aAt, bAt }
  })

/** Open UDP handles, once closes in progress have completed (libuv closes on the next loop turn). */
const udpHandles = () =>
  new Promise<number>((resolve) =>
    setTimeout(() => resolve(process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length), 20),
  )
const udpHandlesNow = Effect.promise(udpHandles)

describe('Media over loopback', () => {
  for (const codec of [PCMU, PCMA]) {
    it(`carries a 440 Hz tone in ${codec.name}, 20 ms packets, no loss`, { timeout: 5000 }, () =>
      run(
        Effect.gen(function* () {
          const a = yield* makeMedia({ source: { type: 'tone', hz: 440, amplitude: 0.5 } })
          const b = yield* makeMedia({ recordMs: 1000 })
          const { aAt } = yield* pair(a, b, codec, ['sendonly', 'recvonly'])
          yield* sleep(600)
          const heard = yield* b.audio('call-b')
          const sa = yield* statsOf(a, 'a')
          const sb = yield* statsOf(b, 'b')

          expect(heard.length % 160).toBe(0) // whole 20 ms frames
          expect(heard.length).toBeGreaterThanOrEqual(20 * 160)
          expect(zeroCrossingHz(heard, 8000)).toBeGreaterThan(430)
          expect(zeroCrossingHz(heard, 8000)).toBeLessThan(450)
          expect(rms(heard) / ((0.5 * 32767) / Math.SQRT2)).toBeCloseTo(1, 1)

          // ~50 packets a second, all of them arriving, from A's bound port.
          expect(sa.packetsSent).toBeGreaterThanOrEqual(25)
          expect(sa.packetsSent).toBeLessThanOrEqual(35)
          expect(sb.packetsReceived).toBeGreaterThanOrEqual(sa.packetsSent - 1)
          expect(sb.lost).toBe(0)
          expect(sb.lastSender).toEqual(aAt)
          expect(sb.jitterMs).toBeLessThan(40)
          expect(sb.packetsSent).toBe(0)
          expect(sa.packetsReceived).toBe(0)
        }),
      ),
    )
  }

  it('hold directions stop and restart sending without rebinding', { timeout: 5000 }, () =>
    run(
      Effect.gen(function* () {
        const a = yield* makeMedia({ source: { type: 'tone', hz: 440 } })
        const b = yield* makeMedia({ source: { type: 'tone', hz: 660 } })
        const { aAt, bAt } = yield* pair(a, b)
        const both = [[a, 'a'], [b, 'b']] as const
        const update = (engine: MediaEngine, stream: 'a' | 'b', direction: OpenOrUpdate['direction']) =>
          engine.applyOrFail({ ...open(stream, { remote: stream === 'a' ? bAt : aAt, direction }), type: 'update' })
        /** Counters after `ms`, taken after letting packets in flight land. */
        const window = (ms: number) =>
          Effect.gen(function* () {
            yield* sleep(60)
            const before = yield* counts(both)
            yield* sleep(ms)
            const after = yield* counts(both)
            return before.map((x, i) => ({
              sent: (after[i]?.sent ?? 0) - x.sent,
              received: (after[i]?.received ?? 0) - x.received,
              ignored: (after[i]?.ignored ?? 0) - x.ignored,
            }))
          })

        const talking = yield* window(200)
        expect(talking.every((d) => d.sent >= 5 && d.received >= 5)).toBe(true)

        // A holds B (RFC 3264 §8.4): A sendonly, B recvonly. Only A's audio flows.
        yield* update(b, 'b', 'recvonly')
        yield* update(a, 'a', 'sendonly')
        const [aHold, bHold] = yield* window(200)
        expect(bHold).toMatchObject({ sent: 0 })
        expect(bHold?.received).toBeGreaterThanOrEqual(5)
        expect(aHold).toMatchObject({ received: 0 })

        // A inactive: A sends nothing and ignores what B (wrongly sendonly) still sends.
        yield* update(a, 'a', 'inactive')
        yield* update(b, 'b', 'sendonly')
        const [aOff, bOff] = yield* window(200)
        expect(aOff).toMatchObject({ sent: 0, received: 0 })
        expect(aOff?.ignored).toBeGreaterThanOrEqual(5)
        expect(bOff).toMatchObject({ received: 0 })
        expect(bOff?.sent).toBeGreaterThanOrEqual(5)

        // Resume.
        yield* update(b, 'b', 'sendrecv')
        yield* update(a, 'a', 'sendrecv')
        const resumed = yield* window(200)
        expect(resumed.every((d) => d.sent >= 5 && d.received >= 5)).toBe(true)

        // Same sockets throughout; the silent and ignored periods are not counted as loss.
        expect((yield* statsOf(a, 'a')).local).toEqual(aAt)
        expect((yield* statsOf(b, 'b')).lastSender).toEqual(aAt)
        expect((yield* statsOf(a, 'a')).lastSender).toEqual(bAt)
        expect((yield* statsOf(b, 'b')).lost).toBe(0)
        expect((yield* statsOf(a, 'a')).lost).toBe(0)
      }),
    ),
  )

  it('an update to a new remote moves the RTP to the new peer (transfer)', { timeout: 5000 }, () =>
    run(
      Effect.gen(function* () {
        const transferee = yield* makeMedia({ source: { type: 'tone', hz: 440 } })
        const transferor = yield* makeMedia({})
        const target = yield* makeMedia({ recordMs: 500 })
        const { aAt } = yield* pair(transferee, transferor)
        yield* target.applyOrFail(open('t', { remote: aAt }))
        const targetAt = yield* localOf(target, 't')
        yield* sleep(150)
        expect((yield* statsOf(transferor, 'b')).packetsReceived).toBeGreaterThanOrEqual(3)
        expect((yield* statsOf(target, 't')).packetsReceived).toBe(0)

        // The transferor stops talking (it will hang up) but keeps counting what reaches it.
        yield* transferor.applyOrFail({ ...open('b', { remote: aAt, direction: 'recvonly' }), type: 'update' })
        yield* transferee.applyOrFail({ ...open('a', { remote: targetAt }), type: 'update' })
        yield* sleep(60)
        const oldPeerBefore = (yield* statsOf(transferor, 'b')).packetsReceived
        yield* sleep(300)
        const oldPeer = yield* statsOf(transferor, 'b')
        const newPeer = yield* statsOf(target, 't')
        const moved = yield* statsOf(transferee, 'a')

        expect(oldPeer.packetsReceived).toBe(oldPeerBefore)
        expect(newPeer.packetsReceived).toBeGreaterThanOrEqual(10)
        expect(newPeer.lastSender).toEqual(aAt) // same socket, not rebound
        expect(newPeer.lost).toBe(0)
        expect(moved.local).toEqual(aAt)
        expect(moved.remote).toEqual(targetAt)
        expect(zeroCrossingHz(yield* target.audio('call-t'), 8000)).toBeCloseTo(440, -1.5)
        // The target's RTP reaches the transferee as a new source: totals carry, nothing counted lost.
        expect(moved.lastSender).toEqual(targetAt)
        expect(moved.lost).toBe(0)
      }),
    ),
  )

  it('close ends a stream and frees its port; the end of the scope closes everything', { timeout: 5000 }, async () => {
    const baseline = await udpHandles()
    const port = await run(
      Effect.gen(function* () {
        const a = yield* makeMedia({ source: { type: 'tone', hz: 440 } })
        const b = yield* makeMedia({})
        const { aAt } = yield* pair(a, b)
        yield* a.applyOrFail(open('a2', { call: 'call-a' })) // a second stream of the same call
        expect(yield* udpHandlesNow).toBe(baseline + 3)
        yield* sleep(120)
        yield* a.applyOrFail({ type: 'close', stream: 'a', call: 'call-a' })
        yield* a.applyOrFail({ type: 'close', stream: 'a2', call: 'call-a' })
        yield* a.applyOrFail({ type: 'close', stream: 'a2', call: 'call-a' }) // twice: harmless
        const final = yield* statsOf(a, 'a')
        expect(final.active).toBe(false)
        expect(final.packetsSent).toBeGreaterThanOrEqual(3)
        expect(yield* udpHandlesNow).toBe(baseline + 1)
        // The port is free again.
        yield* Effect.acquireRelease(
          Effect.async<dgram.Socket>((resume) => {
            const s = dgram.createSocket('udp4')
            s.bind(aAt.port, aAt.address, () => {
              resume(Effect.succeed(s))
            })
          }),
          (s) =>
            Effect.async<void>((resume) => {
              s.close(() => resume(Effect.void))
            }),
        )
        return (yield* statsOf(b, 'b')).local?.port
      }),
    )
    expect(port).toBeGreaterThan(0)
    expect(await udpHandles()).toBe(baseline)
  })

  it('reports what it cannot do: unknown codec, port in use, unusable WAV', { timeout: 5000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sipxfer-media-'))
    try {
      const stereo = encodeWav(new Int16Array(16))
      new DataView(stereo.buffer).setUint16(22, 2, true)
      await writeFile(join(dir, 'stereo.wav'), stereo)
      const built = await Effect.runPromiseExit(Effect.scoped(buildWithWav(join(dir, 'stereo.wav'))))
      expect(Exit.isFailure(built) && JSON.stringify(built.cause)).toMatch(/stereo\.wav: unsupported WAV: 2 channels \(need mono\)/)

      await run(
        Effect.gen(function* () {
          const a = yield* makeMedia({})
          const opus = yield* Effect.flip(a.applyOrFail(open('x', { codec: { name: 'opus', payloadType: 111, clockRate: 48000 } })))
          expect(opus.reason).toBe('codec opus not supported (PCMU and PCMA only)')
          yield* a.apply(open('x', { codec: { name: 'opus', payloadType: 111, clockRate: 48000 } })) // logged, not failed
          expect(yield* a.stats('call-x')).toBeUndefined()

          yield* a.applyOrFail(open('y'))
          const taken = yield* localOf(a, 'y')
          const clash = yield* Effect.flip(a.applyOrFail(open('z', { local: taken })))
          expect(clash.reason).toMatch(/^cannot bind 127\.0\.0\.1:\d+: .*EADDRINUSE/)
        }),
      )
    } finally {
      await rm(dir, { recursive: true })
    }
  })

  it('serves the Media tag from a layer playing a WAV file', { timeout: 5000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sipxfer-media-'))
    try {
      const path = join(dir, 'tone.wav')
      await writeFile(path, encodeWav(toneSource(1000, 8000, 0.3)(0, 8000)))
      await run(
        Effect.gen(function* () {
          const listener = yield* makeMedia({ recordMs: 500 })
          yield* listener.applyOrFail(open('l', { direction: 'recvonly' }))
          const listenerAt = yield* localOf(listener, 'l')
          const media = yield* Media
          yield* media.apply(open('w', { remote: listenerAt, direction: 'sendonly', codec: PCMA }))
          yield* sleep(400)
          const sent = yield* media.stats('call-w')
          expect(sent?.packetsSent).toBeGreaterThanOrEqual(10)
          expect(zeroCrossingHz(yield* listener.audio('call-l'), 8000)).toBeCloseTo(1000, -1.5)
        }).pipe(Effect.provide(mediaLayer({ source: { type: 'wav', path } }))),
      )
    } finally {
      await rm(dir, { recursive: true })
    }
  })
})

function buildWithWav(path: string) {
  return Effect.flatMap(Media, () => Effect.void).pipe(Effect.provide(mediaLayer({ source: { type: 'wav', path } })))
}
