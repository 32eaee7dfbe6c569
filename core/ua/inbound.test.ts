/**
 * Requests reaching the UA core (RFC 3261 §8.2, §9.2, §11.2, §12.2.2), driven by hand on
 * the test network (testing/ua-net.ts): Bob is a user agent, Alice a raw endpoint whose
 * messages the test writes, and Bob's answers to each are read back parsed.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { codecs, headerValue, headerValues, rawHeader, type SipMessage, type SipRequest, type SipResponse } from '../message/index.ts'
import { ackFor2xx, request, type RequestSpec } from '../transaction/testing/messages.ts'
import type { Command } from './command.ts'
import type { UaConfigInput } from './config.ts'
import { makeUaNet } from './testing/ua-net.ts'

const bobUri = 'sip:bob@192.0.2.2:5060'
const callId = 'call-1@192.0.2.1'

const sdpOffer = ['v=0', 'o=alice 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 30000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n')

/** A request from Alice to Bob (Via sent-by Alice, Call-ID of the call under test unless given). */
const fromAlice = (spec: RequestSpec): SipRequest => request({ uri: bobUri, sentBy: '192.0.2.1:5060', callId, ...spec })

/** Bob on the test network, with Alice as a raw endpoint; each input returns what Bob sent at once. */
const bob = (config: Partial<UaConfigInput> = {}) => {
  const n = makeUaNet([{ name: 'bob', address: '192.0.2.2', config: { keepaliveMs: 0, ...config } }], { raw: { alice: '192.0.2.1' } })
  const sentSince = (from: number): ReadonlyArray<SipMessage> => n.sends.slice(from).filter((w) => w.from === 'bob').map((w) => w.msg)
  return {
    get events() {
      return n.eventsOf('bob')
    },
    get ua() {
      return n.ua('bob')!
    },
    receive: (msg: SipMessage): ReadonlyArray<SipMessage> => {
      const from = n.sends.length
      n.inject('alice', 'bob', msg)
      return sentSince(from)
    },
    command: (command: Command): ReadonlyArray<SipMessage> => {
      const from = n.sends.length
      n.command('bob', command)
      return sentSince(from)
    },
  }
}

const responses = (sent: ReadonlyArray<SipMessage>): ReadonlyArray<SipResponse> => sent.flatMap((m) => (m.type === 'response' ? [m] : []))
const statuses = (sent: ReadonlyArray<SipMessage>): ReadonlyArray<string> =>
  responses(sent).map((r) => {
    const c = headerValue(r, codecs.cseq)
    return `${r.status} ${E.isRight(c) ? c.right?.method : '?'}`
  })
const toTag = (m: SipMessage): string | undefined => {
  const to = headerValue(m, codecs.to)
  return E.isRight(to) ? to.right?.params.find((p) => p.name === 'tag')?.value : undefined
}

/** Alice calls Bob (an offer in the INVITE); Bob rings; returns Bob, the INVITE and Bob's tag. */
const ringing = (branch = 'z9hG4bKinvite1') => {
  const b = bob()
  const invite = fromAlice({ branch, extra: [['Contact', '<sip:alice@192.0.2.1:5060>'], ['Content-Type', 'application/sdp']] })
  const withBody: SipRequest = { ...invite, body: new TextEncoder().encode(sdpOffer) }
  const sent = b.receive(withBody)
  expect(statuses(sent)).toEqual(['100 INVITE', '180 INVITE'])
  const tag = toTag(responses(sent)[1]!) ?? ''
  expect(tag).not.toBe('')
  return { b, invite: withBody, tag }
}

/** …and Bob answers and Alice ACKs: a confirmed dialog (Alice's tag 1928301774, Bob's `tag`). */
const established = () => {
  const r = ringing()
  expect(statuses(r.b.command({ type: 'answer', call: 'c1' }))).toEqual(['200 INVITE'])
  r.b.receive(ackFor2xx(r.invite, r.tag))
  expect(r.b.events.map((e) => e.type)).toEqual(['incoming', 'answered'])
  return r
}

