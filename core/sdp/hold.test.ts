import { describe, it, expect } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { parseSdp } from './parse-sdp.ts'
import { formatSdp } from './format-sdp.ts'
import { createOffer } from './create-offer.ts'
import { holdOffer, incrementVersion, resumeOffer } from './hold.ts'
import { declaredDirection, isHeld } from './direction.ts'
import type { Sdp, StreamDirection } from './types.ts'

const crlf = (...lines: ReadonlyArray<string>): string => lines.map((l) => `${l}\r\n`).join('')

const ok = (text: string): Sdp => {
  const r = parseSdp(text)
  if (E.isLeft(r)) return expect.fail(r.left.reason)
  return r.right
}

const offer = (direction: StreamDirection): Sdp =>
  createOffer({
    address: '192.0.2.10',
    port: 49170,
    codecs: [{ name: 'PCMU', payloadType: 0, clockRate: 8000 }],
    direction,
    sessionId: '42',
    version: '7',
  })

const directions = (sdp: Sdp): ReadonlyArray<StreamDirection> => sdp.media.map((m) => declaredDirection(sdp, m))

describe('holdOffer / resumeOffer (RFC 3264 §8.4)', () => {
  it('holds sendrecv as sendonly, one version up, nothing else changed', () => {
    const previous = offer('sendrecv')
    const held = holdOffer(previous)
    expect(directions(held)).toEqual(['sendonly'])
    expect(held.origin.sessionVersion).toBe('8')
    expect(formatSdp(held)).toBe(formatSdp(previous).replace(' 7 IN', ' 8 IN').replace('a=sendrecv', 'a=sendonly'))
    expect(isHeld(held, held.media[0] ?? expect.fail())).toBe(true)
  })

  it('holds recvonly as inactive', () => {
    expect(directions(holdOffer(offer('recvonly')))).toEqual(['inactive'])
  })

  it('holding what is held changes nothing, not even the version (§8)', () => {
    const held = holdOffer(offer('sendrecv'))
    expect(holdOffer(held)).toBe(held)
    expect(holdOffer(offer('inactive'))).toEqual(offer('inactive'))
  })

  it('resumes to sendrecv with another version step', () => {
    const resumed = resumeOffer(holdOffer(offer('sendrecv')))
    expect(directions(resumed)).toEqual(['sendrecv'])
    expect(resumed.origin.sessionVersion).toBe('9')
    expect(resumeOffer(resumed)).toBe(resumed)
    expect(directions(resumeOffer(holdOffer(offer('recvonly'))))).toEqual(['recvonly'])
    expect(directions(resumeOffer(offer('inactive'), 'sendrecv'))).toEqual(['sendrecv'])
  })

  it('moves a session-level direction to each enabled stream and leaves port 0 streams alone', () => {
    const previous = ok(
      crlf(
        'v=0',
        'o=- 1 18446744073709551615 IN IP4 192.0.2.10',
        's=-',
        'c=IN IP4 192.0.2.10',
        't=0 0',
        'a=sendrecv',
        'm=audio 4000 RTP/AVP 0',
        'a=rtpmap:0 PCMU/8000',
        'm=video 0 RTP/AVP 31',
        'm=audio 4002 RTP/AVP 8',
        'a=recvonly',
      ),
    )
    const held = holdOffer(previous)
    expect(held.attributes).toEqual([])
    expect(held.media[0]?.attributes).toEqual([
      { type: 'value', name: 'rtpmap', value: '0 PCMU/8000' },
      { type: 'property', name: 'sendonly' },
    ])
    expect(held.media[1]).toBe(previous.media[1])
    expect(held.media[2]?.attributes).toEqual([{ type: 'property', name: 'inactive' }])
    expect(held.origin.sessionVersion).toBe('18446744073709551616')
  })
})

describe('incrementVersion', () => {
  it.each([
    ['0', '1'],
    ['9', '10'],
    ['2890844526', '2890844527'],
    ['9007199254740993', '9007199254740994'],
  ])('%s -> %s', (before, after) => {
    const sdp = offer('sendrecv')
    expect(incrementVersion({ ...sdp, origin: { ...sdp.origin, sessionVersion: before } }).origin.sessionVersion).toBe(after)
  })
})
