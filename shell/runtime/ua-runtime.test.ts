import { describe, expect, it } from 'vitest'
import { Effect } from 'effect'
import { callOf, isEvent, runLive, startUa } from './testing/runtime-harness.ts'

const callWithHold = (transport: 'udp' | 'tcp') =>
  runLive(
    Effect.gen(function* () {
      const listen = [`${transport}:127.0.0.1:0`]
      const alice = yield* startUa('alice', listen, { transport })
      const bob = yield* startUa('bob', listen, { transport, autoAnswerMs: 0 })
      const report = yield* alice.rt.execute({ type: 'dial', target: bob.rt.uri })
      const call = report.newCalls[0]!
      yield* alice.next(isEvent('answered', call), 'answered')
      const incoming = yield* bob.next(isEvent('incoming'), 'incoming')
      const bobCall = callOf(incoming)
      yield* bob.next(isEvent('answered', bobCall), 'answered')
      yield* alice.rt.execute({ type: 'hold', call })
      yield* alice.next(isEvent('held', call), 'held')
      yield* bob.next(isEvent('held', bobCall), 'held (remote)')
      yield* alice.rt.execute({ type: 'resume', call })
      yield* alice.next(isEvent('resumed', call), 'resumed')
      yield* bob.next(isEvent('resumed', bobCall), 'resumed (remote)')
      yield* alice.rt.execute({ type: 'hangup', call })
      const ended = yield* bob.next(isEvent('ended', bobCall), 'ended')
      expect(ended).toMatchObject({ reason: 'remote-hangup' })
      yield* alice.next(isEvent('ended', call), 'ended')
      return alice.seen.filter((e) => e.type === 'error')
    }),
  )

describe('ua runtime on loopback', () => {
  it('calls, holds, resumes and hangs up over UDP', async () => {
    expect(await callWithHold('udp')).toEqual([])
  })
  it('calls, holds, resumes and hangs up over TCP', async () => {
    expect(await callWithHold('tcp')).toEqual([])
  })
})
