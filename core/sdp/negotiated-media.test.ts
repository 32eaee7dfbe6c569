import { describe, it, expect } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { parseSdp } from './parse-sdp.ts'
import { createOffer } from './create-offer.ts'
import { createAnswer } from './create-answer.ts'
import { holdOffer } from './hold.ts'
import { negotiatedMedia, type NegotiatedMedia } from './negotiated-media.ts'
import { aliceMedia, bobMedia } from './testing/local-media.ts'
import type { Sdp } from './types.ts'

const crlf = (...lines: ReadonlyArray<string>): string => lines.map((l) => `${l}\r\n`).join('')

const ok = (text: string): Sdp => {
  const r = parseSdp(text)
  if (E.isLeft(r)) return expect.fail(r.left.reason)
  return r.right
}

const negotiated = (offer: Sdp, answer: Sdp, asOfferer: boolean): NegotiatedMedia => {
  const r = negotiatedMedia(offer, answer, asOfferer)
  if (E.isLeft(r)) return expect.fail(r.left.reason)
  return r.right
}

const description = (user: string, address: string, ...mediaLines: ReadonlyArray<string>): Sdp =>
  ok(crlf('v=0', `o=${user} 1 1 IN IP4 ${address}`, 's=', `c=IN IP4 ${address}`, 't=0 0', ...mediaLines))

// RFC 3264 §10.2 second exchange (addresses made numeric).
const reoffer = description('alice', '192.0.2.1', 'm=audio 62986 RTP/AVP 4', 'a=rtpmap:4 G723/8000', 'a=sendrecv')
const reanswer = description('bob', '192.0.2.2', 'm=audio 54344 RTP/AVP 4', 'a=rtpmap:4 G723/8000', 'a=sendrecv')

describe('negotiatedMedia', () => {
  it('RFC 3264 §10.2, from the offerer and from the answerer', () => {
    expect(negotiated(reoffer, reanswer, true)).toEqual({
      index: 0,
      local: { address: '192.0.2.1', port: 62986 },
      remote: { address: '192.0.2.2', port: 54344 },
      codec: { name: 'G723', payloadType: 4, clockRate: 8000 },
      direction: 'sendrecv',
    })
    expect(negotiated(reoffer, reanswer, false)).toEqual({
      index: 0,
      local: { address: '192.0.2.2', port: 54344 },
      remote: { address: '192.0.2.1', port: 62986 },
      codec: { name: 'G723', payloadType: 4, clockRate: 8000 },
      direction: 'sendrecv',
    })
  })

  it('picks the first voice codec of the answer, skipping telephone-event', () => {
    const offer = description('a', '192.0.2.1', 'm=audio 4000 RTP/AVP 101 0 8', 'a=rtpmap:101 telephone-event/8000')
    const answer = description('b', '192.0.2.2', 'm=audio 5000 RTP/AVP 101 8 0', 'a=rtpmap:101 telephone-event/8000')
    expect(negotiated(offer, answer, true).codec).toEqual({ name: 'PCMA', payloadType: 8, clockRate: 8000 })
  })

  it("the answerer prefers the offer's order, the offerer the answer's (RFC 3264 §6.1, §7)", () => {
    const offer = description('a', '192.0.2.1', 'm=audio 4000 RTP/AVP 0 8')
    const answer = description('b', '192.0.2.2', 'm=audio 5000 RTP/AVP 8 0')
    expect(negotiated(offer, answer, true).codec.name).toBe('PCMA')
    expect(negotiated(offer, answer, false).codec.name).toBe('PCMU')
  })

  it('uses the payload type number the receiver listed', () => {
    const offer = description('a', '192.0.2.1', 'm=audio 4000 RTP/AVP 97', 'a=rtpmap:97 iLBC/8000')
    const answer = description('b', '192.0.2.2', 'm=audio 5000 RTP/AVP 98', 'a=rtpmap:98 iLBC/8000')
    expect(negotiated(offer, answer, true).codec.payloadType).toBe(98)
    expect(negotiated(offer, answer, false).codec.payloadType).toBe(97)
  })

  it('uses the media-level c= over the session one (RFC 5118 mult-ip-in-sdp shape)', () => {
    const offer = ok(
      crlf('v=0', 'o=bob 1 1 IN IP4 host.example.com', 's=', 't=0 0', 'm=audio 22334 RTP/AVP 0', 'c=IN IP4 192.0.2.1'),
    )
    const answer = ok(crlf('v=0', 'o=u 1 1 IN IP6 2001:db8::10', 's=-', 'c=IN IP6 2001:db8::10', 't=0 0', 'm=audio 7000 RTP/AVP 0'))
    const n = negotiated(offer, answer, false)
    expect(n.local).toEqual({ address: '2001:db8::10', port: 7000 })
    expect(n.remote).toEqual({ address: '192.0.2.1', port: 22334 })
  })

  const alice = aliceMedia
  const bob = bobMedia

  it('a hold: the offerer sends only, the answerer receives only', () => {
    const held = holdOffer(createOffer(alice))
    const answer = createAnswer(held, bob)
    if (E.isLeft(answer)) return expect.fail(answer.left.reason)
    expect(negotiated(held, answer.right, true).direction).toBe('sendonly')
    expect(negotiated(held, answer.right, false).direction).toBe('recvonly')
  })

  it('a hold answer from a phone, c=IN IP4 0.0.0.0 and a=inactive: inactive on our side', () => {
    const offer = holdOffer(createOffer(alice))
    const answer = ok(crlf('v=0', 'o=phone 5 6 IN IP4 192.0.2.2', 's=-', 'c=IN IP4 0.0.0.0', 't=0 0', 'm=audio 5000 RTP/AVP 0', 'a=inactive'))
    const n = negotiated(offer, answer, true)
    expect(n.direction).toBe('inactive')
    expect(n.remote).toEqual({ address: '0.0.0.0', port: 5000 })
  })

  it('an RFC 2543 hold answer (0.0.0.0, no attribute): we must not send', () => {
    const answer = ok(crlf('v=0', 'o=phone 5 6 IN IP4 192.0.2.2', 's=-', 'c=IN IP4 0.0.0.0', 't=0 0', 'm=audio 5000 RTP/AVP 0'))
    expect(negotiated(createOffer(alice), answer, true).direction).toBe('recvonly')
  })

  it('fails when the answer does not fit the offer or accepts nothing', () => {
    const rejected = description('b', '192.0.2.2', 'm=audio 0 RTP/AVP 4')
    const mismatch = negotiatedMedia(reoffer, description('b', '192.0.2.2'), true)
    expect(E.isLeft(mismatch) && mismatch.left.type).toBe('invalid-answer')
    const none = negotiatedMedia(reoffer, rejected, true)
    expect(E.isLeft(none) && none.left.type).toBe('not-acceptable')
  })
})
