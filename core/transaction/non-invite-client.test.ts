import { describe, expect, it } from 'vitest'
import type { TransportName } from './endpoint.ts'
import { emptyLayer } from './layer.ts'
import { nonInviteClient } from './non-invite-client.ts'
import { feed, harness, runUntil, sentMessages, type Harness } from './testing/harness.ts'
import { bob, request, responseTo } from './testing/messages.ts'
import { clientTransactionId } from './transaction-id.ts'

const bye = request({ method: 'BYE', toTag: 'a6c85cf' })
const id = clientTransactionId('BYE', 'z9hG4bK776asdhds')

const start = (transport: TransportName = 'udp'): Harness =>
  feed(harness(emptyLayer()), { type: 'send-request', at: 0, request: bye, destination: bob, transport })

const receive = (h: Harness, at: number, status: number): Harness =>
  feed(h, { type: 'receive-response', at, response: responseTo(bye, status), source: bob, transport: 'udp' })

describe('non-INVITE client table (RFC 3261 §17.1.2)', () => {
  it('starts in Trying with E = T1 and F = 64*T1', () => {
    expect(nonInviteClient.initial).toEqual({
      next: 'Trying',
      actions: [{ type: 'send-request' }, { type: 'start', timer: 'E', after: 'T1' }, { type: 'start', timer: 'F', after: '64*T1' }],
    })
  })
  it('E doubles with a cap in Trying and is T2 in Proceeding', () => {
    expect(nonInviteClient.table.Trying['timer-E'].actions).toContainEqual({ type: 'start', timer: 'E', after: 'double-capped' })
    expect(nonInviteClient.table.Proceeding['timer-E'].actions).toContainEqual({ type: 'start', timer: 'E', after: 'T2' })
  })
  it('a final in Trying or Proceeding goes to Completed with K', () => {
    for (const s of ['Trying', 'Proceeding'] as const) {
      expect(nonInviteClient.table[s]['200-699'].next).toBe('Completed')
      expect(nonInviteClient.table[s]['200-699'].actions).toContainEqual({ type: 'start', timer: 'K', after: 'T4' })
    }
    expect(nonInviteClient.table.Completed['200-699'].actions).toEqual([])
  })
})

describe('non-INVITE client transaction through the layer', () => {
  it('retransmits at 0.5, 1, 2, 4, 4 s … and times out with F at 32 s', () => {
    const h = runUntil(start(), 40_000)
    const times = sentMessages(h).map((s) => s.at)
    expect(times.slice(0, 7)).toEqual([0, 500, 1_500, 3_500, 7_500, 11_500, 15_500])
    expect(times.every((t) => t < 32_000)).toBe(true)
    expect(h.log.map((e) => e.output)).toContainEqual({ type: 'timeout', transaction: id, timer: 'F' })
    expect(h.layer.transactions.size).toBe(0)
    expect(h.timers.size).toBe(0)
  })

  it('in Proceeding the next E after firing is T2', () => {
    let h = runUntil(start(), 600) // sends at 0, 500; E due at 1500
    h = receive(h, 700, 100)
    expect(h.layer.transactions.get(id)?.state).toBe('Proceeding')
    h = runUntil(h, 10_000)
    expect(sentMessages(h).map((s) => s.at)).toEqual([0, 500, 1_500, 5_500, 9_500])
  })

  it('a 200 completes it; K = T4 on UDP absorbs retransmissions, then Terminated', () => {
    let h = receive(start(), 100, 200)
    expect(h.layer.transactions.get(id)?.state).toBe('Completed')
    expect([...h.timers.entries()]).toEqual([[`tx/${id}/K`, 5_100]])
    const responses = () => h.log.filter((e) => e.output.type === 'response').length
    h = receive(h, 200, 200)
    expect(responses()).toBe(1)
    h = runUntil(h, 5_100)
    expect(h.layer.transactions.size).toBe(0)
  })

  it('on TCP: no E, and K = 0 ends it as soon as the final arrives', () => {
    let h = start('tcp')
    expect([...h.timers.keys()]).toEqual([`tx/${id}/F`])
    h = receive(h, 100, 404)
    expect(h.layer.transactions.size).toBe(0)
    expect(h.timers.size).toBe(0)
  })
})
