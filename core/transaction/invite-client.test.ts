import { describe, expect, it } from 'vitest'
import { inviteClient } from './invite-client.ts'
import { emptyLayer, nextDeadline } from './layer.ts'
import { feed, harness, outputsSince, runUntil, sentMessages, type Harness } from './testing/harness.ts'
import { bob, request, responseTo } from './testing/messages.ts'
import { clientTransactionId } from './transaction-id.ts'
import type { TransportName } from './endpoint.ts'

const invite = request()
const id = clientTransactionId('INVITE', 'z9hG4bK776asdhds')

const start = (transport: TransportName = 'udp'): Harness =>
  feed(harness(emptyLayer()), { type: 'send-request', at: 0, request: invite, destination: bob, transport })

const receive = (h: Harness, at: number, status: number): Harness =>
  feed(h, { type: 'receive-response', at, response: responseTo(invite, status), source: bob, transport: 'udp' })

const stateOf = (h: Harness) => h.layer.transactions.get(id)?.state

describe('INVITE client table (RFC 3261 §17.1.1, RFC 6026 §8.4)', () => {
  it('starts in Calling: send, A = T1, B = 64*T1', () => {
    expect(inviteClient.initial.next).toBe('Calling')
    expect(inviteClient.initial.actions).toEqual([
      { type: 'send-request' },
      { type: 'start', timer: 'A', after: 'T1' },
      { type: 'start', timer: 'B', after: '64*T1' },
    ])
  })
  it('every state has a row for every event', () => {
    for (const s of inviteClient.states) for (const e of inviteClient.events) expect(inviteClient.states).toContain(inviteClient.table[s][e].next)
  })
  it('a 2xx leads to Accepted without an ACK; 300-699 to Completed with one', () => {
    for (const s of ['Calling', 'Proceeding'] as const) {
      const ok = inviteClient.table[s]['2xx']
      expect(ok.next).toBe('Accepted')
      expect(ok.actions.some((a) => a.type === 'send-ack')).toBe(false)
      expect(ok.actions).toContainEqual({ type: 'start', timer: 'M', after: '64*T1' })
      const ko = inviteClient.table[s]['300-699']
      expect(ko.next).toBe('Completed')
      expect(ko.actions).toContainEqual({ type: 'send-ack' })
      expect(ko.actions).toContainEqual({ type: 'start', timer: 'D', after: 'D' })
    }
  })
  it('Accepted passes further 2xx up as pass-through, absorbs the rest', () => {
    expect(inviteClient.table.Accepted['2xx'].actions).toEqual([{ type: 'pass-response', passThrough: true }])
    expect(inviteClient.table.Accepted['300-699'].actions).toEqual([])
    expect(inviteClient.table.Accepted['1xx'].actions).toEqual([])
  })
  it('retransmits only in Calling', () => {
    for (const s of inviteClient.states) {
      const sends = inviteClient.table[s]['timer-A'].actions.filter((a) => a.type === 'send-request')
      expect(sends.length).toBe(s === 'Calling' ? 1 : 0)
    }
  })
})

