import { describe, it, expect } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { parseSdp } from './parse-sdp.ts'
import {
  answerDirection,
  declaredDirection,
  holdDirection,
  isHeld,
  mediaDirection,
  resumeDirection,
  withDirectionAttribute,
} from './direction.ts'
import type { Sdp, SdpMedia, StreamDirection } from './types.ts'

const crlf = (...lines: ReadonlyArray<string>): string => lines.map((l) => `${l}\r\n`).join('')

const ok = (text: string): Sdp => {
  const r = parseSdp(text)
  if (E.isLeft(r)) return expect.fail(r.left.reason)
  return r.right
}

const media = (sdp: Sdp, i = 0): SdpMedia => sdp.media[i] ?? expect.fail('no media')

const session = (sessionLines: ReadonlyArray<string>, ...mediaLines: ReadonlyArray<string>): Sdp =>
  ok(crlf('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', ...sessionLines, 't=0 0', ...mediaLines))

describe('direction of a media section (RFC 3264 §5.1)', () => {
  it('media attribute, else session attribute, else sendrecv', () => {
    const sdp = session(
      ['c=IN IP4 192.0.2.1', 'a=recvonly'],
      'm=audio 4000 RTP/AVP 0',
      'a=sendonly',
      'm=audio 4002 RTP/AVP 0',
    )
    expect(declaredDirection(sdp, media(sdp, 0))).toBe('sendonly')
    expect(declaredDirection(sdp, media(sdp, 1))).toBe('recvonly')
    const plain = session(['c=IN IP4 192.0.2.1'], 'm=audio 4000 RTP/AVP 0')
    expect(mediaDirection(plain, media(plain))).toBe('sendrecv')
    expect(isHeld(plain, media(plain))).toBe(false)
  })

  it('a real phone hold answer, c=IN IP4 0.0.0.0 with a=inactive, is inactive and held', () => {
    const sdp = ok(
      crlf(
        'v=0',
        'o=Z 1720022016 1720022018 IN IP4 192.168.1.20',
        's=Z',
        'c=IN IP4 0.0.0.0',
        't=0 0',
        'm=audio 8000 RTP/AVP 0 8 101',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-16',
        'a=inactive',
      ),
    )
    expect(mediaDirection(sdp, media(sdp))).toBe('inactive')
    expect(isHeld(sdp, media(sdp))).toBe(true)
  })

  it('RFC 2543 hold, c=IN IP4 0.0.0.0 without attribute: nothing may be sent to that side', () => {
    const sdp = session(['c=IN IP4 0.0.0.0'], 'm=audio 8000 RTP/AVP 0')
    expect(declaredDirection(sdp, media(sdp))).toBe('sendrecv')
    expect(mediaDirection(sdp, media(sdp))).toBe('sendonly')
    expect(isHeld(sdp, media(sdp))).toBe(true)
    const recvonly = session(['c=IN IP4 0.0.0.0'], 'm=audio 8000 RTP/AVP 0', 'a=recvonly')
    expect(mediaDirection(recvonly, media(recvonly))).toBe('inactive')
  })

  it('a media-level c= overrides a session-level 0.0.0.0', () => {
    const sdp = session(['c=IN IP4 0.0.0.0'], 'm=audio 8000 RTP/AVP 0', 'c=IN IP4 192.0.2.7')
    expect(mediaDirection(sdp, media(sdp))).toBe('sendrecv')
  })

  it('a disabled stream is not held', () => {
    const sdp = session(['c=IN IP4 192.0.2.1'], 'm=audio 0 RTP/AVP 0', 'a=sendonly')
    expect(isHeld(sdp, media(sdp))).toBe(false)
  })
})

describe('answer directions (RFC 3264 §6.1)', () => {
  it.each<[StreamDirection, StreamDirection, StreamDirection]>([
    ['sendonly', 'sendrecv', 'recvonly'],
    ['recvonly', 'sendrecv', 'sendonly'],
    ['inactive', 'sendrecv', 'inactive'],
    ['sendrecv', 'sendrecv', 'sendrecv'],
    ['sendrecv', 'sendonly', 'sendonly'],
    ['sendrecv', 'recvonly', 'recvonly'],
    ['sendrecv', 'inactive', 'inactive'],
    ['sendonly', 'sendonly', 'inactive'],
    ['recvonly', 'recvonly', 'inactive'],
  ])('offer %s, we prefer %s: answer %s', (offered, preferred, answered) => {
    expect(answerDirection(offered, preferred)).toBe(answered)
  })
})

describe('hold directions (RFC 3264 §8.4)', () => {
  it.each<[StreamDirection, StreamDirection, StreamDirection]>([
    ['sendrecv', 'sendonly', 'sendrecv'],
    ['recvonly', 'inactive', 'recvonly'],
    ['sendonly', 'sendonly', 'sendrecv'],
    ['inactive', 'inactive', 'recvonly'],
  ])('%s holds as %s and resumes as %s', (before, held, resumed) => {
    expect(holdDirection(before)).toBe(held)
    expect(resumeDirection(held)).toBe(resumed)
  })
})

describe('withDirectionAttribute', () => {
  it('replaces the first direction attribute in place and drops the others', () => {
    expect(
      withDirectionAttribute(
        [
          { type: 'value', name: 'rtpmap', value: '0 PCMU/8000' },
          { type: 'property', name: 'sendrecv' },
          { type: 'value', name: 'ptime', value: '20' },
          { type: 'property', name: 'recvonly' },
        ],
        'sendonly',
      ),
    ).toEqual([
      { type: 'value', name: 'rtpmap', value: '0 PCMU/8000' },
      { type: 'property', name: 'sendonly' },
      { type: 'value', name: 'ptime', value: '20' },
    ])
  })

  it('appends when there is none', () => {
    expect(withDirectionAttribute([], 'inactive')).toEqual([{ type: 'property', name: 'inactive' }])
  })
})
