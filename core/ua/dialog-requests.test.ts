/**
 * The dialog's route set and remote target as the UA uses them (RFC 3261 §12.1, §12.2):
 * Bob is a user agent on the test network (testing/ua-net.ts); Alice, her proxies and the
 * address she moves to are raw endpoints whose messages the test writes by hand.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { codecs, formatNameAddr, headerValue, headerValues, rawField, type SipMessage, type SipRequest, type SipResponse } from '../message/index.ts'
import { request, responseTo } from '../transaction/testing/messages.ts'
import { makeUaNet, type UaNet, type Wire } from './testing/ua-net.ts'

const aliceUri = 'sip:alice@192.0.2.1:5060'
const movedUri = 'sip:alice@192.0.2.7:5060'
const encoder = new TextEncoder()

const sdp = (direction: string): string =>
  ['v=0', 'o=alice 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 30000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', `a=${direction}`, ''].join('\r\n')

type Extra = ReadonlyArray<readonly [string, string]>

const plus = <M extends SipRequest | SipResponse>(msg: M, extra: Extra, body?: string): M => ({
  ...msg,
  headers: [...msg.headers, ...extra.map(([n, v]) => rawField(n, v)), ...(body === undefined ? [] : [rawField('Content-Type', 'application/sdp')])],
  body: body === undefined ? msg.body : encoder.encode(body),
})

const net = (): UaNet =>
  makeUaNet([{ name: 'bob', address: '192.0.2.2', config: { keepaliveMs: 0 } }], {
    raw: { alice: '192.0.2.1', moved: '192.0.2.7', p1: '192.0.2.50', p2: '192.0.2.51' },
  })

/** What Bob sent since `from`. */
const bobSent = (n: UaNet, from: number): ReadonlyArray<Wire> => n.sends.slice(from).filter((w) => w.from === 'bob')
const requestOf = (wires: ReadonlyArray<Wire>, method: string): { readonly wire: Wire; readonly req: SipRequest } => {
  const wire = wires.find((w) => w.msg.type === 'request' && w.msg.method === method)
  expect(wire, `Bob sent no ${method}`).toBeDefined()
  return { wire: wire!, req: wire!.msg as SipRequest }
}
const routes = (m: SipMessage): ReadonlyArray<string> => {
  const r = headerValues(m, codecs.route)
  return E.isRight(r) ? r.right.map(formatNameAddr) : ['(unreadable)']
}
const recordRoutes = (m: SipMessage): ReadonlyArray<string> => {
  const r = headerValues(m, codecs.recordRoute)
  return E.isRight(r) ? r.right.map(formatNameAddr) : ['(unreadable)']
}
const cseqNumber = (m: SipMessage): number => {
  const c = headerValue(m, codecs.cseq)
  return E.isRight(c) && c.right !== undefined ? c.right.seq : NaN
}

/** Where a request of Bob's went and what it said: next hop, Request-URI, Route. */
const hop = (x: { readonly wire: Wire; readonly req: SipRequest }) => ({ to: x.wire.to, uri: x.req.uri, route: routes(x.req) })

/**
 * Bob calls Alice; Alice's 2xx carries her Contact and these Record-Route values (as the
 * proxies wrote them: the one nearest Alice first). Returns the INVITE and what Bob did with the 2xx.
 */
const bobCalls = (n: UaNet, recordRoute: ReadonlyArray<string>) => {
  n.command('bob', { type: 'dial', target: aliceUri, call: 'c1' })
  const invite = requestOf(bobSent(n, 0), 'INVITE').req
  const ok = plus(responseTo(invite, 200, 'alicetag'), [['Contact', `<${aliceUri}>`], ...recordRoute.map((rr) => ['Record-Route', rr] as const)], sdp('sendrecv'))
  const from = n.sends.length
  n.inject('alice', 'bob', ok)
  expect(n.eventsOf('bob')).toContainEqual({ type: 'answered', call: 'c1' })
  return { invite, ack: requestOf(bobSent(n, from), 'ACK') }
}

/** Bob hangs up; his BYE. */
const bobHangsUp = (n: UaNet) => {
  const from = n.sends.length
  n.command('bob', { type: 'hangup', call: 'c1' })
  return requestOf(bobSent(n, from), 'BYE')
}

describe('route set at the UAC (RFC 3261 §12.1.2, §12.2.1.1)', () => {
  it('ACK and BYE carry the 2xx Record-Route reversed as Route, go to its first entry, and keep Alice\'s Contact as Request-URI', () => {
    const n = net()
    const { invite, ack } = bobCalls(n, ['<sip:192.0.2.51;lr>', '<sip:192.0.2.50;lr>'])
    const expected = { to: 'p1', uri: aliceUri, route: ['<sip:192.0.2.50;lr>', '<sip:192.0.2.51;lr>'] }
    expect(hop(ack)).toEqual(expected)
    const bye = bobHangsUp(n)
    expect(hop(bye)).toEqual(expected)
    expect(cseqNumber(bye.req)).toBe(cseqNumber(invite) + 1)
  })

  it('a strict first route (no lr) becomes the Request-URI, and Alice\'s Contact goes last in Route', () => {
    const n = net()
    bobCalls(n, ['<sip:192.0.2.51;lr>', '<sip:192.0.2.50>'])
    expect(hop(bobHangsUp(n))).toEqual({ to: 'p1', uri: 'sip:192.0.2.50', route: ['<sip:192.0.2.51;lr>', `<${aliceUri}>`] })
  })

  it('without Record-Route, requests go straight to Alice\'s Contact with no Route', () => {
    const n = net()
    bobCalls(n, [])
    expect(hop(bobHangsUp(n))).toEqual({ to: 'alice', uri: aliceUri, route: [] })
  })
})

