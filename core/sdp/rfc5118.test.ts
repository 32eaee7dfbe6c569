/**
 * The SDP bodies of the RFC 5118 torture messages (§4.4 ipv6-in-sdp, §4.5
 * mult-ip-in-sdp, §4.6 ipv4-mapped-ipv6), copied from
 * /work/shared/conformance/rfc5118/wire/ so that core tests do no I/O
 * (properties/sdp-roundtrip.test.ts reads the files themselves).
 */
import { describe, it, expect } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { parseSdp } from './parse-sdp.ts'
import { formatSdp } from './format-sdp.ts'
import { mediaConnection } from './connection.ts'
import { rtpMap } from './rtp-map.ts'
import type { Sdp } from './types.ts'

const crlf = (...lines: ReadonlyArray<string>): string => lines.map((l) => `${l}\r\n`).join('')

const IPV6_IN_SDP = crlf(
  'v=0',
  'o=assistant 971731711378798081 0 IN IP6 2001:db8::20',
  "s=Live video feed for today's meeting",
  'c=IN IP6 2001:db8::20',
  't=3338481189 3370017201',
  'm=audio 6000 RTP/AVP 2',
  'a=rtpmap:2 G726-32/8000',
  'm=video 6024 RTP/AVP 107',
  'a=rtpmap:107 H263-1998/90000',
)

const MULT_IP_IN_SDP = crlf(
  'v=0',
  'o=bob 280744730 28977631 IN IP4 host.example.com',
  's=',
  't=0 0',
  'm=audio 22334 RTP/AVP 0',
  'c=IN IP4 192.0.2.1',
  'm=video 6024 RTP/AVP 107',
  'c=IN IP6 2001:db8::1',
  'a=rtpmap:107 H263-1998/90000',
)

const IPV4_MAPPED_IPV6 = crlf(
  'v=0',
  'o=assistant 971731711378798081 0 IN IP6 ::ffff:192.0.2.2',
  's=Call me soon, please!',
  'c=IN IP6 ::ffff:192.0.2.2',
  't=3338481189 3370017201',
  'm=audio 6000 RTP/AVP 2',
  'a=rtpmap:2 G726-32/8000',
  'm=video 6024 RTP/AVP 107',
  'a=rtpmap:107 H263-1998/90000',
)

const ok = (text: string): Sdp => {
  const r = parseSdp(text)
  if (E.isLeft(r)) return expect.fail(`${r.left.reason} at ${r.left.line}:${r.left.column}`)
  return r.right
}

const addresses = (sdp: Sdp): ReadonlyArray<string | undefined> =>
  sdp.media.map((m) => O.toUndefined(mediaConnection(sdp, m))?.address)

describe('RFC 5118 SDP bodies', () => {
  it('§4.4 ipv6-in-sdp: IPv6 without brackets in o= and c=', () => {
    const sdp = ok(IPV6_IN_SDP)
    expect(sdp.origin.addrtype).toBe('IP6')
    expect(sdp.origin.address).toBe('2001:db8::20')
    expect(sdp.origin.sessionId).toBe('971731711378798081')
    expect(sdp.connection).toEqual({ nettype: 'IN', addrtype: 'IP6', address: '2001:db8::20' })
    expect(addresses(sdp)).toEqual(['2001:db8::20', '2001:db8::20'])
    expect(O.toUndefined(rtpMap(sdp.media[0] as NonNullable<Sdp['media'][0]>, 2))).toEqual({
      payloadType: 2,
      encoding: 'G726-32',
      clockRate: 8000,
    })
    expect(formatSdp(sdp)).toBe(IPV6_IN_SDP)
  })

  it('§4.5 mult-ip-in-sdp: one IPv4 and one IPv6 media-level c=, no session c=', () => {
    const sdp = ok(MULT_IP_IN_SDP)
    expect(sdp.connection).toBeUndefined()
    expect(sdp.sessionName).toBe('')
    expect(sdp.media.map((m) => m.connections)).toEqual([
      [{ nettype: 'IN', addrtype: 'IP4', address: '192.0.2.1' }],
      [{ nettype: 'IN', addrtype: 'IP6', address: '2001:db8::1' }],
    ])
    expect(addresses(sdp)).toEqual(['192.0.2.1', '2001:db8::1'])
    expect(formatSdp(sdp)).toBe(MULT_IP_IN_SDP)
  })

  it('§4.6 ipv4-mapped-ipv6: the mapped form is an IP6 address', () => {
    const sdp = ok(IPV4_MAPPED_IPV6)
    expect(sdp.connection).toEqual({ nettype: 'IN', addrtype: 'IP6', address: '::ffff:192.0.2.2' })
    expect(addresses(sdp)).toEqual(['::ffff:192.0.2.2', '::ffff:192.0.2.2'])
    expect(formatSdp(sdp)).toBe(IPV4_MAPPED_IPV6)
  })
})
