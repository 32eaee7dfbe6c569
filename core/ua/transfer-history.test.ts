/**
 * A call's transfer history (Call.transfers), and how the application sees it: on the
 * call's `ended` event, and in the shell's call list (shell/runtime/call-summary.test.ts).
 */
import { describe, expect, it } from 'vitest'
import { makeUaNet, type UaNet } from './testing/ua-net.ts'

const bobUri = 'sip:bob@192.0.2.2:5060'
const charlieUri = 'sip:charlie@192.0.2.3:5060'

/** alice calls bob, bob answers; charlie is the target (answering after 500 ms unless told otherwise). */
const callUp = (charlieAnswers = true): UaNet => {
  const n = makeUaNet([
    { name: 'alice', address: '192.0.2.1', config: { keepaliveMs: 0 } },
    { name: 'bob', address: '192.0.2.2', config: { keepaliveMs: 0, autoAnswerMs: 500 } },
    { name: 'charlie', address: '192.0.2.3', config: { keepaliveMs: 0, ...(charlieAnswers ? { autoAnswerMs: 500 } : {}) } },
  ])
  n.command('alice', { type: 'dial', target: bobUri, call: 'c1' })
  n.runUntil(1000)
  expect(n.ua('bob')?.calls.get('c1')?.state).toBe('Confirmed')
  return n
}

describe('transfer history', () => {
  it('a blind transfer that succeeded is in both calls\' history, and on their ended events', () => {
    const n = callUp()
    n.command('bob', { type: 'transfer', call: 'c1', target: charlieUri })
    expect(n.ua('bob')?.calls.get('c1')?.transfers).toMatchObject([{ role: 'transferor', kind: 'blind', outcome: 'pending' }])
    n.runUntil(15_000)
    const ended = (node: string) => n.eventsOf(node).find((e) => e.type === 'ended' && e.call === 'c1')
    expect(ended('bob')).toEqual({
      type: 'ended',
      call: 'c1',
      reason: 'transferred',
      transfers: [{ role: 'transferor', kind: 'blind', target: `<${charlieUri}>`, outcome: 'succeeded', status: 200 }],
    })
    expect(ended('alice')).toEqual({
      type: 'ended',
      call: 'c1',
      reason: 'remote-hangup',
      transfers: [{ role: 'transferee', kind: 'blind', target: charlieUri, outcome: 'succeeded', status: 200 }],
    })
    // The new call has no transfer of its own.
    expect(n.eventsOf('alice').filter((e) => e.type === 'ended' && e.call === 'c2')).toEqual([])
  })

  it('a failed transfer stays in the history of the call that goes on, with its status', () => {
    const n = callUp(false)
    n.command('bob', { type: 'transfer', call: 'c1', target: charlieUri })
    n.runUntil(2000)
    n.command('charlie', { type: 'reject', call: 'c1', status: 486 })
    n.runUntil(10_000)
    const failed = { role: 'transferor', kind: 'blind', target: `<${charlieUri}>`, outcome: 'failed', status: 486 }
    expect(n.ua('bob')?.calls.get('c1')?.transfers).toEqual([{ ...failed, subscription: expect.any(String) }])
    expect(n.ua('alice')?.calls.get('c1')?.transfers).toMatchObject([{ role: 'transferee', outcome: 'failed', status: 486 }])
    n.command('bob', { type: 'hangup', call: 'c1' })
    n.runUntil(12_000)
    expect(n.eventsOf('bob')).toContainEqual({ type: 'ended', call: 'c1', reason: 'local-hangup', transfers: [failed] })
  })

  it('a call without transfers ends without a history', () => {
    const n = callUp()
    n.command('bob', { type: 'hangup', call: 'c1' })
    n.runUntil(2000)
    expect(n.eventsOf('bob')).toContainEqual({ type: 'ended', call: 'c1', reason: 'local-hangup' })
  })
})
