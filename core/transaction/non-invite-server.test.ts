import { describe, expect, it } from 'vitest'
import type { TransportName } from './endpoint.ts'
import { emptyLayer } from './layer.ts'
import { nonInviteServer } from './non-invite-server.ts'
import { feed, harness, runUntil, sentMessages, type Harness } from './testing/harness.ts'
import { alice, request, responseTo } from './testing/messages.ts'

const options = request({ method: 'OPTIONS' })
const id = 's:1'

const start = (transport: TransportName = 'udp'): Harness =>
  feed(harness(emptyLayer()), { type: 'receive-request', at: 0, request: options, source: alice, transport })

const answer = (h: Harness, at: number, status: number): Harness =>
  feed(h, { type: 'send-response', at, transaction: id, response: responseTo(options, status) })

const again = (h: Harness, at: number): Harness => feed(h, { type: 'receive-request', at, request: options, source: alice, transport: 'udp' })

const statuses = (h: Harness) => sentMessages(h).map((s) => (s.output.message.type === 'response' ? s.output.message.status : 0))

describe('non-INVITE server table (RFC 3261 §17.2.2)', () => {
  it('discards retransmissions in Trying and re-sends the latest response later', () => {
    expect(nonInviteServer.table.Trying.request.actions).toEqual([])
    expect(nonInviteServer.table.Proceeding.request.actions).toEqual([{ type: 'resend-response' }])
    expect(nonInviteServer.table.Completed.request.actions).toEqual([{ type: 'resend-response' }])
  })
  it('discards further responses from the TU once Completed', () => {
    expect(nonInviteServer.table.Completed['tu-200-699'].actions).toEqual([])
    expect(nonInviteServer.table.Completed['tu-1xx'].actions).toEqual([])
  })
})

describe('non-INVITE server transaction through the layer', () => {
  it('passes the request up once, answers retransmissions with the final, J = 64*T1 on UDP', () => {
    let h = again(start(), 100)
    expect(statuses(h)).toEqual([])
    expect(h.log.filter((e) => e.output.type === 'request').length).toBe(1)
    h = answer(h, 200, 200)
    expect([...h.timers.entries()]).toEqual([['tx/s:1/J', 200 + 32_000]])
    h = again(h, 300)
    h = answer(h, 400, 500)
    expect(statuses(h)).toEqual([200, 200])
    h = runUntil(h, 32_200)
    expect(h.layer.transactions.size).toBe(0)
  })

  it('keeps the request until the final is sent, then only the response (it waits 64*T1)', () => {
    let h = start()
    expect(h.layer.transactions.get(id)?.request).toBe(options)
    h = answer(h, 100, 200)
    const tx = h.layer.transactions.get(id)
    expect(tx?.state).toBe('Completed')
    expect(tx?.request).toBeUndefined()
    expect(tx?.type === 'non-invite-server' ? tx.response?.status : undefined).toBe(200)
    // A retransmission still matches (by key) and gets the stored final.
    h = again(h, 300)
    expect(statuses(h)).toEqual([200, 200])
  })
  it('on TCP J = 0: Terminated once the final is sent', () => {
    const h = answer(start('tcp'), 10, 200)
    expect(statuses(h)).toEqual([200])
    expect(h.layer.transactions.size).toBe(0)
    expect(h.timers.size).toBe(0)
  })

  it('RFC 4320 §4.1: no 100 over UDP before T2, no other provisional at all', () => {
    let h = answer(start(), 1_000, 100)
    h = answer(h, 1_100, 180)
    expect(statuses(h)).toEqual([])
    expect(h.log.filter((e) => e.output.type === 'dropped').length).toBe(2)
    h = answer(h, 4_000, 100)
    expect(statuses(h)).toEqual([100])
    expect(h.layer.transactions.get(id)?.state).toBe('Proceeding')
    h = again(h, 4_100)
    expect(statuses(h)).toEqual([100, 100])
  })

  it('RFC 4320 §4.1: a 100 over TCP may go at once', () => {
    expect(statuses(answer(start('tcp'), 1, 100))).toEqual([100])
  })

  it('RFC 4320 §4.2: a 408 is never sent to a non-INVITE', () => {
    const h = answer(start(), 10, 408)
    expect(statuses(h)).toEqual([])
    expect(h.layer.transactions.get(id)?.state).toBe('Trying')
  })

  it('a transport error in Proceeding ends it (§17.2.4)', () => {
    const h = feed(answer(start('tcp'), 1, 100), { type: 'transport-error', at: 2, transaction: id })
    expect(h.log.map((e) => e.output.type).slice(-2)).toEqual(['transport-error', 'terminated'])
  })
})

describe('a full layer (config.maxTransactions)', () => {
  it('reports one more new request as overloaded and creates nothing; retransmissions still match', () => {
    let h = feed(harness(emptyLayer({ maxTransactions: 1 })), { type: 'receive-request', at: 0, request: options, source: alice, transport: 'udp' })
    const other = request({ method: 'OPTIONS', branch: 'z9hG4bKother' })
    h = feed(h, { type: 'receive-request', at: 10, request: other, source: alice, transport: 'udp' })
    expect(h.log.at(-1)?.output).toMatchObject({ type: 'overloaded', request: other, source: alice })
    expect(h.layer.transactions.size).toBe(1)
    h = answer(h, 20, 200)
    h = again(h, 30)
    expect(statuses(h)).toEqual([200, 200])
  })
})