describe('CANCEL that matches nothing (RFC 3261 §9.2)', () => {
  it('gets 481 when there is no INVITE at all, and nothing else happens', () => {
    const b = bob()
    const sent = b.receive(fromAlice({ method: 'CANCEL', branch: 'z9hG4bKnone' }))
    expect(statuses(sent)).toEqual(['481 CANCEL'])
    expect(sent.filter((m) => m.type === 'request')).toEqual([])
    expect(b.events).toEqual([])
  })

  it('gets 481 when its branch matches no INVITE server transaction, and the ringing call rings on; the matching CANCEL then gets 200 and 487', () => {
    const { b } = ringing('z9hG4bKinvite1')
    expect(statuses(b.receive(fromAlice({ method: 'CANCEL', branch: 'z9hG4bKother' })))).toEqual(['481 CANCEL'])
    expect(b.events.map((e) => e.type)).toEqual(['incoming'])
    expect(b.ua.calls.get('c1')?.state).toBe('Incoming')
    // The same CANCEL with the INVITE's branch is matched (§9.2, §17.2.3).
    expect(statuses(b.receive(fromAlice({ method: 'CANCEL', branch: 'z9hG4bKinvite1' })))).toEqual(['200 CANCEL', '487 INVITE'])
    expect(b.events).toContainEqual({ type: 'ended', call: 'c1', reason: 'cancelled', status: 487 })
  })

  it('a CANCEL for an INVITE already answered is matched: 200, and the call goes on', () => {
    const { b } = established()
    expect(statuses(b.receive(fromAlice({ method: 'CANCEL', branch: 'z9hG4bKinvite1' })))).toEqual(['200 CANCEL'])
    expect(b.events.map((e) => e.type)).toEqual(['incoming', 'answered'])
  })
})

describe('BYE and NOTIFY outside any dialog (RFC 3261 §12.2.2)', () => {
  const notify = (spec: RequestSpec): SipRequest =>
    fromAlice({ method: 'NOTIFY', ...spec, extra: [['Event', 'refer;id=7'], ['Subscription-State', 'active;expires=60'], ['Contact', '<sip:alice@192.0.2.1:5060>']] })

  for (const [method, make] of [['BYE', (s: RequestSpec) => fromAlice({ method: 'BYE', ...s })], ['NOTIFY', notify]] as const) {
    it(`${method} with a To tag that names no dialog gets 481`, () => {
      const b = bob()
      const sent = b.receive(make({ toTag: 'nosuchtag', branch: 'z9hG4bKx1' }))
      expect(statuses(sent)).toEqual([`481 ${method}`])
      expect(toTag(sent[0]!)).toBe('nosuchtag')
      expect(b.events).toEqual([])
    })

    it(`${method} without a To tag gets 481`, () => {
      const b = bob()
      expect(statuses(b.receive(make({ branch: 'z9hG4bKx2' })))).toEqual([`481 ${method}`])
    })

    it(`${method} in the Call-ID of a live call but with a tag of another dialog gets 481, and the call is untouched`, () => {
      const { b, tag } = established()
      // Our tag with another From tag, and another To tag with Alice's From tag: neither is the dialog.
      expect(statuses(b.receive(make({ toTag: tag, fromTag: 'strangertag', branch: 'z9hG4bKx3', cseq: 400 })))).toEqual([`481 ${method}`])
      expect(statuses(b.receive(make({ toTag: `${tag}x`, branch: 'z9hG4bKx4', cseq: 401 })))).toEqual([`481 ${method}`])
      expect(b.events.map((e) => e.type)).toEqual(['incoming', 'answered'])
      expect(b.ua.calls.get('c1')?.state).toBe('Confirmed')
    })
  }

  it('(the control) a BYE with the dialog\'s tags gets 200 and ends the call', () => {
    const { b, tag } = established()
    expect(statuses(b.receive(fromAlice({ method: 'BYE', toTag: tag, branch: 'z9hG4bKbye', cseq: 314160 })))).toEqual(['200 BYE'])
    expect(b.events).toContainEqual({ type: 'ended', call: 'c1', reason: 'remote-hangup' })
  })
})

