import { describe, expect, it } from 'vitest'
import type { TransportName } from './endpoint.ts'
import { inviteServer } from './invite-server.ts'
import { emptyLayer } from './layer.ts'
import { feed, harness, outputsSince, runUntil, sentMessages, type Harness } from './testing/harness.ts'
import { alice, request, responseTo } from './testing/messages.ts'
import type { SipRequest } from '../message/index.ts'

const invite = request()
const id = 's:1'

const arrive = (h: Harness, at: number, req: SipRequest, transport: TransportName = 'udp'): Harness =>
  feed(h, { type: 'receive-request', at, request: req, source: alice, transport })

const start = (transport: TransportName = 'udp', trying: 'auto' | 'tu' = 'auto'): Harness =>
  arrive(harness(emptyLayer({ trying })), 0, invite, transport)

const answer = (h: Harness, at: number, status: number): Harness =>
  feed(h, { type: 'send-response', at, transaction: id, response: responseTo(invite, status) })

/** The ACK of a non-2xx: same branch as the INVITE (§17.1.1.3), the response's To tag. */
const nonAck = (): SipRequest => request({ method: 'ACK', toTag: 'a6c85cf' })

const statuses = (h: Harness) => sentMessages(h).map((s) => (s.output.message.type === 'response' ? s.output.message.status : s.output.message.method))

describe('INVITE server table (RFC 3261 §17.2.1, RFC 6026 §7.1, §8.5–8.8)', () => {
  it('a 2xx from the TU leads to Accepted with L, a 300-699 to Completed with G and H', () => {
    expect(inviteServer.table.Proceeding['tu-2xx']).toEqual({
      next: 'Accepted',
      actions: [{ type: 'send-response' }, { type: 'start', timer: 'L', after: '64*T1' }],
    })
    expect(inviteServer.table.Proceeding['tu-300-699'].next).toBe('Completed')
  })
  it('transport errors never destroy it (RFC 6026 §8.8)', () => {
    for (const s of ['Proceeding', 'Completed', 'Accepted'] as const) expect(inviteServer.table[s]['transport-error'].next).toBe(s)
  })
  it('Accepted absorbs INVITEs, passes ACKs up and sends 2xx retransmissions from the TU', () => {
    expect(inviteServer.table.Accepted.INVITE.actions).toEqual([])
    expect(inviteServer.table.Accepted.ACK.actions).toEqual([{ type: 'pass-ack' }])
    expect(inviteServer.table.Accepted['tu-2xx'].actions).toEqual([{ type: 'send-response' }])
    expect(inviteServer.table.Accepted['tu-300-699'].actions).toEqual([])
  })
})

describe('INVITE server transaction through the layer', () => {
  it('passes the INVITE up, sends 100 Trying, and answers a retransmission with the latest provisional', () => {
    let h = start()
    expect(h.log.find((e) => e.output.type === 'request')?.output).toMatchObject({ type: 'request', transaction: id })
    // The 100 Trying leaves before the TU hears of the INVITE, so it precedes the TU's own responses.
    expect(h.log.findIndex((e) => e.output.type === 'send')).toBeLessThan(h.log.findIndex((e) => e.output.type === 'request'))
    expect(statuses(h)).toEqual([100])
    h = answer(h, 10, 180)
    h = arrive(h, 500, invite)
    expect(statuses(h)).toEqual([100, 180, 180])
    expect(h.log.filter((e) => e.output.type === 'request').length).toBe(1)
  })

  it('sends no 100 when the TU answers itself', () => {
    expect(statuses(start('udp', 'tu'))).toEqual([])
  })

  it('a 486 is retransmitted with G (T1 doubling, capped at T2) until the ACK; then Confirmed and I', () => {
    let h = answer(start(), 0, 486)
    h = runUntil(h, 16_000)
    const times = sentMessages(h).filter((s) => s.output.message.type === 'response' && s.output.message.status === 486).map((s) => s.at)
    expect(times).toEqual([0, 500, 1_500, 3_500, 7_500, 11_500, 15_500])
    h = arrive(h, 16_000, nonAck())
    expect(h.layer.transactions.get(id)?.state).toBe('Confirmed')
    expect([...h.timers.entries()]).toEqual([[`tx/${id}/I`, 21_000]])
    const mark = h.log.length
    h = arrive(h, 17_000, nonAck())
    expect(outputsSince(h, mark)).toEqual([])
    h = runUntil(h, 21_000)
    expect(h.layer.transactions.size).toBe(0)
  })

  it('H fires without an ACK: the TU hears of the failure', () => {
    const h = runUntil(answer(start(), 0, 486), 32_000)
    expect(h.log.map((e) => e.output)).toContainEqual({ type: 'timeout', transaction: id, timer: 'H' })
    expect(h.layer.transactions.size).toBe(0)
    expect(h.timers.size).toBe(0)
  })

  it('on TCP: no G, and I = 0 ends it when the ACK comes', () => {
    let h = answer(start('tcp'), 0, 486)
    expect([...h.timers.keys()]).toEqual([`tx/${id}/H`])
    h = arrive(h, 100, nonAck(), 'tcp')
    expect(h.layer.transactions.size).toBe(0)
  })

  it('a 200 leads to Accepted: no retransmission of its own, INVITEs absorbed, ACKs passed up, L ends it', () => {
    let h = answer(start(), 10, 200)
    expect(h.layer.transactions.get(id)?.state).toBe('Accepted')
    h = runUntil(h, 5_000)
    expect(statuses(h)).toEqual([100, 200])
    h = arrive(h, 5_000, invite)
    expect(statuses(h)).toEqual([100, 200])
    // The TU retransmits its 2xx (§13.3.1.4): sent as is.
    h = answer(h, 5_100, 200)
    expect(statuses(h)).toEqual([100, 200, 200])
    // An ACK with the INVITE's branch (RFC 2543 style or a same-branch UA) goes to the TU.
    const mark = h.log.length
    h = arrive(h, 5_200, request({ method: 'ACK', toTag: 'a6c85cf' }))
    expect(outputsSince(h, mark)).toEqual([expect.objectContaining({ type: 'ack', transaction: id })])
    h = runUntil(h, 10 + 32_000)
    expect(h.layer.transactions.size).toBe(0)
  })

  it('in Accepted a different 2xx or a late 486 from the TU is not sent', () => {
    let h = answer(start(), 10, 200)
    h = feed(h, { type: 'send-response', at: 20, transaction: id, response: responseTo(invite, 200, 'othertag') })
    h = answer(h, 30, 486)
    expect(statuses(h)).toEqual([100, 200])
  })

  it('in Completed a second final from the TU is not sent (one final per transaction)', () => {
    let h = answer(start(), 10, 486)
    h = answer(h, 20, 603)
    h = feed(h, { type: 'send-response', at: 30, transaction: id, response: responseTo(invite, 486, 'othertag') })
    expect(statuses(h)).toEqual([100, 486])
  })

  it('a transport error is reported and the transaction stays', () => {
    const h = feed(answer(start(), 10, 486), { type: 'transport-error', at: 20, transaction: id })
    expect(h.log.at(-1)?.output).toEqual({ type: 'transport-error', transaction: id })
    expect(h.layer.transactions.get(id)?.state).toBe('Completed')
  })
})
