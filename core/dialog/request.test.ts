/** Requests inside a dialog (RFC 3261 §12.2.1.1): Request-URI, Route, tags, CSeq; loose and strict routing. */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { codecs, formatNameAddr, formatUri, headerValue, headerValues, parseNameAddr, parseUri, type NameAddr, type SipRequest, type Uri } from '../message/index.ts'
import type { Dialog } from './dialog.ts'
import { inDialogRequest, nextHopUri, type ViaSpec } from './request.ts'

const uri = (text: string): Uri => {
  const u = parseUri(text)
  if (E.isLeft(u)) throw new Error(text)
  return u.right
}
const route = (text: string): NameAddr => {
  const na = parseNameAddr(text)
  if (E.isLeft(na)) throw new Error(text)
  return na.right
}

const dialog = (routeSet: ReadonlyArray<string>): Dialog => ({
  id: { callId: 'call-1@192.0.2.1', localTag: 'alicetag', remoteTag: 'bobtag' },
  state: 'Confirmed',
  initiator: 'local',
  localUri: route('<sip:alice@atlanta.example.com>'),
  remoteUri: route('<sip:bob@biloxi.example.com>'),
  localSeq: 4,
  remoteSeq: undefined,
  remoteTarget: uri('sip:bob@192.0.2.2:5060'),
  routeSet: routeSet.map(route),
  secure: false,
  usages: [{ type: 'invite' }],
})

const via: ViaSpec = { transport: 'udp', host: '192.0.2.1', port: 5060, branch: 'z9hG4bKtest' }

const routes = (req: SipRequest): ReadonlyArray<string> => {
  const r = headerValues(req, codecs.route)
  return E.isRight(r) ? r.right.map(formatNameAddr) : ['(unreadable Route)']
}
const cseq = (req: SipRequest) => {
  const c = headerValue(req, codecs.cseq)
  return E.isRight(c) ? c.right : undefined
}
const tagOf = (req: SipRequest, codec: typeof codecs.to | typeof codecs.from): string | undefined => {
  const v = headerValue(req, codec)
  return E.isRight(v) ? v.right?.params.find((p) => p.name === 'tag')?.value : undefined
}

describe('a request in the dialog (RFC 3261 §12.2.1.1)', () => {
  it('To carries the remote URI and tag, From the local ones, Call-ID the dialog\'s', () => {
    const [req] = inDialogRequest(dialog([]), 'BYE', via)
    expect(req.method).toBe('BYE')
    expect(tagOf(req, codecs.to)).toBe('bobtag')
    expect(tagOf(req, codecs.from)).toBe('alicetag')
    const to = headerValue(req, codecs.to)
    expect(E.isRight(to) && to.right !== undefined && formatUri(to.right.uri)).toBe('sip:bob@biloxi.example.com')
    expect(headerValue(req, codecs.callId)).toEqual(E.right('call-1@192.0.2.1'))
  })

  it('CSeq is the local sequence number plus one, and each request moves it on', () => {
    const [invite, d1] = inDialogRequest(dialog([]), 'INVITE', via)
    expect(cseq(invite)).toEqual({ seq: 5, method: 'INVITE' })
    expect(d1.localSeq).toBe(5)
    const [next, d2] = inDialogRequest(d1, 'BYE', via)
    expect(cseq(next)).toEqual({ seq: 6, method: 'BYE' })
    expect(d2.localSeq).toBe(6)
  })

  it('ACK and CANCEL reuse the given sequence number and leave the dialog\'s as it is', () => {
    const d = dialog([])
    const [ack, after] = inDialogRequest(d, 'ACK', via, {}, 3)
    expect(cseq(ack)).toEqual({ seq: 3, method: 'ACK' })
    expect(after).toBe(d)
  })

  it('with no route set: Request-URI is the remote target and there is no Route', () => {
    const d = dialog([])
    const [req] = inDialogRequest(d, 'BYE', via)
    expect(req.uri).toBe('sip:bob@192.0.2.2:5060')
    expect(routes(req)).toEqual([])
    expect(formatUri(nextHopUri(d))).toBe('sip:bob@192.0.2.2:5060')
  })

  it('loose routing (first route has lr): Request-URI is the remote target, Route is the route set in order', () => {
    const d = dialog(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>'])
    const [req] = inDialogRequest(d, 'BYE', via)
    expect(req.uri).toBe('sip:bob@192.0.2.2:5060')
    expect(routes(req)).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>'])
    // §8.1.2: the request goes to the first route.
    expect(formatUri(nextHopUri(d))).toBe('sip:p1.example.com;lr')
  })

  it('strict routing (first route without lr): the first route is the Request-URI, the rest then the remote target are the Route', () => {
    const d = dialog(['<sip:p1.example.com>', '<sip:p2.example.com;lr>'])
    const [req] = inDialogRequest(d, 'BYE', via)
    expect(req.uri).toBe('sip:p1.example.com')
    expect(routes(req)).toEqual(['<sip:p2.example.com;lr>', '<sip:bob@192.0.2.2:5060>'])
    expect(formatUri(nextHopUri(d))).toBe('sip:p1.example.com')
  })

  it('a strict route alone: Request-URI is that route, Route holds only the remote target', () => {
    const [req] = inDialogRequest(dialog(['<sip:p1.example.com>']), 'INVITE', via)
    expect(req.uri).toBe('sip:p1.example.com')
    expect(routes(req)).toEqual(['<sip:bob@192.0.2.2:5060>'])
  })

  it('lr further down the route set does not matter: only the first route decides', () => {
    const [req] = inDialogRequest(dialog(['<sip:p1.example.com;lr>', '<sip:p2.example.com>']), 'BYE', via)
    expect(req.uri).toBe('sip:bob@192.0.2.2:5060')
    expect(routes(req)).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com>'])
  })

  it('Route fields sit between Max-Forwards and To (the RFC\'s order)', () => {
    const [req] = inDialogRequest(dialog(['<sip:p1.example.com;lr>']), 'BYE', via)
    expect(req.headers.map((h) => h.key).slice(0, 4)).toEqual(['via', 'max-forwards', 'route', 'to'])
  })
})