describe('OPTIONS (RFC 3261 §11.2)', () => {
  const capabilities = (r: SipResponse) => {
    const allow = headerValues(r, codecs.allow)
    const supported = headerValues(r, codecs.supported)
    return {
      allow: E.isRight(allow) ? [...allow.right].sort() : 'unreadable',
      accept: (rawHeader(r, 'Accept') ?? '').split(',').map((s) => s.trim()),
      supported: E.isRight(supported) ? [...supported.right].sort() : 'unreadable',
    }
  }
  const expected = {
    allow: ['ACK', 'BYE', 'CANCEL', 'INVITE', 'NOTIFY', 'OPTIONS', 'REFER', 'SUBSCRIBE'],
    accept: ['application/sdp', 'message/sipfrag'],
    supported: ['norefersub', 'replaces', 'tdialog'],
  }

  it('outside a dialog: 200 with Allow, Accept and Supported', () => {
    const b = bob()
    const [ok] = responses(b.receive(fromAlice({ method: 'OPTIONS', branch: 'z9hG4bKopt1' })))
    expect(ok?.status).toBe(200)
    expect(capabilities(ok!)).toEqual(expected)
    expect(toTag(ok!)).toBeDefined()
    expect(b.events).toEqual([])
  })

  it('inside a dialog: the same 200 with Allow, Accept and Supported', () => {
    const { b, tag } = established()
    const [ok] = responses(b.receive(fromAlice({ method: 'OPTIONS', toTag: tag, branch: 'z9hG4bKopt2', cseq: 314160 })))
    expect(ok?.status).toBe(200)
    expect(capabilities(ok!)).toEqual(expected)
  })

  it('without REFER and Replaces, Bob lists neither (§20.5, RFC 3891 §6.2)', () => {
    const b = bob({ extensions: { refer: false, replaces: false } })
    const [ok] = responses(b.receive(fromAlice({ method: 'OPTIONS', branch: 'z9hG4bKopt4' })))
    expect(capabilities(ok!)).toEqual({ ...expected, allow: expected.allow.filter((m) => m !== 'REFER'), supported: expected.supported.filter((t) => t !== 'replaces') })
  })

  it.each([
    ['all extensions', {}],
    ['REFER and Replaces off', { extensions: { refer: false, replaces: false } }],
  ] as const)('with %s, each method Allow lists is one Bob does: none of them gets 405 or 501', (_, config) => {
    const b = bob(config)
    const [ok] = responses(b.receive(fromAlice({ method: 'OPTIONS', branch: 'z9hG4bKopt3' })))
    const allow = headerValues(ok!, codecs.allow)
    const methods = E.isRight(allow) ? allow.right.filter((m) => m !== 'ACK') : []
    expect(methods.length).toBeGreaterThan(0)
    methods.forEach((method, i) => {
      const got = responses(b.receive(fromAlice({ method, branch: `z9hG4bKallow${i}`, callId: `allow-${i}`, cseq: 1 }))).map((r) => r.status)
      expect(got.filter((s) => s === 405 || s === 501), method).toEqual([])
    })
  })
})

describe('CSeq of requests in the dialog, at the UA (RFC 3261 §12.2.2)', () => {
  it('a re-INVITE older than the last request gets 500; a late BYE is still taken (usages share the CSeq space)', () => {
    const { b, tag } = established()
    // An OPTIONS moves the remote sequence number to 314170.
    expect(statuses(b.receive(fromAlice({ method: 'OPTIONS', toTag: tag, branch: 'z9hG4bKo', cseq: 314170 })))).toEqual(['200 OPTIONS'])
    const reinvite = fromAlice({ toTag: tag, branch: 'z9hG4bKre', cseq: 314165, extra: [['Contact', '<sip:alice@192.0.2.1:5060>']] })
    const [refused] = responses(b.receive(reinvite)).filter((r) => r.status >= 200)
    expect(refused?.status).toBe(500)
    expect(refused?.reason).toBe('CSeq Out of Order')
    expect(b.ua.calls.get('c1')?.state).toBe('Confirmed')
    expect(statuses(b.receive(fromAlice({ method: 'BYE', toTag: tag, branch: 'z9hG4bKb', cseq: 314166 })))).toEqual(['200 BYE'])
    expect(b.events).toContainEqual({ type: 'ended', call: 'c1', reason: 'remote-hangup' })
  })
})
