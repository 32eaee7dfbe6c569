import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseMessage, type SipMessage, type SipRequest } from '../message/index.ts'
import { emptyLayer } from './layer.ts'
import { branchKind, matchCancel } from './matching.ts'
import { feed, harness, outputsSince, sentMessages, type Harness } from './testing/harness.ts'
import { alice, bob, request, responseTo, withHeader } from './testing/messages.ts'

const wire = (lines: ReadonlyArray<string>): SipMessage | undefined => {
  const r = parseMessage(new TextEncoder().encode(lines.join('\r\n')))
  return E.isRight(r) ? r.right : undefined
}
const wireRequest = (lines: ReadonlyArray<string>): SipRequest => {
  const m = wire(lines)
  return m?.type === 'request' ? m : request({ method: 'PARSE-FAILED' })
}

const arrive = (h: Harness, at: number, req: SipRequest, source = alice): Harness =>
  feed(h, { type: 'receive-request', at, request: req, source, transport: 'udp' })

const fresh = (config: Parameters<typeof emptyLayer>[0] = {}): Harness => harness(emptyLayer({ trying: 'tu', ...config }))

const newTransactions = (h: Harness) => h.log.filter((e) => e.output.type === 'request').map((e) => (e.output.type === 'request' ? e.output.transaction : ''))

describe('branch kinds', () => {
  it('tells RFC 3261, bare cookie and RFC 2543 branches apart', () => {
    expect(branchKind('z9hG4bK776asdhds')).toBe('rfc3261')
    expect(branchKind('z9hG4bK')).toBe('magic-cookie-only')
    expect(branchKind(undefined)).toBe('rfc2543')
    expect(branchKind('390skdjuw')).toBe('rfc2543')
    expect(branchKind('Z9HG4BK776')).toBe('rfc2543')
  })
})

describe('server matching with the cookie (§17.2.3, T-M-1)', () => {
  it('same branch, sent-by and method: a retransmission', () => {
    const h = arrive(arrive(fresh(), 0, request()), 500, request())
    expect(newTransactions(h)).toEqual(['s:1'])
  })
  it('the same branch from another sent-by is another transaction', () => {
    const h = arrive(arrive(fresh(), 0, request()), 500, request({ sentBy: 'evil.example.com' }))
    expect(newTransactions(h)).toEqual(['s:1', 's:2'])
  })
  it('sent-by hosts compare case-insensitively', () => {
    const h = arrive(arrive(fresh(), 0, request()), 500, request({ sentBy: 'PC33.Atlanta.Example.COM' }))
    expect(newTransactions(h)).toEqual(['s:1'])
  })
  it('an ACK matches the INVITE transaction; a CANCEL with the same branch is its own', () => {
    let h = arrive(fresh(), 0, request())
    h = feed(h, { type: 'send-response', at: 1, transaction: 's:1', response: responseTo(request(), 486) })
    h = arrive(h, 2, request({ method: 'CANCEL' }))
    expect(newTransactions(h)).toEqual(['s:1', 's:2'])
    h = arrive(h, 3, request({ method: 'ACK', toTag: 'a6c85cf' }))
    expect(h.layer.transactions.get('s:1')?.state).toBe('Confirmed')
  })
  it('an ACK that matches nothing (the ACK of a 2xx, new branch) goes to the TU without a transaction', () => {
    let h = arrive(fresh(), 0, request())
    h = feed(h, { type: 'send-response', at: 1, transaction: 's:1', response: responseTo(request(), 200) })
    const mark = h.log.length
    h = arrive(h, 2, request({ method: 'ACK', branch: 'z9hG4bKother', toTag: 'a6c85cf' }))
    expect(outputsSince(h, mark)).toEqual([expect.objectContaining({ type: 'ack', transaction: undefined })])
  })
})

