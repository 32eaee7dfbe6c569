/**
 * SDP codec properties (core/sdp):
 * - every valid Sdp value survives formatSdp then parseSdp unchanged;
 * - formatSdp(parseSdp(t)) is a fixed point for any text t that parses;
 * - parseSdp never throws, whatever the string.
 * Plus the RFC 5118 wire files (the project's copy in fixtures/rfc5118/wire), whose SDP
 * bodies must round-trip.
 */
import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import {
  formatSdp,
  parseSdp,
  type Sdp,
  type SdpAttribute,
  type SdpBandwidth,
  type SdpConnection,
  type SdpMedia,
  type SdpOrigin,
  type SdpRepeat,
  type SdpTiming,
  type SdpUnknownLine,
  type SdpZoneAdjustment,
} from '../core/sdp/index.ts'

// ---------------------------------------------------------------------------
// Generators of valid values (RFC 4566 §9 grammar, as the model states it)

const chars = (s: string): fc.Arbitrary<string> => fc.constantFrom(...s.split(''))
const range = (from: number, to: number): string =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i)).join('')

// token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
const TOKEN_CHARS = '!' + range(0x23, 0x27) + '*+-.' + range(0x30, 0x39) + range(0x41, 0x5a) + range(0x5e, 0x7e)
const token = fc.string({ unit: chars(TOKEN_CHARS), minLength: 1, maxLength: 8 })
const VCHAR = range(0x21, 0x7e)
const nonWs = fc.string({ unit: chars(VCHAR + 'éü€'), minLength: 1, maxLength: 12 })
const nonWsNoSlash = fc.string({ unit: chars(VCHAR.replace('/', '') + 'é'), minLength: 1, maxLength: 12 })
// byte-string: anything but NUL, CR, LF (spaces, tabs and non-ASCII included).
const text = fc.string({
  unit: fc.oneof(chars(VCHAR + ' \t'), chars('\x01\x0b\x0c\x7féß€中😀')),
  maxLength: 16,
})
const digits = fc.string({ unit: chars('0123456789'), minLength: 1, maxLength: 22 })
const typedTime = fc.tuple(fc.string({ unit: chars('0123456789'), minLength: 1, maxLength: 7 }), chars('dhms').map(String), fc.boolean())
  .map(([n, unit, withUnit]) => (withUnit ? n + unit : n))
const signedTypedTime = fc.tuple(fc.boolean(), typedTime).map(([neg, t]) => (neg ? `-${t}` : t))
const proto = fc.array(token, { minLength: 1, maxLength: 3 }).map((ts) => ts.join('/'))
// Letters the codec does not know: kept as unknown lines.
const unknownLetter = chars('dfghjlnqwxyABCDEFGHIJKLMNOPQRSTUVWXYZ')

const origin: fc.Arbitrary<SdpOrigin> = fc.record({
  username: nonWs,
  sessionId: digits,
  sessionVersion: digits,
  nettype: token,
  addrtype: token,
  address: nonWs,
})

const connection: fc.Arbitrary<SdpConnection> = fc.oneof(
  // IP4: addr[/ttl[/count]]
  fc
    .tuple(token, nonWsNoSlash, fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }), fc.option(fc.integer({ min: 1, max: 0xffff }), { nil: undefined }))
    .map(([nettype, address, ttl, count]): SdpConnection => ({
      nettype,
      addrtype: 'IP4',
      address,
      ...(ttl === undefined ? {} : { ttl }),
      ...(ttl === undefined || count === undefined ? {} : { count }),
    })),
  // IP6: addr[/count]
  fc
    .tuple(token, nonWsNoSlash, fc.option(fc.integer({ min: 1, max: 0xffff }), { nil: undefined }))
    .map(([nettype, address, count]): SdpConnection => ({
      nettype,
      addrtype: 'IP6',
      address,
      ...(count === undefined ? {} : { count }),
    })),
  // Any other addrtype: the address is kept whole.
  fc
    .tuple(token, token.filter((t) => t !== 'IP4' && t !== 'IP6'), nonWs)
    .map(([nettype, addrtype, address]): SdpConnection => ({ nettype, addrtype, address })),
)

