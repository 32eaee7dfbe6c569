import { createSocket } from 'node:dgram'
import { describe, expect, it } from 'vitest'
import { Effect, TestClock, TestContext } from 'effect'
import { quiet, startUa } from './testing/runtime-harness.ts'

/** Real time, for UDP datagrams to arrive while the virtual clock stands still. */
const settle = (ms = 60) => Effect.promise(() => new Promise<void>((r) => setTimeout(r, ms)))

describe('timer driver on the Effect Clock', () => {
  it('retransmits an unanswered INVITE at 0.5, 1, 2 and 4 s of virtual time (Timer A, RFC 3261 §17.1.1.2)', async () => {
    const sink = createSocket('udp4')
    const arrivals: Array<string> = []
    sink.on('message', (m) => arrivals.push(m.toString('latin1').split('\r\n')[0]!))
    await new Promise<void>((r) => sink.bind(0, '127.0.0.1', r))
    const port = sink.address().port
    try {
      const r = await Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const alice = yield* startUa('alice')
            yield* alice.rt.execute({ type: 'dial', target: `sip:nobody@127.0.0.1:${port}` })
            const counts: Array<number> = []
            for (const step of [0, 499, 1, 999, 1, 1999, 1, 3999, 1]) {
              yield* TestClock.adjust(step)
              yield* settle()
              counts.push(arrivals.length)
            }
            // Step to each deadline in turn (sends are real I/O between virtual instants).
            // Timer B (64*T1 = 32 s) gives up on the INVITE: the call ends in a timeout.
            for (let i = 0; i < 8; i++) {
              yield* TestClock.adjust(4_000)
              yield* settle()
            }
            return { counts, ended: alice.seen.filter((e) => e.type === 'ended'), calls: yield* alice.rt.calls }
          }),
        ).pipe(Effect.provide(TestContext.TestContext), Effect.provide(quiet)),
      )
      // at t = 0, 499, 500, 1499, 1500, 3499, 3500, 7499, 7500
      expect(r.counts).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5])
      expect(arrivals.every((l) => l.startsWith('INVITE '))).toBe(true)
      // INVITE intervals keep doubling (T2 caps only Timer E): 15.5 and 31.5 s, then Timer B at 32 s.
      expect(arrivals.length).toBe(7)
      expect(r.ended).toMatchObject([{ type: 'ended', reason: 'timeout' }])
    } finally {
      sink.close()
    }
  })
})
