import { describe, expect, it } from 'vitest'
import { Deferred, Effect, Fiber } from 'effect'
import { isEvent, runLive, startUa, type TestUa } from './testing/runtime-harness.ts'

describe('graceful shutdown', () => {
  it('sends BYE for an answered call when the runtime is interrupted', async () => {
    const result = await runLive(
      Effect.gen(function* () {
        const bob = yield* startUa('bob', undefined, { autoAnswerMs: 0 })
        const ready = yield* Deferred.make<TestUa>()
        const aliceFiber = yield* Effect.fork(
          Effect.scoped(
            Effect.gen(function* () {
              const alice = yield* startUa('alice')
              yield* Deferred.succeed(ready, alice)
              return yield* Effect.never
            }),
          ),
        )
        const alice = yield* Deferred.await(ready)
        const { newCalls } = yield* alice.rt.execute({ type: 'dial', target: bob.rt.uri })
        yield* alice.next(isEvent('answered', newCalls[0]), 'answered')
        yield* bob.next(isEvent('answered'), 'answered')
        const started = Date.now()
        yield* Fiber.interrupt(aliceFiber)
        const elapsed = Date.now() - started
        const bobEnded = yield* bob.next(isEvent('ended'), 'ended', 1_000)
        return { elapsed, bobEnded, aliceEnded: alice.seen.find((e) => e.type === 'ended') }
      }),
    )
    expect(result.bobEnded).toMatchObject({ reason: 'remote-hangup' })
    expect(result.aliceEnded).toMatchObject({ reason: 'local-hangup' })
    expect(result.elapsed).toBeLessThan(4_000)
  })

  it('shutdown() cancels a call still ringing and is idempotent', async () => {
    const ended = await runLive(
      Effect.gen(function* () {
        const bob = yield* startUa('bob')
        const alice = yield* startUa('alice')
        const { newCalls } = yield* alice.rt.execute({ type: 'dial', target: bob.rt.uri })
        yield* bob.next(isEvent('incoming'), 'incoming')
        yield* alice.next(isEvent('progress', newCalls[0]), 'progress')
        yield* Effect.all([alice.rt.shutdown, alice.rt.shutdown], { concurrency: 2 })
        yield* bob.next(isEvent('ended'), 'ended', 2_000)
        return alice.seen.find((e) => e.type === 'ended')
      }),
    )
    expect(ended).toMatchObject({ reason: 'cancelled' })
  })
})