describe('RFC 2543 fallback (§17.2.3, T-M-2)', () => {
  const inv2543 = wireRequest([
    'INVITE sip:UserB@example.com SIP/2.0',
    'Via: SIP/2.0/UDP iftgw.example.com',
    'From: <sip:+13035551111@ift.client.example.net;user=phone>',
    'Record-Route: <sip:UserB@example.com;maddr=ss1.example.com>',
    'To: sip:+16505552222@ss1.example.net;user=phone',
    'Call-ID: inv2543.1717@ift.client.example.com',
    'CSeq: 56 INVITE',
    'Content-Type: application/sdp',
    '',
    'v=0',
  ])
  const ack2543 = (toTag: string): SipRequest =>
    wireRequest([
      'ACK sip:UserB@example.com SIP/2.0',
      'Via: SIP/2.0/UDP iftgw.example.com',
      'From: <sip:+13035551111@ift.client.example.net;user=phone>',
      `To: sip:+16505552222@ss1.example.net;user=phone;tag=${toTag}`,
      'Call-ID: inv2543.1717@ift.client.example.com',
      'CSeq: 56 ACK',
      'Content-Length: 0',
      '',
      '',
    ])
  const cancel2543 = wireRequest([
    'CANCEL sip:UserB@example.com SIP/2.0',
    'Via: SIP/2.0/UDP iftgw.example.com',
    'From: <sip:+13035551111@ift.client.example.net;user=phone>',
    'To: sip:+16505552222@ss1.example.net;user=phone',
    'Call-ID: inv2543.1717@ift.client.example.com',
    'CSeq: 56 CANCEL',
    'Content-Length: 0',
    '',
    '',
  ])

  it('parses the RFC 4475 §3.4.1 inv2543 INVITE', () => expect(inv2543.method).toBe('INVITE'))

  it('an INVITE without a branch is matched on Request-URI, tags, Call-ID, CSeq and top Via', () => {
    let h = arrive(arrive(fresh(), 0, inv2543), 500, inv2543)
    expect(newTransactions(h)).toEqual(['s:1'])
    h = arrive(h, 600, withHeader(inv2543, 'CSeq', '57 INVITE'))
    h = arrive(h, 700, withHeader(inv2543, 'Call-ID', 'other@example.com'))
    h = arrive(h, 800, withHeader(inv2543, 'Via', 'SIP/2.0/UDP iftgw.example.com;received=192.0.2.9'))
    h = arrive(h, 900, { ...inv2543, uri: 'sip:UserC@example.com' })
    expect(newTransactions(h)).toEqual(['s:1', 's:2', 's:3', 's:4', 's:5'])
  })

  it('an ACK matches only with the To tag of the response the server sent', () => {
    let h = arrive(fresh(), 0, inv2543)
    h = feed(h, { type: 'send-response', at: 1, transaction: 's:1', response: responseTo(inv2543, 486, 'srvtag') })
    const mark = h.log.length
    h = arrive(h, 2, ack2543('wrongtag'))
    expect(outputsSince(h, mark)).toEqual([expect.objectContaining({ type: 'ack', transaction: undefined })])
    expect(h.layer.transactions.get('s:1')?.state).toBe('Completed')
    h = arrive(h, 3, ack2543('srvtag'))
    expect(h.layer.transactions.get('s:1')?.state).toBe('Confirmed')
  })

  it('T-IS-8: a cookie-less ACK matching a transaction in Accepted goes to the TU', () => {
    let h = arrive(fresh(), 0, inv2543)
    h = feed(h, { type: 'send-response', at: 1, transaction: 's:1', response: responseTo(inv2543, 200, 'oktag') })
    const mark = h.log.length
    h = arrive(h, 2, ack2543('oktag'))
    expect(outputsSince(h, mark)).toEqual([expect.objectContaining({ type: 'ack', transaction: 's:1' })])
  })

  it('matchCancel finds the INVITE by the 2543 rules, and a non-2543 key does not cross over', () => {
    const h = arrive(arrive(fresh(), 0, inv2543), 10, cancel2543)
    expect(newTransactions(h)).toEqual(['s:1', 's:2'])
    expect(matchCancel(h.layer, cancel2543)).toMatchObject({ transaction: 's:1', state: 'Proceeding' })
    expect(matchCancel(h.layer, withHeader(cancel2543, 'CSeq', '55 CANCEL'))).toBeUndefined()
  })

  it('a branch without the cookie is matched the 2543 way too', () => {
    const odd = request({ branch: '390skdjuw' })
    const h = arrive(arrive(fresh(), 0, odd), 10, withHeader(odd, 'CSeq', '314160 INVITE'))
    expect(newTransactions(h)).toEqual(['s:1', 's:2'])
  })
})

describe('matchCancel (§9.2)', () => {
  it('finds the INVITE server transaction by branch and sent-by, and follows its state', () => {
    let h = arrive(fresh(), 0, request())
    const cancel = request({ method: 'CANCEL' })
    expect(matchCancel(h.layer, cancel)).toMatchObject({ transaction: 's:1', state: 'Proceeding' })
    h = feed(h, { type: 'send-response', at: 1, transaction: 's:1', response: responseTo(request(), 200) })
    expect(matchCancel(h.layer, cancel)?.state).toBe('Accepted')
    expect(matchCancel(h.layer, request({ method: 'CANCEL', branch: 'z9hG4bKnothere' }))).toBeUndefined()
    expect(matchCancel(h.layer, request({ method: 'CANCEL', sentBy: 'elsewhere.example.com' }))).toBeUndefined()
    expect(matchCancel(h.layer, request({ method: 'BYE' }))).toBeUndefined()
  })
})