describe('INVITE client transaction through the layer', () => {
  it('on UDP retransmits at T1, 2T1, 4T1 … and stops on a 1xx', () => {
    let h = start()
    expect(h.timers.get(`tx/${id}/A`)).toBe(500)
    expect(h.timers.get(`tx/${id}/B`)).toBe(32_000)
    h = runUntil(h, 3_600)
    expect(sentMessages(h).map((s) => s.at)).toEqual([0, 500, 1_500, 3_500])
    h = receive(h, 3_600, 180)
    expect(stateOf(h)).toBe('Proceeding')
    expect(h.timers.size).toBe(0)
    expect(h.log.at(-1)?.output).toMatchObject({ type: 'response', transaction: id, passThrough: false })
    h = runUntil(h, 100_000)
    expect(sentMessages(h).length).toBe(4)
    expect(stateOf(h)).toBe('Proceeding')
  })

  it('on TCP never starts A, but B still runs', () => {
    const h = start('tcp')
    expect([...h.timers.keys()]).toEqual([`tx/${id}/B`])
  })

  it('B fires in Calling: timeout to the TU, no ACK, Terminated with no timers', () => {
    const h = runUntil(start(), 32_000)
    const outs = h.log.map((e) => e.output)
    expect(outs).toContainEqual({ type: 'timeout', transaction: id, timer: 'B' })
    expect(outs).toContainEqual({ type: 'terminated', transaction: id })
    expect(sentMessages(h).every((s) => s.output.message.type === 'request' && s.output.message.method === 'INVITE')).toBe(true)
    expect(h.layer.transactions.size).toBe(0)
    expect(h.timers.size).toBe(0)
  })

  it('a 486 is passed up once, ACKed in the transaction, and its retransmissions re-ACKed', () => {
    let h = receive(start(), 100, 486)
    expect(stateOf(h)).toBe('Completed')
    const acks = () => sentMessages(h).filter((s) => s.output.message.type === 'request' && s.output.message.method === 'ACK')
    expect(acks().length).toBe(1)
    expect(acks()[0]?.output.destination).toEqual(bob)
    expect(h.timers.get(`tx/${id}/D`)).toBe(100 + 32_000)
    const mark = h.log.length
    h = receive(h, 600, 486)
    expect(acks().length).toBe(2)
    expect(outputsSince(h, mark).some((o) => o.type === 'response')).toBe(false)
    h = runUntil(h, 32_100)
    expect(h.layer.transactions.size).toBe(0)
    expect(h.timers.size).toBe(0)
  })

  it('on TCP a 486 is still ACKed and the transaction ends at once (D = 0)', () => {
    const h = receive(start('tcp'), 100, 486)
    expect(sentMessages(h).map((s) => (s.output.message.type === 'request' ? s.output.message.method : s.output.message.status))).toEqual(['INVITE', 'ACK'])
    expect(h.layer.transactions.size).toBe(0)
    expect(h.timers.size).toBe(0)
  })

  it('a 2xx leads to Accepted: passed up, not ACKed, retransmissions pass through until M', () => {
    let h = receive(receive(start(), 100, 180), 200, 200)
    expect(stateOf(h)).toBe('Accepted')
    expect(h.timers.get(`tx/${id}/M`)).toBe(200 + 32_000)
    expect(sentMessages(h).length).toBe(1)
    const mark = h.log.length
    h = receive(h, 700, 200)
    expect(outputsSince(h, mark)).toEqual([expect.objectContaining({ type: 'response', transaction: id, passThrough: true })])
    h = receive(h, 800, 486)
    expect(outputsSince(h, mark).length).toBe(1)
    h = runUntil(h, 32_200)
    expect(h.layer.transactions.size).toBe(0)
    expect(nextDeadline(h.layer)).toBeUndefined()
  })

  it('a transport error ends the transaction and tells the TU', () => {
    const h = feed(start(), { type: 'transport-error', at: 10, transaction: id })
    expect(h.log.map((e) => e.output.type).slice(-4)).toEqual(['transport-error', 'timer', 'timer', 'terminated'])
    expect(h.timers.size).toBe(0)
  })

  it('abandon (§9.1) ends a Proceeding transaction', () => {
    const h = feed(receive(start(), 10, 180), { type: 'abandon', at: 64_000, transaction: id })
    expect(h.layer.transactions.size).toBe(0)
  })

  it('a response with the same branch but CSeq method CANCEL does not match the INVITE (§17.1.3)', () => {
    const h = feed(start(), {
      type: 'receive-response',
      at: 10,
      response: responseTo(request({ method: 'CANCEL' }), 200),
      source: bob,
      transport: 'udp',
    })
    expect(h.log.at(-1)?.output).toMatchObject({ type: 'dropped' })
    expect(stateOf(h)).toBe('Calling')
  })
})
