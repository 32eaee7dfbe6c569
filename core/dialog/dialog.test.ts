/** Dialog state (RFC 3261 §12): creation on both sides, route set, remote target and CSeq rules. */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { formatNameAddr, formatUri, rawField, type SipRequest, type SipResponse } from '../message/index.ts'
import { request, responseTo } from '../transaction/testing/messages.ts'
import {
  addUsage,
  confirmDialog,
  dialogFromUac,
  dialogFromUas,
  receiveRefreshResponse,
  receiveRequest,
  removeUsage,
  type Dialog,
} from './dialog.ts'

const aliceContact = '<sip:alice@192.0.2.1:5060>'
const bobContact = '<sip:bob@192.0.2.2:5060>'

type Extra = ReadonlyArray<readonly [string, string]>

/** Alice's INVITE as it reaches Bob through two proxies, p1 (nearer Alice) then p2. */
const invite = (extra: Extra = []): SipRequest =>
  request({
    cseq: 17,
    extra: [['Contact', aliceContact], ['Record-Route', '<sip:p2.example.com;lr>'], ['Record-Route', '<sip:p1.example.com;lr>'], ...extra],
  })

/** A message with these header fields added at the end. */
const plus = <M extends SipRequest | SipResponse>(msg: M, extra: Extra): M => ({ ...msg, headers: [...msg.headers, ...extra.map(([n, v]) => rawField(n, v))] })

/** A response to the INVITE with Bob's tag and these fields. */
const answer = (status: number, extra: Extra): SipResponse => plus(responseTo(invite(), status, 'bobtag'), extra)

