import { describe, it, expect } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { parseSdp } from './parse-sdp.ts'
import { fmtp, parseRtpMap, rtpMap, rtpMaps } from './rtp-map.ts'
import type { SdpMedia } from './types.ts'

const crlf = (...lines: ReadonlyArray<string>): string => lines.map((l) => `${l}\r\n`).join('')

const firstMedia = (...mediaLines: ReadonlyArray<string>): SdpMedia => {
  const r = parseSdp(crlf('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', ...mediaLines))
  if (E.isLeft(r) || r.right.media[0] === undefined) return expect.fail('no media')
  return r.right.media[0]
}

describe('rtpMap', () => {
  const m = firstMedia(
    'm=audio 4000 RTP/AVP 0 8 96 101 18',
    'a=rtpmap:96 opus/48000/2',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=fmtp:96 minptime=10;useinbandfec=1',
  )

  it('falls back to the RFC 3551 static payload types: 0 PCMU/8000, 8 PCMA/8000', () => {
    expect(O.toUndefined(rtpMap(m, 0))).toEqual({ payloadType: 0, encoding: 'PCMU', clockRate: 8000 })
    expect(O.toUndefined(rtpMap(m, '8'))).toEqual({ payloadType: 8, encoding: 'PCMA', clockRate: 8000 })
    expect(O.toUndefined(rtpMap(m, 18))).toEqual({ payloadType: 18, encoding: 'G729', clockRate: 8000 })
  })

  it('reads dynamic payload types from a=rtpmap, with channels', () => {
    expect(O.toUndefined(rtpMap(m, 96))).toEqual({ payloadType: 96, encoding: 'opus', clockRate: 48000, channels: 2 })
    expect(O.toUndefined(rtpMap(m, '101'))).toEqual({ payloadType: 101, encoding: 'telephone-event', clockRate: 8000 })
    expect(O.isNone(rtpMap(m, 97))).toBe(true)
  })

  it('an explicit rtpmap wins over the static table', () => {
    const odd = firstMedia('m=audio 4000 RTP/AVP 0', 'a=rtpmap:0 pcmu/8000')
    expect(O.toUndefined(rtpMap(odd, 0))?.encoding).toBe('pcmu')
  })

  it('lists the maps of the m= line in order', () => {
    expect(rtpMaps(m).map((x) => x.encoding)).toEqual(['PCMU', 'PCMA', 'opus', 'telephone-event', 'G729'])
  })

  it('reads fmtp per payload type', () => {
    expect(O.toUndefined(fmtp(m, 101))).toBe('0-16')
    expect(O.toUndefined(fmtp(m, '96'))).toBe('minptime=10;useinbandfec=1')
    expect(O.isNone(fmtp(m, 0))).toBe(true)
  })

  it('rejects malformed rtpmap values', () => {
    for (const bad of ['', 'x PCMU/8000', '0 PCMU', '0 PCMU/abc', '0 /8000', '0 a/1/2/3']) {
      expect(O.isNone(parseRtpMap(bad))).toBe(true)
    }
  })
})
