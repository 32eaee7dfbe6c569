import { describe, it, expect } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { parseSdp } from './parse-sdp.ts'
import { formatSdp } from './format-sdp.ts'
import type { Sdp, SdpError } from './types.ts'

const crlf = (...lines: ReadonlyArray<string>): string => lines.map((l) => `${l}\r\n`).join('')

const ok = (text: string): Sdp => {
  const r = parseSdp(text)
  if (E.isLeft(r)) return expect.fail(`${r.left.reason} at ${r.left.line}:${r.left.column}`)
  return r.right
}

const err = (text: string): SdpError => {
  const r = parseSdp(text)
  if (E.isRight(r)) return expect.fail('expected a parse error')
  return r.left
}

// RFC 4566 §5, the example session description.
const RFC4566_EXAMPLE = crlf(
  'v=0',
  'o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5',
  's=SDP Seminar',
  'i=A Seminar on the session description protocol',
  'u=http://www.example.com/seminars/sdp.pdf',
  'e=j.doe@example.com (Jane Doe)',
  'c=IN IP4 224.2.17.12/127',
  't=2873397496 2873404696',
  'a=recvonly',
  'm=audio 49170 RTP/AVP 0',
  'm=video 51372 RTP/AVP 99',
  'a=rtpmap:99 h263-1998/90000',
)

