/**
 * Phones with real RTP on loopback (shell/media's engine, not noMediaLayer): the `ended`
 * event carries the call's RFC 3550 receive statistics, and after a blind transfer the
 * transferee's RTP goes to the target and no longer to the transferor. Each phone's engine
 * is kept so the test can look at its streams.
 */
import { Effect, Layer } from 'effect'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultCodecs } from '../../core/ua/index.ts'
import { makeMedia, type MediaEngine } from '../media/index.ts'
import { Media, type MediaStats } from '../runtime/index.ts'
import { createPhone, type Phone } from './create-phone.ts'

const open: Array<Phone> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()))
})

/** An RTP port base of its own (even, RFC 3550 §11), away from other tests'. */
const portBase = (): number => 30_000 + 2 * Math.floor(Math.random() * 4_000)

const phoneWithMedia = async (user: string, options: { readonly autoAnswerMs?: number } = {}): Promise<{ readonly phone: Phone; readonly engine: () => MediaEngine }> => {
  let engine: MediaEngine | undefined
  const media = Layer.scoped(
    Media,
    Effect.tap(makeMedia({ source: { type: 'tone', hz: 440 } }), (e) => Effect.sync(() => void (engine = e))),
  )
  const phone = await createPhone({ user, logLevel: 'none', media, config: { media: { portBase: portBase(), codecs: defaultCodecs } }, ...options })
  open.push(phone)
  return { phone, engine: () => engine! }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const streams = (engine: MediaEngine) => Effect.runPromise(engine.streams)
const statsOf = (engine: MediaEngine, call: string) => Effect.runPromise(engine.stats(call))

/** Plausible figures for a call that carried media on loopback for a while. */
const expectHealthy = (stats: MediaStats | undefined, atLeast: number): void => {
  expect(stats).toBeDefined()
  expect(stats!.active).toBe(false) // final figures: the streams were closed
  expect(stats!.packetsSent).toBeGreaterThanOrEqual(atLeast)
  expect(stats!.packetsReceived).toBeGreaterThanOrEqual(atLeast)
  expect(stats!.lost).toBe(0) // loopback loses nothing
  expect(stats!.jitterMs).toBeGreaterThanOrEqual(0)
  expect(stats!.jitterMs).toBeLessThan(100)
}

describe('phones with RTP on loopback', () => {
  it('`ended` carries the media statistics of the call (RFC 3550 §6.4.1, §A.3, §A.8)', { timeout: 10_000 }, async () => {
    const alice = await phoneWithMedia('alice')
    const bob = await phoneWithMedia('bob', { autoAnswerMs: 0 })
    const answered = alice.phone.waitFor('answered')
    const call = await alice.phone.dial(bob.phone.uri)
    await answered
    await sleep(600) // 20 ms packets: about 30 each way
    const aliceEnded = alice.phone.waitFor('ended', (e) => e.call === call)
    const bobEnded = bob.phone.waitFor('ended')
    await alice.phone.hangup(call)
    const [a, b] = await Promise.all([aliceEnded, bobEnded])
    expectHealthy(a.media, 10)
    expectHealthy(b.media, 10)
    // Each side received what the other sent, from the other's RTP address.
    expect(a.media!.lastSender).toEqual(b.media!.local)
    expect(b.media!.lastSender).toEqual(a.media!.local)
  })

  it('after a blind transfer the transferee’s RTP reaches the target and stops going to the transferor', { timeout: 15_000 }, async () => {
    const alice = await phoneWithMedia('alice')
    const bob = await phoneWithMedia('bob', { autoAnswerMs: 0 })
    const charlie = await phoneWithMedia('charlie', { autoAnswerMs: 0 })
    const bobAnswered = bob.phone.waitFor('answered')
    const aliceAnswered = alice.phone.waitFor('answered')
    const original = await alice.phone.dial(bob.phone.uri)
    const { call: bobCall } = await bobAnswered
    await aliceAnswered
    await sleep(300)
    // Before: alice's one stream sends to bob's RTP address, and bob hears alice.
    const [before] = await streams(alice.engine())
    const [bobStream] = await streams(bob.engine())
    expect(before?.remote).toEqual(bobStream?.local)
    expect(bobStream?.packetsReceived).toBeGreaterThan(0)

    const succeeded = alice.phone.waitFor('transferSucceeded', (e) => e.call === original)
    const charlieAnswered = charlie.phone.waitFor('answered')
    const bobEnded = bob.phone.waitFor('ended', (e) => e.call === bobCall)
    const aliceEnded = alice.phone.waitFor('ended', (e) => e.call === original)
    await bob.phone.transfer(bobCall, charlie.phone.uri)
    const { newCall } = await succeeded
    const { call: charlieCall } = await charlieAnswered
    const bobFinal = (await bobEnded).media
    await aliceEnded
    await sleep(400)

    // alice now has the new call's stream only, aimed at charlie's RTP address.
    const after = await streams(alice.engine())
    const [charlieStream] = await streams(charlie.engine())
    expect(after.map((s) => s.call)).toEqual([newCall])
    expect(after[0]!.remote).toEqual(charlieStream!.local)
    expect(after[0]!.packetsSent).toBeGreaterThan(0)
    // charlie receives it, from alice's stream, and loses nothing.
    const atCharlie = await statsOf(charlie.engine(), charlieCall)
    expect(atCharlie?.packetsReceived).toBeGreaterThanOrEqual(10)
    expect(atCharlie?.lastSender).toEqual(after[0]!.local)
    expect(atCharlie?.lost).toBe(0)
    // bob's side is closed: no stream left, and its final count stops growing.
    expect(await streams(bob.engine())).toEqual([])
    expect(bobFinal?.active).toBe(false)
    expect(bobFinal?.packetsReceived).toBeGreaterThan(0)
    await sleep(200)
    expect((await statsOf(bob.engine(), bobCall))?.packetsReceived).toBe(bobFinal?.packetsReceived)
    // Nothing of alice's is aimed at bob any more.
    expect(after.some((s) => s.remote.port === bobStream!.local.port)).toBe(false)
  })
})
