import { describe, it, expect } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { parseSdp } from './parse-sdp.ts'
import { formatSdp } from './format-sdp.ts'
import { createOffer } from './create-offer.ts'
import { createAnswer } from './create-answer.ts'
import { mediaDirection } from './direction.ts'
import type { LocalMedia, RtpCodec } from './local-media.ts'
import type { Sdp } from './types.ts'

const crlf = (...lines: ReadonlyArray<string>): string => lines.map((l) => `${l}\r\n`).join('')

const ok = (text: string): Sdp => {
  const r = parseSdp(text)
  if (E.isLeft(r)) return expect.fail(`${r.left.reason} at ${r.left.line}:${r.left.column}`)
  return r.right
}

const PCMU: RtpCodec = { name: 'PCMU', payloadType: 0, clockRate: 8000 }
const PCMA: RtpCodec = { name: 'PCMA', payloadType: 8, clockRate: 8000 }
const G723: RtpCodec = { name: 'G723', payloadType: 4, clockRate: 8000 }
const DTMF: RtpCodec = { name: 'telephone-event', payloadType: 101, clockRate: 8000, fmtp: '0-16' }

const local = (over: Partial<LocalMedia> = {}): LocalMedia => ({
  address: '192.0.2.10',
  port: 49170,
  codecs: [PCMU, PCMA, DTMF],
  direction: 'sendrecv',
  sessionId: '42',
  version: '1',
  ...over,
})

const answered = (offer: Sdp, l: LocalMedia): Sdp => {
  const r = createAnswer(offer, l)
  if (E.isLeft(r)) return expect.fail(r.left.reason)
  return r.right
}

/** The lines from the first m= on. */
const mediaText = (text: string): string => text.slice(text.indexOf('m='))

describe('createOffer (RFC 3264 §5)', () => {
  it('writes one audio stream with rtpmap for every codec, fmtp, ptime and the direction', () => {
    expect(formatSdp(createOffer(local({ ptime: 20 })))).toBe(
      crlf(
        'v=0',
        'o=- 42 1 IN IP4 192.0.2.10',
        's=-',
        'c=IN IP4 192.0.2.10',
        't=0 0',
        'm=audio 49170 RTP/AVP 0 8 101',
        'a=rtpmap:0 PCMU/8000',
        'a=rtpmap:8 PCMA/8000',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-16',
        'a=ptime:20',
        'a=sendrecv',
      ),
    )
  })

  it('uses IP6 for an IPv6 address, without brackets', () => {
    const offer = createOffer(local({ address: '2001:db8::10' }))
    expect(offer.origin.addrtype).toBe('IP6')
    expect(offer.connection).toEqual({ nettype: 'IN', addrtype: 'IP6', address: '2001:db8::10' })
  })

  it('round-trips through the codec', () => {
    const offer = createOffer(local({ username: 'alice', direction: 'recvonly' }))
    expect(ok(formatSdp(offer))).toEqual(offer)
  })
})

// RFC 3264 §10.1, Alice's offer: one audio and two video streams.
const RFC3264_10_1_OFFER = crlf(
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 host.anywhere.com',
  's=',
  'c=IN IP4 host.anywhere.com',
  't=0 0',
  'm=audio 49170 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  'm=video 51372 RTP/AVP 31',
  'a=rtpmap:31 H261/90000',
  'm=video 53000 RTP/AVP 32',
  'a=rtpmap:32 MPV/90000',
)

// RFC 3264 §10.2, first exchange: three codecs, inactive until one is locked down.
const RFC3264_10_2_OFFER = crlf(
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 host.anywhere.com',
  's=',
  'c=IN IP4 host.anywhere.com',
  't=0 0',
  'm=audio 62986 RTP/AVP 0 4 18',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:4 G723/8000',
  'a=rtpmap:18 G729/8000',
  'a=inactive',
)
const RFC3264_10_2_ANSWER = crlf(
  'v=0',
  'o=bob 2890844730 2890844731 IN IP4 host.example.com',
  's=',
  'c=IN IP4 host.example.com',
  't=0 0',
  'm=audio 54344 RTP/AVP 0 4',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:4 G723/8000',
  'a=inactive',
)
// RFC 3264 §10.2, second exchange: G.723 locked down, sendrecv.
const RFC3264_10_2_REOFFER = crlf(
  'v=0',
  'o=alice 2890844526 2890844527 IN IP4 host.anywhere.com',
  's=',
  'c=IN IP4 host.anywhere.com',
  't=0 0',
  'm=audio 62986 RTP/AVP 4',
  'a=rtpmap:4 G723/8000',
  'a=sendrecv',
)
const RFC3264_10_2_REANSWER = crlf(
  'v=0',
  'o=bob 2890844730 2890844732 IN IP4 host.example.com',
  's=',
  'c=IN IP4 host.example.com',
  't=0 0',
  'm=audio 54344 RTP/AVP 4',
  'a=rtpmap:4 G723/8000',
  'a=sendrecv',
)

const bob = (version: string): LocalMedia =>
  local({
    address: 'host.example.com',
    port: 54344,
    codecs: [PCMU, G723],
    username: 'bob',
    sessionId: '2890844730',
    version,
  })