const bandwidth: fc.Arbitrary<SdpBandwidth> = fc.record({ bwtype: token, bandwidth: fc.maxSafeNat() })

const attribute: fc.Arbitrary<SdpAttribute> = fc.oneof(
  token.map((name): SdpAttribute => ({ type: 'property', name })),
  fc.tuple(token, text).map(([name, value]): SdpAttribute => ({ type: 'value', name, value })),
)

const unknownLine: fc.Arbitrary<SdpUnknownLine> = fc.record({ letter: unknownLetter, value: text })

const repeat: fc.Arbitrary<SdpRepeat> = fc.record({
  interval: typedTime,
  duration: typedTime,
  offsets: fc.array(typedTime, { minLength: 1, maxLength: 3 }),
})

const timing: fc.Arbitrary<SdpTiming> = fc.record({
  start: digits,
  stop: digits,
  repeats: fc.array(repeat, { maxLength: 2 }),
})

const zone: fc.Arbitrary<SdpZoneAdjustment> = fc.record({ time: digits, offset: signedTypedTime })

const media: fc.Arbitrary<SdpMedia> = fc.record(
  {
    media: token,
    port: fc.integer({ min: 0, max: 65535 }),
    portCount: fc.integer({ min: 1, max: 65535 }),
    proto,
    formats: fc.array(token, { maxLength: 5 }),
    information: text,
    connections: fc.array(connection, { maxLength: 2 }),
    bandwidths: fc.array(bandwidth, { maxLength: 2 }),
    key: text,
    attributes: fc.array(attribute, { maxLength: 6 }),
    unknown: fc.array(unknownLine, { maxLength: 2 }),
  },
  { requiredKeys: ['media', 'port', 'proto', 'formats', 'connections', 'bandwidths', 'attributes', 'unknown'] },
)

const sdp: fc.Arbitrary<Sdp> = fc.record(
  {
    version: fc.nat(),
    origin,
    sessionName: text,
    information: text,
    uri: text,
    emails: fc.array(text, { maxLength: 2 }),
    phones: fc.array(text, { maxLength: 2 }),
    connection,
    bandwidths: fc.array(bandwidth, { maxLength: 2 }),
    timing: fc.array(timing, { minLength: 1, maxLength: 2 }),
    zones: fc.array(zone, { maxLength: 3 }),
    key: text,
    attributes: fc.array(attribute, { maxLength: 6 }),
    unknown: fc.array(unknownLine, { maxLength: 2 }),
    media: fc.array(media, { maxLength: 3 }),
  },
  {
    requiredKeys: ['version', 'origin', 'sessionName', 'emails', 'phones', 'bandwidths', 'timing', 'zones', 'attributes', 'unknown', 'media'],
  },
)

// ---------------------------------------------------------------------------
// Texts near valid SDP: a formatted description with lines moved, repeated, dropped,
// spaced out or replaced, and LF or CRLF line ends.

type Edit =
  | { readonly type: 'swap'; readonly i: number; readonly j: number }
  | { readonly type: 'duplicate'; readonly i: number }
  | { readonly type: 'delete'; readonly i: number }
  | { readonly type: 'space'; readonly i: number }
  | { readonly type: 'replace'; readonly i: number; readonly line: string }

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ type: fc.constant('swap' as const), i: fc.nat(), j: fc.nat() }),
  fc.record({ type: fc.constant('duplicate' as const), i: fc.nat() }),
  fc.record({ type: fc.constant('delete' as const), i: fc.nat() }),
  fc.record({ type: fc.constant('space' as const), i: fc.nat() }),
  fc.record({
    type: fc.constant('replace' as const),
    i: fc.nat(),
    line: fc.oneof(
      fc.tuple(chars('vosiuepcbtrzkamxy'), text).map(([l, v]) => `${l}=${v}`),
      fc.constantFrom('c=IN IP4 0.0.0.0', 'a=sendonly', 'm=audio 0 RTP/AVP 0', 't=0 0', 'r=7d 1h 0 25h', 'z=1 -1h', 'b=AS:64', 'c=IN IP4 224.2.1.1/127/3'),
      fc.string({ maxLength: 10 }),
    ),
  }),
)