describe('parseSdp', () => {
  it('reads the RFC 4566 §5 example', () => {
    const sdp = ok(RFC4566_EXAMPLE)
    expect(sdp.version).toBe(0)
    expect(sdp.origin).toEqual({
      username: 'jdoe',
      sessionId: '2890844526',
      sessionVersion: '2890842807',
      nettype: 'IN',
      addrtype: 'IP4',
      address: '10.47.16.5',
    })
    expect(sdp.sessionName).toBe('SDP Seminar')
    expect(sdp.information).toBe('A Seminar on the session description protocol')
    expect(sdp.uri).toBe('http://www.example.com/seminars/sdp.pdf')
    expect(sdp.emails).toEqual(['j.doe@example.com (Jane Doe)'])
    expect(sdp.connection).toEqual({ nettype: 'IN', addrtype: 'IP4', address: '224.2.17.12', ttl: 127 })
    expect(sdp.timing).toEqual([{ start: '2873397496', stop: '2873404696', repeats: [] }])
    expect(sdp.attributes).toEqual([{ type: 'property', name: 'recvonly' }])
    expect(sdp.media.map((m) => [m.media, m.port, m.proto, m.formats])).toEqual([
      ['audio', 49170, 'RTP/AVP', ['0']],
      ['video', 51372, 'RTP/AVP', ['99']],
    ])
    expect(sdp.media[1]?.attributes).toEqual([{ type: 'value', name: 'rtpmap', value: '99 h263-1998/90000' }])
  })

  it('serializes a description in RFC order back to the same text', () => {
    expect(formatSdp(ok(RFC4566_EXAMPLE))).toBe(RFC4566_EXAMPLE)
  })

  it('accepts bare LF line ends and writes CRLF', () => {
    const lf = RFC4566_EXAMPLE.replace(/\r\n/g, '\n')
    expect(ok(lf)).toEqual(ok(RFC4566_EXAMPLE))
    expect(formatSdp(ok(lf))).toBe(RFC4566_EXAMPLE)
  })

  it('accepts a last line without a line end, and trailing empty lines', () => {
    const text = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0'
    expect(ok(text).timing).toHaveLength(1)
    expect(ok(`${text}\r\n\r\n`).timing).toHaveLength(1)
  })

  it('keeps 64-bit session ids and versions exactly', () => {
    const sdp = ok(crlf('v=0', 'o=- 18446744073709551615 9007199254740993 IN IP4 192.0.2.1', 's=-', 't=0 0'))
    expect(sdp.origin.sessionId).toBe('18446744073709551615')
    expect(sdp.origin.sessionVersion).toBe('9007199254740993')
  })

  it('reads the rarely used lines: p, b, r, z, k, multicast c with count, port count', () => {
    const text = crlf(
      'v=0',
      'o=mhandley 2890844526 2890842807 IN IP4 126.16.64.4',
      's=Seminar',
      'e=mjh@isi.edu (Mark Handley)',
      'p=+1 617 555-6011',
      'c=IN IP4 224.2.1.1/127/3',
      'b=CT:128',
      't=3034423619 3042462419',
      'r=7d 1h 0 25h',
      'r=604800 3600 0 90000',
      'z=2882844526 -1h 2898848070 0',
      'k=prompt',
      'a=tool:sdr',
      'm=video 49170/2 RTP/AVP 31',
      'i=the video',
      'c=IN IP6 FF15::101/3',
      'b=AS:64',
      'k=clear:secret',
      'a=sendonly',
    )
    const sdp = ok(text)
    expect(sdp.phones).toEqual(['+1 617 555-6011'])
    expect(sdp.connection).toEqual({ nettype: 'IN', addrtype: 'IP4', address: '224.2.1.1', ttl: 127, count: 3 })
    expect(sdp.bandwidths).toEqual([{ bwtype: 'CT', bandwidth: 128 }])
    expect(sdp.timing[0]?.repeats).toEqual([
      { interval: '7d', duration: '1h', offsets: ['0', '25h'] },
      { interval: '604800', duration: '3600', offsets: ['0', '90000'] },
    ])
    expect(sdp.zones).toEqual([
      { time: '2882844526', offset: '-1h' },
      { time: '2898848070', offset: '0' },
    ])
    expect(sdp.key).toBe('prompt')
    const m = sdp.media[0]
    expect(m?.port).toBe(49170)
    expect(m?.portCount).toBe(2)
    expect(m?.information).toBe('the video')
    expect(m?.connections).toEqual([{ nettype: 'IN', addrtype: 'IP6', address: 'FF15::101', count: 3 }])
    expect(m?.bandwidths).toEqual([{ bwtype: 'AS', bandwidth: 64 }])
    expect(m?.key).toBe('clear:secret')
    expect(formatSdp(sdp)).toBe(text)
  })

  it('keeps lines with unknown type letters, in order, at their level', () => {
    const text = crlf('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 't=0 0', 'x=one', 'y=two', 'm=audio 4000 RTP/AVP 0', 'a=sendrecv', 'w=three')
    const sdp = ok(text)
    expect(sdp.unknown).toEqual([
      { letter: 'x', value: 'one' },
      { letter: 'y', value: 'two' },
    ])
    expect(sdp.media[0]?.unknown).toEqual([{ letter: 'w', value: 'three' }])
    expect(formatSdp(sdp)).toBe(text)
  })

  it('reorders out-of-order session lines to RFC order, a fixed point after one pass (RFC 3264 §9 example)', () => {
    const text = crlf(
      'v=0',
      'o=carol 28908764872 28908764872 IN IP4 100.3.6.6',
      's=-',
      't=0 0',
      'c=IN IP4 192.0.2.4',
      'm=audio 0 RTP/AVP 0 1 3',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:1 1016/8000',
      'a=rtpmap:3 GSM/8000',
      'm=video 0 RTP/AVP 31 34',
      'a=rtpmap:31 H261/90000',
      'a=rtpmap:34 H263/90000',
    )
    const once = formatSdp(ok(text))
    expect(once.split('\r\n').slice(3, 5)).toEqual(['c=IN IP4 192.0.2.4', 't=0 0'])
    expect(formatSdp(ok(once))).toBe(once)
  })

  it('keeps property and value attributes apart, including an empty value', () => {
    const sdp = ok(crlf('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=', 't=0 0', 'a=ice-lite', 'a=x-empty:', 'a=fmtp:101 0-15'))
    expect(sdp.sessionName).toBe('')
    expect(sdp.attributes).toEqual([
      { type: 'property', name: 'ice-lite' },
      { type: 'value', name: 'x-empty', value: '' },
      { type: 'value', name: 'fmtp', value: '101 0-15' },
    ])
  })

  it('accepts an o= username with spaces and runs of spaces between fields', () => {
    const sdp = ok(crlf('v=0', 'o=Some Phone  12  34 IN IP4 192.0.2.1', 's=-', 't=0  0', 'm=audio  4000  RTP/AVP  0  8'))
    expect(sdp.origin.username).toBe('Some Phone')
    expect(sdp.media[0]?.formats).toEqual(['0', '8'])
  })

  it('keeps an FQDN connection address (RFC 3264 §10.1)', () => {
    const sdp = ok(crlf('v=0', 'o=alice 1 1 IN IP4 host.anywhere.com', 's=', 'c=IN IP4 host.anywhere.com', 't=0 0'))
    expect(sdp.connection?.address).toBe('host.anywhere.com')
  })
})

describe('parseSdp errors carry 1-based line and column', () => {
  const base = ['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 't=0 0']

  it.each([
    ['empty input', '', 1, 1],
    ['does not start with v=', crlf('o=- 1 1 IN IP4 192.0.2.1', 'v=0'), 1, 1],
    ['no "=" after the letter', crlf('v=0', 'o - 1 1 IN IP4 192.0.2.1'), 2, 2],
    ['a line without a type letter', crlf('v=0', '=x'), 2, 1],
    ['an empty line in the middle', crlf('v=0', '', 's=-'), 2, 1],
    ['bad sess-version', crlf('v=0', 'o=- 1 x1 IN IP4 192.0.2.1'), 2, 7],
    ['o= with five fields', crlf('v=0', 'o=- 1 IN IP4 192.0.2.1'), 2, 3],
    ['a port above 65535', crlf(...base, 'm=audio 65536 RTP/AVP 0'), 5, 9],
    ['a bad port count', crlf(...base, 'm=audio 4000/0 RTP/AVP 0'), 5, 14],
    ['a bad TTL', crlf(...base, 'c=IN IP4 224.2.1.1/256'), 5, 20],
    ['a CR inside a line', 'v=0\r\ns=a\rb\r\n', 2, 4],
    ['r= before any t=', crlf('v=0', 'r=7d 1h 0'), 2, 1],
    ['t= in a media description', crlf(...base, 'm=audio 4000 RTP/AVP 0', 't=0 0'), 6, 1],
    ['two s= lines', crlf(...base, 's=again'), 5, 1],
    ['an attribute name that is not a token', crlf(...base, 'a=bad name:1'), 5, 3],
    ['missing t=', crlf('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-'), 4, 1],
    ['missing o=', crlf('v=0', 's=-', 't=0 0'), 4, 1],
  ])('%s', (_name, text, line, column) => {
    const e = err(text)
    expect([e.line, e.column]).toEqual([line, column])
    expect(e.reason).not.toBe('')
  })
})