/** Bob's response: the Record-Route copied from the request (§12.1.1), Bob's Contact. */
const response = (status: number): SipResponse =>
  answer(status, [['Contact', bobContact], ['Record-Route', '<sip:p2.example.com;lr>, <sip:p1.example.com;lr>']])

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`)
  return e.right
}

const routes = (d: Dialog): ReadonlyArray<string> => d.routeSet.map(formatNameAddr)

/** A request from the peer inside `d` (its From tag is our remote tag). */
const fromPeer = (method: string, cseq: number, extra: Extra = []): SipRequest =>
  request({ method, cseq, fromTag: '1928301774', toTag: 'bobtag', extra })

describe('dialog creation at the UAC (RFC 3261 §12.1.2)', () => {
  it('a 2xx makes a confirmed dialog: tags from From and To, CSeq of the INVITE, target from Contact, Record-Route reversed', () => {
    const d = right(dialogFromUac(invite(), response(200)))
    expect(d.state).toBe('Confirmed')
    expect(d.id).toEqual({ callId: 'a84b4c76e66710@pc33.atlanta.example.com', localTag: '1928301774', remoteTag: 'bobtag' })
    expect(d.initiator).toBe('local')
    expect(d.localSeq).toBe(17)
    expect(d.remoteSeq).toBeUndefined()
    expect(formatUri(d.remoteTarget)).toBe('sip:bob@192.0.2.2:5060')
    expect(routes(d)).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>'])
    // Local and remote URIs carry no tag: the tags live in the dialog ID.
    expect(formatNameAddr(d.localUri)).toBe('"Alice" <sip:alice@atlanta.example.com>')
    expect(formatNameAddr(d.remoteUri)).toBe('"Bob" <sip:bob@biloxi.example.com>')
    expect(d.secure).toBe(false)
  })

  it('reverses Record-Route across header fields as well as within one', () => {
    const withRr = answer(200, [['Contact', bobContact], ['Record-Route', '<sip:p3.example.com;lr>, <sip:p2.example.com;lr>'], ['Record-Route', '<sip:p1.example.com;lr>']])
    expect(routes(right(dialogFromUac(invite(), withRr)))).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>', '<sip:p3.example.com;lr>'])
  })

  it('a 1xx with a To tag makes an early dialog; one without a To tag or without Contact makes none', () => {
    expect(right(dialogFromUac(invite(), response(180))).state).toBe('Early')
    expect(E.isLeft(dialogFromUac(invite(), responseTo(invite(), 180, undefined)))).toBe(true)
    expect(E.isLeft(dialogFromUac(invite(), responseTo(invite(), 200, 'bobtag')))).toBe(true)
  })

  it('no Record-Route gives an empty route set; a sips Request-URI makes the dialog secure', () => {
    const plain = answer(200, [['Contact', bobContact]])
    expect(routes(right(dialogFromUac(invite(), plain)))).toEqual([])
    expect(right(dialogFromUac({ ...invite(), uri: 'sips:bob@biloxi.example.com' }, plain)).secure).toBe(true)
  })

  it('a 2xx confirming an early dialog recomputes the route set and the remote target (§13.2.2.4)', () => {
    const early = right(dialogFromUac(invite(), response(180)))
    const ok = answer(200, [['Contact', '<sip:bob@192.0.2.9:5070>'], ['Record-Route', '<sip:p9.example.com;lr>, <sip:p1.example.com;lr>']])
    const confirmed = confirmDialog(early, ok)
    expect(confirmed.state).toBe('Confirmed')
    expect(formatUri(confirmed.remoteTarget)).toBe('sip:bob@192.0.2.9:5070')
    expect(routes(confirmed)).toEqual(['<sip:p1.example.com;lr>', '<sip:p9.example.com;lr>'])
  })
})

describe('dialog creation at the UAS (RFC 3261 §12.1.1)', () => {
  it('keeps Record-Route in order; target from the request Contact; remote CSeq from the request; our tag and CSeq', () => {
    const d = right(dialogFromUas(invite(), 'bobtag', 1, false))
    expect(d.state).toBe('Confirmed')
    expect(d.id).toEqual({ callId: 'a84b4c76e66710@pc33.atlanta.example.com', localTag: 'bobtag', remoteTag: '1928301774' })
    expect(d.initiator).toBe('remote')
    expect(routes(d)).toEqual(['<sip:p2.example.com;lr>', '<sip:p1.example.com;lr>'])
    expect(formatUri(d.remoteTarget)).toBe('sip:alice@192.0.2.1:5060')
    expect(d.remoteSeq).toBe(17)
    expect(d.localSeq).toBe(1)
    expect(formatNameAddr(d.localUri)).toBe('"Bob" <sip:bob@biloxi.example.com>')
    expect(formatNameAddr(d.remoteUri)).toBe('"Alice" <sip:alice@atlanta.example.com>')
    expect(right(dialogFromUas(invite(), 'bobtag', 1, true)).state).toBe('Early')
  })

  it('a request without Contact makes no dialog', () => {
    expect(E.isLeft(dialogFromUas(request(), 'bobtag', 1, false))).toBe(true)
  })

  it('a 2xx confirming our early dialog keeps the route set the request gave us', () => {
    const early = right(dialogFromUas(invite(), 'bobtag', 1, true))
    const confirmed = confirmDialog(early, response(200))
    expect(confirmed.state).toBe('Confirmed')
    expect(routes(confirmed)).toEqual(routes(early))
  })
})

describe('requests inside the dialog (RFC 3261 §12.2.2)', () => {
  const uas = right(dialogFromUas(invite(), 'bobtag', 1, false))
  const uac = right(dialogFromUac(invite(), response(200)))

  it('a higher CSeq becomes the remote sequence number', () => {
    expect(right(receiveRequest(uas, fromPeer('BYE', 18))).remoteSeq).toBe(18)
    expect(right(receiveRequest(uas, fromPeer('INVITE', 40, [['Contact', aliceContact]]))).remoteSeq).toBe(40)
  })

  it('the first request from the peer sets an empty remote sequence number, whatever its value (§12.1.2)', () => {
    expect(uac.remoteSeq).toBeUndefined()
    expect(right(receiveRequest(uac, fromPeer('INFO', 3))).remoteSeq).toBe(3)
  })

  it('an INVITE with a CSeq lower than the remote sequence number is refused 500', () => {
    expect(receiveRequest(uas, fromPeer('INVITE', 16, [['Contact', aliceContact]]))).toEqual(E.left({ status: 500, reason: 'CSeq Out of Order' }))
  })

  it('another method with a lower CSeq is accepted (documented choice: usages share the CSeq space) and changes nothing', () => {
    // A late NOTIFY of the subscription usage, with a Contact: neither the number nor the target moves.
    const late = right(receiveRequest(uas, fromPeer('NOTIFY', 16, [['Contact', '<sip:alice@192.0.2.7:5060>']])))
    expect(late).toEqual(uas)
    expect(right(receiveRequest(uas, fromPeer('BYE', 5)))).toEqual(uas)
  })

  it('an equal CSeq is not out of order (retransmissions are the transaction layer\'s)', () => {
    expect(E.isRight(receiveRequest(uas, fromPeer('INVITE', 17, [['Contact', aliceContact]])))).toBe(true)
  })

  it('ACK and CANCEL carry the INVITE\'s number and are not checked', () => {
    expect(receiveRequest(uas, fromPeer('ACK', 2))).toEqual(E.right(uas))
    expect(receiveRequest(uas, fromPeer('CANCEL', 99))).toEqual(E.right(uas))
  })

  it('a request without CSeq is refused 500', () => {
    const noCseq = fromPeer('BYE', 18)
    expect(E.isLeft(receiveRequest(uas, { ...noCseq, headers: noCseq.headers.filter((h) => h.key !== 'cseq') }))).toBe(true)
  })
})

describe('remote target refresh (RFC 3261 §12.2)', () => {
  const uas = right(dialogFromUas(invite(), 'bobtag', 1, false))
  const uac = right(dialogFromUac(invite(), response(200)))
  const moved = '<sip:alice@192.0.2.7:5062>'

  it('a re-INVITE (and UPDATE, NOTIFY, REFER, SUBSCRIBE) with a Contact replaces the remote target', () => {
    for (const method of ['INVITE', 'UPDATE', 'NOTIFY', 'REFER', 'SUBSCRIBE']) {
      expect(formatUri(right(receiveRequest(uas, fromPeer(method, 20, [['Contact', moved]]))).remoteTarget), method).toBe('sip:alice@192.0.2.7:5062')
    }
  })

  it('a request of another method with a Contact does not (BYE, OPTIONS, INFO)', () => {
    for (const method of ['BYE', 'OPTIONS', 'INFO']) {
      expect(formatUri(right(receiveRequest(uas, fromPeer(method, 20, [['Contact', moved]]))).remoteTarget), method).toBe('sip:alice@192.0.2.1:5060')
    }
  })

  it('a re-INVITE without Contact keeps the remote target', () => {
    expect(formatUri(right(receiveRequest(uas, fromPeer('INVITE', 20))).remoteTarget)).toBe('sip:alice@192.0.2.1:5060')
  })

  it('the 2xx to our re-INVITE replaces the remote target with its Contact (§12.2.1.2)', () => {
    const ok = plus(responseTo(request({ cseq: 18 }), 200, 'bobtag'), [['Contact', '<sip:bob@192.0.2.8:5064>']])
    expect(formatUri(receiveRefreshResponse(uac, 'INVITE', ok).remoteTarget)).toBe('sip:bob@192.0.2.8:5064')
    // Not a 1xx or a failure, and not a 2xx to a method that does not refresh.
    expect(receiveRefreshResponse(uac, 'INVITE', { ...ok, status: 183 })).toBe(uac)
    expect(receiveRefreshResponse(uac, 'INVITE', { ...ok, status: 488 })).toBe(uac)
    expect(receiveRefreshResponse(uac, 'BYE', ok)).toBe(uac)
  })
})

describe('usages (RFC 5057 §5)', () => {
  const d = right(dialogFromUas(invite(), 'bobtag', 1, false))
  const sub = { type: 'subscription', event: 'refer', id: '18', role: 'notifier' } as const

  it('BYE-style removal of the session usage leaves the dialog up while a subscription lives; the last usage ends it', () => {
    const both = addUsage(addUsage(d, { type: 'invite' }), sub)
    expect(addUsage(both, sub).usages).toHaveLength(2)
    const subOnly = removeUsage(both, { type: 'invite' })
    expect(subOnly.state).toBe('Confirmed')
    expect(subOnly.usages).toEqual([sub])
    expect(removeUsage(subOnly, sub).state).toBe('Terminated')
  })
})