describe('route set at the UAS (RFC 3261 §12.1.1)', () => {
  /** Alice calls Bob through p2 (nearest Bob) and p1; Bob answers; Alice ACKs. */
  const aliceCalls = (n: UaNet) => {
    const invite = plus(
      request({ uri: 'sip:bob@192.0.2.2:5060', sentBy: '192.0.2.1:5060', callId: 'rr@192.0.2.1', branch: 'z9hG4bKrr1', cseq: 1 }),
      [['Contact', `<${aliceUri}>`], ['Record-Route', '<sip:192.0.2.51;lr>'], ['Record-Route', '<sip:192.0.2.50;lr>']],
      sdp('sendrecv'),
    )
    n.inject('alice', 'bob', invite)
    const from = n.sends.length
    n.command('bob', { type: 'answer', call: 'c1' })
    const ok = bobSent(n, from).find((w) => w.msg.type === 'response' && w.msg.status === 200)?.msg
    expect(ok).toBeDefined()
    const bobTag = /;tag=([^;>\s]+)/.exec(ok?.headers.find((h) => h.key === 'to')?.value ?? '')?.[1]
    n.inject('alice', 'bob', request({ method: 'ACK', uri: 'sip:bob@192.0.2.2:5060', sentBy: '192.0.2.1:5060', callId: 'rr@192.0.2.1', branch: 'z9hG4bKrrack', cseq: 1, toTag: bobTag }))
    return { invite, ok: ok! }
  }

  it('the 180 and the 2xx copy the request\'s Record-Route, in order, so Alice learns the route set too', () => {
    const n = net()
    const { ok } = aliceCalls(n)
    const ringing = n.sends.find((w) => w.from === 'bob' && w.msg.type === 'response' && w.msg.status === 180)?.msg
    expect(ringing && recordRoutes(ringing)).toEqual(['<sip:192.0.2.51;lr>', '<sip:192.0.2.50;lr>'])
    expect(recordRoutes(ok)).toEqual(['<sip:192.0.2.51;lr>', '<sip:192.0.2.50;lr>'])
  })

  it('Bob\'s BYE carries the Record-Route in order as Route and goes to its first entry', () => {
    const n = net()
    aliceCalls(n)
    expect(hop(bobHangsUp(n))).toEqual({ to: 'p2', uri: aliceUri, route: ['<sip:192.0.2.51;lr>', '<sip:192.0.2.50;lr>'] })
  })
})

describe('remote target refresh (RFC 3261 §12.2)', () => {
  /** A request from Alice in Bob's dialog (Bob called her: her tag is alicetag, his is the INVITE's From tag). */
  const inDialogFromAlice = (invite: SipRequest, method: string, cseq: number, extra: Extra, body?: string): SipRequest => {
    const bobTag = /;tag=([^;>\s]+)/.exec(invite.headers.find((h) => h.key === 'from')?.value ?? '')?.[1] ?? ''
    const callId = invite.headers.find((h) => h.key === 'call-id')?.value ?? ''
    return plus(request({ method, uri: 'sip:bob@192.0.2.2:5060', sentBy: '192.0.2.7:5060', callId, fromTag: 'alicetag', toTag: bobTag, cseq, branch: `z9hG4bK${method}${cseq}` }), extra, body)
  }

  it('the 2xx to Bob\'s re-INVITE with a new Contact moves his ACK and later requests there (§12.2.1.2)', () => {
    const n = net()
    bobCalls(n, [])
    let from = n.sends.length
    n.command('bob', { type: 'hold', call: 'c1' })
    const reinvite = requestOf(bobSent(n, from), 'INVITE')
    expect(hop(reinvite)).toEqual({ to: 'alice', uri: aliceUri, route: [] })
    from = n.sends.length
    n.inject('alice', 'bob', plus(responseTo(reinvite.req, 200, 'alicetag'), [['Contact', `<${movedUri}>`]], sdp('recvonly')))
    expect(n.eventsOf('bob')).toContainEqual({ type: 'held', call: 'c1', by: 'local' })
    expect(hop(requestOf(bobSent(n, from), 'ACK'))).toEqual({ to: 'moved', uri: movedUri, route: [] })
    expect(hop(bobHangsUp(n))).toEqual({ to: 'moved', uri: movedUri, route: [] })
  })

  it('a re-INVITE from Alice with a new Contact moves Bob\'s later requests there', () => {
    const n = net()
    const { invite } = bobCalls(n, [])
    let from = n.sends.length
    const reinvite = inDialogFromAlice(invite, 'INVITE', 1, [['Contact', `<${movedUri}>`]], sdp('sendonly'))
    n.inject('moved', 'bob', reinvite)
    const ok = bobSent(n, from).find((w) => w.msg.type === 'response' && w.msg.status === 200)
    expect(ok).toBeDefined()
    from = n.sends.length
    n.inject('moved', 'bob', inDialogFromAlice(invite, 'ACK', 1, []))
    expect(n.eventsOf('bob')).toContainEqual({ type: 'held', call: 'c1', by: 'remote' })
    expect(hop(bobHangsUp(n))).toEqual({ to: 'moved', uri: movedUri, route: [] })
  })

  it('a request that is not a target refresh (OPTIONS) leaves the target where it was, whatever its Contact', () => {
    const n = net()
    const { invite } = bobCalls(n, [])
    const from = n.sends.length
    n.inject('moved', 'bob', inDialogFromAlice(invite, 'OPTIONS', 1, [['Contact', `<${movedUri}>`]]))
    expect(bobSent(n, from).map((w) => (w.msg.type === 'response' ? w.msg.status : 0))).toEqual([200])
    expect(hop(bobHangsUp(n))).toEqual({ to: 'alice', uri: aliceUri, route: [] })
  })
})