describe('createAnswer, RFC 3264 §10 examples', () => {
  it('§10.1: audio accepted; streams we cannot use are rejected with port 0 and their formats', () => {
    const answer = answered(ok(RFC3264_10_1_OFFER), local({ address: 'host.example.com', port: 49920, codecs: [PCMU] }))
    expect(mediaText(formatSdp(answer))).toBe(
      crlf('m=audio 49920 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', 'm=video 0 RTP/AVP 31', 'm=video 0 RTP/AVP 32'),
    )
  })

  it("§10.2: Bob's answer to the inactive offer, codecs intersected in the offer's order", () => {
    const answer = answered(ok(RFC3264_10_2_OFFER), bob('2890844731'))
    expect(mediaText(formatSdp(answer))).toBe(mediaText(RFC3264_10_2_ANSWER))
    expect(answer.origin).toEqual(ok(RFC3264_10_2_ANSWER).origin)
  })

  it("§10.2: Bob's answer to the re-offer with the single codec", () => {
    const answer = answered(ok(RFC3264_10_2_REOFFER), bob('2890844732'))
    expect(mediaText(formatSdp(answer))).toBe(mediaText(RFC3264_10_2_REANSWER))
  })
})

const offerText = (...mediaLines: ReadonlyArray<string>): Sdp =>
  ok(crlf('v=0', 'o=- 7 7 IN IP4 198.51.100.1', 's=-', 'c=IN IP4 198.51.100.1', 't=3034423619 3042462419', ...mediaLines))

describe('createAnswer', () => {
  it("keeps the offer's codec order and payload numbers, our fmtp", () => {
    const offer = offerText(
      'm=audio 5000 RTP/AVP 8 18 0 96',
      'a=rtpmap:96 telephone-event/8000',
      'a=fmtp:96 0-15',
    )
    const answer = answered(offer, local())
    expect(answer.media[0]?.formats).toEqual(['8', '0', '96'])
    expect(answer.media[0]?.attributes).toContainEqual({ type: 'value', name: 'fmtp', value: '96 0-16' })
    expect(answer.media[0]?.attributes).toContainEqual({ type: 'value', name: 'rtpmap', value: '96 telephone-event/8000' })
  })

  it('matches encoding names case-insensitively', () => {
    const offer = offerText('m=audio 5000 RTP/AVP 0', 'a=rtpmap:0 pcmu/8000')
    expect(answered(offer, local()).media[0]?.formats).toEqual(['0'])
  })

  it('copies the t= line of the offer (§6) and keeps the number of m= lines', () => {
    const offer = offerText('m=video 5002 RTP/AVP 31', 'm=audio 5000 RTP/AVP 0', 'm=audio 5004 RTP/AVP 0')
    const answer = answered(offer, local())
    expect(answer.timing).toEqual(offer.timing)
    expect(answer.media.map((m) => [m.media, m.port])).toEqual([
      ['video', 0],
      ['audio', 49170],
      ['audio', 0],
    ])
  })

  it('skips a disabled or secure stream and takes the next acceptable one', () => {
    const offer = offerText('m=audio 0 RTP/AVP 0', 'm=audio 5000 RTP/SAVP 0', 'm=audio 5002 RTP/AVP 8')
    expect(answered(offer, local()).media.map((m) => m.port)).toEqual([0, 0, 49170])
  })

  it.each([
    ['sendonly', 'recvonly'],
    ['recvonly', 'sendonly'],
    ['inactive', 'inactive'],
    ['sendrecv', 'sendrecv'],
  ])('answers an offered %s with %s (§6.1)', (offered, expected) => {
    const answer = answered(offerText('m=audio 5000 RTP/AVP 0', `a=${offered}`), local())
    expect(mediaDirection(answer, answer.media[0] ?? expect.fail())).toBe(expected)
  })

  it('follows the local preference for a sendrecv offer', () => {
    const answer = answered(offerText('m=audio 5000 RTP/AVP 0'), local({ direction: 'recvonly' }))
    expect(mediaDirection(answer, answer.media[0] ?? expect.fail())).toBe('recvonly')
  })

  it('answers an RFC 2543 hold offer (c=0.0.0.0) with recvonly: nothing is sent to 0.0.0.0', () => {
    const offer = ok(crlf('v=0', 'o=- 7 8 IN IP4 198.51.100.1', 's=-', 'c=IN IP4 0.0.0.0', 't=0 0', 'm=audio 5000 RTP/AVP 0'))
    const answer = answered(offer, local())
    expect(mediaDirection(answer, answer.media[0] ?? expect.fail())).toBe('recvonly')
  })

  it('is not acceptable without a common voice codec', () => {
    const none = createAnswer(offerText('m=audio 5000 RTP/AVP 18'), local())
    expect(E.isLeft(none) && none.left.type).toBe('not-acceptable')
    const onlyDtmf = createAnswer(
      offerText('m=audio 5000 RTP/AVP 18 101', 'a=rtpmap:101 telephone-event/8000'),
      local(),
    )
    expect(E.isLeft(onlyDtmf) && onlyDtmf.left.type).toBe('not-acceptable')
    expect(E.isLeft(createAnswer(offerText(), local()))).toBe(true)
  })

  it('rejects an audio stream without any connection address', () => {
    const offer = ok(crlf('v=0', 'o=- 7 7 IN IP4 198.51.100.1', 's=-', 't=0 0', 'm=audio 5000 RTP/AVP 0'))
    expect(E.isLeft(createAnswer(offer, local()))).toBe(true)
  })

  it('produces text that parses back to the same answer', () => {
    const answer = answered(offerText('m=audio 5000 RTP/AVP 8 0', 'm=video 5002 RTP/AVP 31'), local())
    expect(ok(formatSdp(answer))).toEqual(answer)
  })
})