const applyEdit = (lines: ReadonlyArray<string>, e: Edit): ReadonlyArray<string> => {
  const n = lines.length
  if (n === 0) return lines
  const i = e.i % n
  const at = lines[i] ?? ''
  switch (e.type) {
    case 'swap': {
      const j = e.j % n
      return lines.map((l, k) => (k === i ? (lines[j] ?? l) : k === j ? at : l))
    }
    case 'duplicate':
      return [...lines.slice(0, i + 1), at, ...lines.slice(i + 1)]
    case 'delete':
      return lines.filter((_, k) => k !== i)
    case 'space':
      return lines.map((l, k) => (k === i ? l.replace(/ /g, '  ') : l))
    case 'replace':
      return lines.map((l, k) => (k === i ? e.line : l))
  }
}

const nearSdp: fc.Arbitrary<string> = fc
  .tuple(sdp, fc.array(edit, { maxLength: 3 }), fc.boolean())
  .map(([x, edits, lf]) => {
    const lines = formatSdp(x).split('\r\n').slice(0, -1)
    return edits.reduce(applyEdit, lines).join(lf ? '\n' : '\r\n') + (lf ? '\n' : '\r\n')
  })

const lineSoup: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 't=0 0', 'm=audio 4000 RTP/AVP 0', 'c=IN IP6 ::1/2', 'a=rtpmap:0 PCMU/8000', 'r=1 2 3', 'z=1 2', ''),
      fc.tuple(chars('vosiuepcbtrzkam'), fc.string({ maxLength: 12 })).map(([l, v]) => `${l}=${v}`),
      fc.string({ unit: 'binary', maxLength: 12 }),
    ),
    { maxLength: 12 },
  )
  .chain((lines) => fc.constantFrom('\n', '\r\n', '\r').map((eol) => lines.join(eol)))

// ---------------------------------------------------------------------------

const RUNS = 300

describe('SDP codec properties', () => {
  it('parseSdp(formatSdp(x)) deep-equals x for any valid Sdp', () => {
    fc.assert(
      fc.property(sdp, (x) => {
        expect(parseSdp(formatSdp(x))).toEqual(E.right(x))
      }),
      { numRuns: RUNS },
    )
  })

  it('formatSdp(parseSdp(t)) is a fixed point', () => {
    let parsed = 0
    fc.assert(
      fc.property(fc.oneof({ arbitrary: nearSdp, weight: 4 }, { arbitrary: lineSoup, weight: 1 }), (t) => {
        const once = parseSdp(t)
        if (E.isLeft(once)) return
        parsed++
        const text = formatSdp(once.right)
        const twice = parseSdp(text)
        expect(twice).toEqual(once)
        if (E.isRight(twice)) expect(formatSdp(twice.right)).toBe(text)
      }),
      { numRuns: RUNS },
    )
    // The property must not hold vacuously.
    expect(parsed).toBeGreaterThan(RUNS / 10)
  })

  it('parseSdp never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), lineSoup, nearSdp), (t) => {
        const r = parseSdp(t)
        expect(E.isLeft(r) || E.isRight(r)).toBe(true)
        if (E.isLeft(r)) {
          expect(r.left.line).toBeGreaterThanOrEqual(1)
          expect(r.left.column).toBeGreaterThanOrEqual(1)
        }
      }),
      { numRuns: RUNS },
    )
  })
})

describe('RFC 5118 wire files: SDP bodies round-trip', () => {
  const dir = new URL('../fixtures/rfc5118/wire/', import.meta.url)
  it.each(['ipv6-in-sdp.sip', 'mult-ip-in-sdp.sip', 'ipv4-mapped-ipv6.sip'])('%s', (name) => {
    const wire = readFileSync(new URL(name, dir), 'latin1')
    const body = wire.slice(wire.indexOf('\r\n\r\n') + 4)
    const r = parseSdp(body)
    if (E.isLeft(r)) return expect.fail(`${r.left.reason} at ${r.left.line}:${r.left.column}`)
    expect(formatSdp(r.right)).toBe(body)
    expect(r.right.media).toHaveLength(2)
  })
})
