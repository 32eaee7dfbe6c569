/**
 * How long a call may ring, on both sides (`ringTimeoutMs`): the caller CANCELs (§9.1),
 * the callee declines with 480 (§21.4.18), so a peer that vanished mid-ring leaves
 * nothing behind.
 */
import { describe, expect, it } from 'vitest'
import { isQuiescent } from './state.ts'
import { isRequest, isResponse, makeUaNet } from './testing/ua-net.ts'

const aliceCallsBob = (alice: { readonly ringTimeoutMs: number }, bob: { readonly ringTimeoutMs: number }) => {
  const net = makeUaNet([
    { name: 'alice', address: '192.0.2.1', config: { ...alice, keepaliveMs: 0 } },
    { name: 'bob', address: '192.0.2.2', config: { ...bob, keepaliveMs: 0 } },
  ])
  net.command('alice', { type: 'dial', target: 'sip:bob@192.0.2.2:5060' })
  return net
}

describe('ringTimeoutMs', () => {
  it('the callee declines a call nobody answered with 480 and ends it as timeout', () => {
    const net = aliceCallsBob({ ringTimeoutMs: 1_000_000 }, { ringTimeoutMs: 60_000 })
    net.runUntil(59_000)
    expect(net.sends.filter((w) => w.from === 'bob' && isResponse(w, 'INVITE', 480))).toEqual([])
    net.runUntil(400_000)
    const declined = net.sends.filter((w) => w.from === 'bob' && isResponse(w, 'INVITE', 480))
    expect(declined.length).toBeGreaterThan(0)
    expect(declined[0]!.at).toBe(60_000 + 10)
    expect(net.eventsOf('bob').at(-1)).toEqual({ type: 'ended', call: 'c1', reason: 'timeout', status: 480 })
    expect(net.eventsOf('alice').at(-1)).toMatchObject({ type: 'ended', call: 'c1', status: 480 })
    expect(net.nodes.every((n) => isQuiescent(n.ua))).toBe(true)
    expect(net.problems).toEqual([])
  })

  it('the caller cancels first when its limit is the shorter', () => {
    const net = aliceCallsBob({ ringTimeoutMs: 30_000 }, { ringTimeoutMs: 60_000 })
    net.runUntil(400_000)
    expect(net.sends.some((w) => w.from === 'alice' && isRequest(w, 'CANCEL'))).toBe(true)
    expect(net.sends.some((w) => w.from === 'bob' && isResponse(w, 'INVITE', 480))).toBe(false)
    expect(net.eventsOf('bob').at(-1)).toMatchObject({ type: 'ended', call: 'c1', reason: 'cancelled' })
  })

  it('an answered call is never declined later', () => {
    const net = aliceCallsBob({ ringTimeoutMs: 1_000_000 }, { ringTimeoutMs: 60_000 })
    net.runUntil(50_000)
    net.command('bob', { type: 'answer', call: 'c1' })
    net.runUntil(200_000)
    expect(net.sends.some((w) => w.from === 'bob' && isResponse(w, 'INVITE', 480))).toBe(false)
    expect(net.eventsOf('bob').filter((e) => e.type === 'ended')).toEqual([])
  })
})
