import { describe, expect, it } from 'vitest'
import { Effect } from 'effect'
import { callOf, isEvent, runLive, startUa } from './testing/runtime-harness.ts'

describe('blind transfer among three runtimes over UDP', () => {
  it('bob transfers alice to charlie (RFC 5589 §6.1)', async () => {
    const r = await runLive(
      Effect.gen(function* () {
        const alice = yield* startUa('alice')
        const bob = yield* startUa('bob', undefined, { autoAnswerMs: 0 })
        const charlie = yield* startUa('charlie', undefined, { autoAnswerMs: 0 })
        const { newCalls } = yield* alice.rt.execute({ type: 'dial', target: bob.rt.uri })
        const aliceCall = newCalls[0] ?? ''
        yield* alice.next(isEvent('answered', aliceCall), 'answered')
        const incoming = yield* bob.next(isEvent('incoming'), 'incoming')
        const bobCall = callOf(incoming)
        yield* bob.next(isEvent('answered', bobCall), 'answered')
        yield* bob.rt.execute({ type: 'transfer', call: bobCall, target: charlie.rt.uri })
        const requested = yield* alice.next(isEvent('transferRequested', aliceCall), 'transferRequested')
        yield* charlie.next(isEvent('answered'), 'answered')
        yield* bob.next(isEvent('transferSucceeded', bobCall), 'transferSucceeded')
        const bobEnded = yield* bob.next(isEvent('ended', bobCall), 'ended')
        const aliceEnded = yield* alice.next(isEvent('ended', aliceCall), 'ended')
        const charlieIncoming = charlie.seen.find((e) => e.type === 'incoming')
        return { requested, bobEnded, aliceEnded, charlieIncoming, aliceCalls: yield* alice.rt.calls }
      }),
    )
    expect(r.requested).toMatchObject({ type: 'transferRequested' })
    expect(r.bobEnded).toMatchObject({ reason: 'transferred' })
    expect(r.charlieIncoming).toMatchObject({ type: 'incoming' })
    expect(r.aliceCalls.some((c) => c.state === 'Confirmed')).toBe(true)
  })
})