describe('requests the layer refuses', () => {
  const badbranch = wireRequest([
    'OPTIONS sip:user@example.com SIP/2.0',
    'To: sip:user@example.com',
    'From: sip:caller@example.org;tag=33242',
    'Max-Forwards: 3',
    'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK',
    'Accept: application/sdp',
    'Call-ID: badbranch.sadonfo23i420jv0as0derf3j3n',
    'CSeq: 8 OPTIONS',
    'l: 0',
    '',
    '',
  ])

  it('RFC 4475 §3.2.1 badbranch: reported for a stateless 400 by default', () => {
    const h = arrive(fresh(), 0, badbranch)
    expect(h.log.map((e) => e.output)).toEqual([expect.objectContaining({ type: 'bad-request', problem: 'branch-is-magic-cookie' })])
    expect(h.layer.transactions.size).toBe(0)
  })

  it('badbranch with badBranch: rfc2543 gets a transaction matched the 2543 way', () => {
    const h = arrive(arrive(fresh({ badBranch: 'rfc2543' }), 0, badbranch), 1, badbranch)
    expect(newTransactions(h)).toEqual(['s:1'])
    const tx = h.layer.transactions.get('s:1')
    expect(tx?.type === 'non-invite-server' && tx.key.type).toBe('rfc2543')
  })

  it('RFC 4475 mismatch01: CSeq method differs from the method: 400; an ACK is only dropped', () => {
    const h = arrive(fresh(), 0, request({ method: 'OPTIONS', cseqMethod: 'INVITE' }))
    expect(h.log.map((e) => e.output)).toEqual([expect.objectContaining({ type: 'bad-request', problem: 'cseq-method-mismatch' })])
    const a = arrive(fresh(), 0, request({ method: 'ACK', cseqMethod: 'INVITE' }))
    expect(a.log.map((e) => e.output.type)).toEqual(['dropped'])
  })

  it('no Via: dropped; no CSeq: 400', () => {
    const noVia = { ...request(), headers: request().headers.filter((h) => h.key !== 'via') }
    expect(arrive(fresh(), 0, noVia).log.map((e) => e.output.type)).toEqual(['dropped'])
    const noCseq = { ...request(), headers: request().headers.filter((h) => h.key !== 'cseq') }
    expect(arrive(fresh(), 0, noCseq).log.map((e) => e.output)).toEqual([expect.objectContaining({ type: 'bad-request', problem: 'bad-cseq' })])
  })
})

describe('client matching (§17.1.3)', () => {
  const sent = feed(fresh(), { type: 'send-request', at: 0, request: request({ method: 'OPTIONS' }), destination: bob, transport: 'udp' })

  it('drops responses that match no client transaction (T-IC-9)', () => {
    const other = responseTo(request({ method: 'OPTIONS', branch: 'z9hG4bKother' }), 200)
    const h = feed(sent, { type: 'receive-response', at: 1, response: other, source: bob, transport: 'udp' })
    expect(h.log.at(-1)?.output).toMatchObject({ type: 'dropped', reason: 'no client transaction matches' })
  })

  it('drops responses without a branch or with a status out of range', () => {
    const noBranch = responseTo(request({ method: 'OPTIONS', branch: undefined }), 200)
    const h = feed(sent, { type: 'receive-response', at: 1, response: noBranch, source: bob, transport: 'udp' })
    expect(h.log.at(-1)?.output.type).toBe('dropped')
    const weird = { ...responseTo(request({ method: 'OPTIONS' }), 200), status: 99 }
    expect(feed(sent, { type: 'receive-response', at: 1, response: weird, source: bob, transport: 'udp' }).log.at(-1)?.output.type).toBe('dropped')
  })

  it('refuses TU requests it cannot make a transaction of', () => {
    const tries: ReadonlyArray<SipRequest> = [
      request({ method: 'ACK' }),
      request({ branch: undefined }),
      request({ branch: 'z9hG4bK' }),
      request({ branch: '1234' }),
      request({ method: 'INVITE', cseqMethod: 'BYE' }),
    ]
    for (const r of tries) {
      const h = feed(fresh(), { type: 'send-request', at: 0, request: r, destination: bob, transport: 'udp' })
      expect(h.log.map((e) => e.output.type)).toEqual(['error'])
    }
    const twice = feed(sent, { type: 'send-request', at: 1, request: request({ method: 'OPTIONS' }), destination: bob, transport: 'udp' })
    expect(twice.log.at(-1)?.output.type).toBe('error')
    expect(sentMessages(twice).length).toBe(1)
  })
})
