/**
 * The single-purpose readers give exactly what the full codecs give (value, or error
 * with its position), on valid values, on mutations of valid values and on arbitrary
 * strings; and their scanners vouch only for what the parsers accept.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as A from '../../properties/arbitraries/headers.ts'
import { codecs, viaBranch } from './codecs/index.ts'
import { headerValue } from './headers.ts'
import { formatNameAddr, paramValue } from './name-addr.ts'
import { parseMessage } from './parse.ts'
import { cseqOf, fromTag, referToUri, topViaBranch } from './readers.ts'
import { NOT_CANONICAL, scanNameAddrHead, scanUriEnd } from './scan-address.ts'
import { formatParams } from './scan.ts'
import { scanParamsFind } from './scan-bytes.ts'
import { scanFirstVia } from './scan-via.ts'
import type { HeaderField, ValueSource } from './types.ts'
import { formatUri, parseUriAt } from './uri.ts'
import { formatVia } from './codecs/via.ts'

// `npm run fuzz` (FUZZ_RUNS=1000000) runs these longer too.
const runs = { numRuns: Math.min(Number(process.env['FUZZ_RUNS'] ?? 1000), 200_000) }

const msgWith = (name: string, key: string, value: string, source?: ValueSource): { readonly headers: ReadonlyArray<HeaderField> } => ({
  headers: [
    { name: 'Call-ID', key: 'call-id', value: 'a84b4c76e66710', at: { line: 2, column: 10, offset: 30 } },
    { name, key, value, at: { line: 3, column: 7, offset: 60 }, source },
  ],
})

/** One byte per character, as the readers see a value: non-ASCII as 0xff. */
const bytesOf = (s: string): Uint8Array => Uint8Array.from({ length: s.length }, (_, k) => (s.charCodeAt(k) < 0x80 ? s.charCodeAt(k) : 0xff))

/**
 * A source as the parser gives it (only for ASCII values): the value inside a larger
 * buffer whose neighbouring bytes would change the verdict if a scanner read past
 * either end of the value.
 */
const sourced = (value: string): ValueSource | undefined => {
  if (/[^\x00-\x7f]/.test(value)) return undefined
  const before = bytesOf('<sip:x@y>;tag=p;branch=q "\\')
  const after = bytesOf('z9>";tag=z;branch=w\r\n 1.2.3.4]:5060')
  const bytes = new Uint8Array(before.length + value.length + after.length)
  bytes.set(before)
  bytes.set(bytesOf(value), before.length)
  bytes.set(after, before.length + value.length)
  return { bytes, from: before.length, to: before.length + value.length, value }
}

// What the bench read before the readers existed: the full codec, then one piece.
const reference = {
  from: (v: string) => E.map((na: { params: ReadonlyArray<{ name: string; value?: string }> } | undefined) => (na === undefined ? undefined : paramValue(na.params, 'tag')))(headerValue(msgWith('From', 'from', v), codecs.from)),
  via: (v: string) => E.map((x: Parameters<typeof viaBranch>[0] | undefined) => (x === undefined ? undefined : viaBranch(x)))(headerValue(msgWith('Via', 'via', v), codecs.via)),
  cseq: (v: string) => headerValue(msgWith('CSeq', 'cseq', v), codecs.cseq),
  referTo: (v: string) => E.map((na: { uri: Parameters<typeof formatUri>[0] } | undefined) => (na === undefined ? undefined : formatUri(na.uri)))(headerValue(msgWith('Refer-To', 'refer-to', v), codecs.referTo)),
}
const fast = {
  from: (v: string) => fromTag(msgWith('From', 'from', v)),
  via: (v: string) => topViaBranch(msgWith('Via', 'via', v)),
  cseq: (v: string) => cseqOf(msgWith('CSeq', 'cseq', v)),
  referTo: (v: string) => referToUri(msgWith('Refer-To', 'refer-to', v)),
}
type Which = keyof typeof fast

// The same readers on a field that carries its source bytes (as parsed fields do).
const names: Readonly<Record<Which, readonly [string, string]>> = { from: ['From', 'from'], via: ['Via', 'via'], cseq: ['CSeq', 'cseq'], referTo: ['Refer-To', 'refer-to'] }
const readers = { from: fromTag, via: topViaBranch, cseq: cseqOf, referTo: referToUri }
const fastSourced = (which: Which, v: string) => readers[which](msgWith(...names[which], v, sourced(v)))

const same = (which: Which, v: string): void => {
  const want = reference[which](v)
  expect(fast[which](v), `${which}: ${JSON.stringify(v)}`).toEqual(want)
  expect(fastSourced(which, v), `${which} from bytes: ${JSON.stringify(v)}`).toEqual(want)
}

// ---------------------------------------------------------------------------
// Values: canonical ones from the arbitraries, real-world spellings, and mutations.

const tagged = fc.tuple(A.nameAddr, fc.option(A.token, { nil: undefined }), fc.constantFrom('tag', 'TAG', 'Tag')).map(([na, tag, name]) =>
  formatNameAddr(tag === undefined ? na : { ...na, params: [{ name, value: tag }, ...na.params] }),
)
/** The same address written without "<>" when the grammar allows it, with odd spacing. */
const spelled = fc.tuple(A.uri, A.headerParams(), fc.constantFrom('', ' ', '  ', '\t'), fc.boolean(), fc.constantFrom('', 'Bob ', 'Bob  Smith ', '"B\\"ob" ')).map(
  ([u, params, ws, bare, display]) => {
    const p = formatParams(params).replace(/;/g, ws + ';' + ws)
    return bare ? ws + formatUri(u) + p + ws : ws + display + '<' + formatUri(u) + '>' + p + ws
  },
)
/** ASCII URIs from the grammar's character sets, with escapes in either case: canonical and not. */
const unreserved = 'abcXYZ019-_.!~*\'()'
const uriPart = (set: string): fc.Arbitrary<string> =>
  fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...set.split('')) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...'01234567'), fc.constantFrom(...'0123456789ABCDEFabcdef')).map(([a, b]) => '%' + a + b) }), { minLength: 1, maxLength: 6 }).map((a) => a.join(''))
const asciiUri = fc.tuple(
  fc.constantFrom('sip:', 'sips:', 'SIP:', 'sIps:', 'urn:', 'tel:'),
  fc.option(fc.tuple(uriPart(unreserved + '&=+$,;?/'), fc.option(uriPart(unreserved + '&=+$,'), { nil: undefined })), { nil: undefined }),
  fc.constantFrom('h.example.com', '192.0.2.1', '[2001:db8::1]', 'a-b.c', '1.2.3'),
  fc.constantFrom('', ':5060', ':05060', ':0', ':65536'),
  fc.array(fc.tuple(uriPart(unreserved + '[]/:&+$'), fc.option(fc.oneof(fc.constant(''), uriPart(unreserved + '[]/:&+$')), { nil: undefined })), { maxLength: 2 }),
  fc.array(fc.tuple(uriPart(unreserved + '[]/?:+$'), fc.option(uriPart(unreserved + '[]/?:+$'), { nil: undefined })), { maxLength: 2 }),
).map(([scheme, userinfo, host, port, params, headers]) =>
  scheme +
  (userinfo === undefined ? '' : userinfo[0] + (userinfo[1] === undefined ? '' : ':' + userinfo[1]) + '@') +
  host + port +
  params.map(([n, v]) => ';' + n + (v === undefined ? '' : '=' + v)).join('') +
  headers.map(([n, v], k) => (k === 0 ? '?' : '&') + n + (v === undefined ? '' : '=' + v)).join(''),
)
const viaList = fc.tuple(fc.array(A.via, { minLength: 1, maxLength: 3 }), fc.constantFrom(',', ', ', ' ,\t')).map(([vs, sep]) => vs.map(formatVia).join(sep))
const cseqText = fc.tuple(A.cseq, fc.constantFrom(' ', '  ', '\t')).map(([c, ws]) => ws + '0'.repeat(c.seq % 3) + c.seq + ws + c.method)

const samples: Readonly<Record<Which, ReadonlyArray<string>>> = {
  from: [
    '"Alice Liddell" <sip:alice@atlanta.example.com>;tag=1928301774',
    'Bob <sips:bob@biloxi.example.com>;tag=a6c85cf',
    '<sip:carol@chicago.example.com>;tag=88sja8x;x-foo=bar',
    'sip:carol@chicago.example.com;tag=1',
    'sip:carol@chicago.example.com ; TAG = 1 ; tag=2',
    '"Quoted \\" name" <SIP:user%41@[2001:db8::10]:05060;transport=TCP?Subject=hi>;tag="quoted"',
    '<tel:+1-555-0100;ext=12>;tag=t',
    '<urn:service:sos>;tag=u',
    'sip:a@b?c', 'sip:a@b,c', '<sip:a@b>;tag', '<sip:a@b>;tag=;x', '<sip: a@b>', '<sip:a@b', '"unterminated <sip:a@b>',
  ],
  via: [
    'SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds',
    'SIP/2.0/TCP client.biloxi.example.com:5060;branch=z9hG4bKnashds7;received=192.0.2.4;rport=5060',
    'SIP / 2.0 / udp [2001:db8::9:1]:5070 ; BRANCH = z9hG4bKx ; received=[2001:db8::9:255];ttl=16;maddr=239.1.1.1',
    'SIP/2.0/UDP h;branch=a, SIP/2.0/UDP g;branch=b',
    'SIP/2.0/UDP h;received=host.example.com;rport;branch=z',
    'SIP/2.0/UDP h;branch=z;branch=y', 'SIP/2.0/UDP h;branch', 'SIP/2.0/UDP h;branch="q"', 'SIP/2.0/UDP h;ttl=256;branch=z',
    'SIP/2.0/UDP h;rport=65536', 'SIP/2.0/UDP h;received=1.2.3', 'SIP/2.0/UDP h:65536', 'SIP/2.0/UDPh', 'SIP/2.0/UDP h;;branch=z',
  ],
  cseq: ['314159 INVITE', '  0009   ACK ', '4294967296 BYE', '1 ', 'INVITE 1'],
  referTo: [
    '<sip:charlie@chicago.example.com>',
    'sip:charlie@chicago.example.com?Replaces=425928%40bobster.example.org%3Bto-tag%3D7743%3Bfrom-tag%3D6472',
    '<sip:charlie@chicago.example.com?Replaces=425928%40bobster.example.org%3bto-tag%3D7743>',
    '<sip:%61lice@h>', '<sip:a@h:0080>', '<SIP:a@h>', '<Sips:a@h>', '<sip:a@h;lr=%e2%82%ac>', '<tel:+1#2>', '<mailto:a@b.example>',
    'sip:a@b;method=INVITE', 'sip:a@b ;x=y', '"C" <sip:c@h>;x', '<sip:c@h>junk', '',
  ],
}

const fragments = ['sip:', 'sips:', 'tel:', '<', '>', '"', '\\', ';', ';tag=', ';branch=', ';received=', ';rport', '=', '%', '%4', '%41', '%3b', '[', ']', '::', ':', '@', '?', '&', ',', ' ', '\t', 'SIP/2.0/', '0', '65536', 'A', 'é']
const edit = fc.oneof(
  fc.tuple(fc.constant('insert' as const), fc.nat(), fc.oneof(fc.constantFrom(...fragments), fc.string({ unit: 'binary', maxLength: 1 }))),
  fc.tuple(fc.constant('delete' as const), fc.nat(), fc.integer({ min: 1, max: 3 }).map(String)),
  fc.tuple(fc.constant('replace' as const), fc.nat(), fc.constantFrom(...fragments)),
  fc.tuple(fc.constant('case' as const), fc.nat(), fc.constant('')),
)
const applyEdit = (s: string, [op, at, arg]: readonly [string, number, string]): string => {
  const i = at % (s.length + 1)
  switch (op) {
    case 'insert':
      return s.slice(0, i) + arg + s.slice(i)
    case 'delete':
      return s.slice(0, i) + s.slice(i + Number(arg))
    case 'replace':
      return s.slice(0, i) + arg + s.slice(i + 1)
    default: {
      const c = s.charAt(i)
      return s.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + s.slice(i + 1)
    }
  }
}
const mutated = (base: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(base, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([s, edits]) => edits.reduce(applyEdit, s))

const sipish = fc.string({ unit: fc.oneof(fc.constantFrom(...fragments), fc.string({ unit: 'binary', maxLength: 1 })), maxLength: 30 })
const arbitrary = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), sipish)

const valid: Readonly<Record<Which, fc.Arbitrary<string>>> = {
  from: fc.oneof(tagged, spelled, asciiUri.map((u) => '<' + u + '>;tag=1'), fc.constantFrom(...samples.from)),
  via: fc.oneof(viaList, fc.constantFrom(...samples.via)),
  cseq: fc.oneof(cseqText, fc.constantFrom(...samples.cseq)),
  referTo: fc.oneof(tagged, spelled, asciiUri, asciiUri.map((u) => '<' + u + '>;x=1'), fc.constantFrom(...samples.referTo)),
}

describe('single-purpose readers agree with the full codecs', () => {
  for (const which of ['from', 'via', 'cseq', 'referTo'] as const) {
    describe(which, () => {
      it('on hand-picked values, valid and not', () => {
        for (const v of samples[which]) same(which, v)
      })
      it('on valid values', () => {
        fc.assert(fc.property(valid[which], (v) => same(which, v)), runs)
      })
      it('on mutated valid values', () => {
        fc.assert(fc.property(mutated(valid[which]), (v) => same(which, v)), runs)
      })
      it('on arbitrary strings', () => {
        fc.assert(fc.property(arbitrary, (v) => same(which, v)), runs)
      })
    })
  }

  it('absent headers read as undefined', () => {
    const none = { headers: [] }
    for (const r of [fromTag(none), topViaBranch(none), cseqOf(none), referToUri(none)]) expect(r).toEqual(E.right(undefined))
  })

  it('a source made for another value is ignored (a field edited by spreading it)', () => {
    const src = sourced('<sip:a@b>;tag=old')
    const edited = { headers: [{ name: 'From', key: 'from', value: '<sip:a@b>;tag=new', source: src }] }
    expect(fromTag(edited)).toEqual(E.right('new'))
  })

  it('parsed fields carry their source, except folded and non-ASCII values', () => {
    const text = 'INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nFrom: <sip:a@h>;tag=1\r\nSubject: h\u00e9\r\nTo: <sip:b@h>,\r\n <sip:c@h>\r\nCSeq: 1 INVITE\r\nl: 0\r\n\r\n'
    const r = parseMessage(new TextEncoder().encode(text))
    if (E.isLeft(r)) throw new Error(r.left.reason)
    for (const h of r.right.headers) {
      const src = h.source
      if (h.key === 'subject' || h.key === 'to') expect(src, h.name).toBeUndefined()
      else expect(src !== undefined && src.value === h.value && new TextDecoder().decode(src.bytes.subarray(src.from, src.to)), h.name).toBe(h.value)
    }
    expect([fromTag(r.right), topViaBranch(r.right), cseqOf(r.right)]).toEqual([E.right('1'), E.right('z9hG4bKa'), E.right({ seq: 1, method: 'INVITE' })])
  })

  it('errors carry the field position, as headerValue gives them', () => {
    const r = fast.from('<sip:a@b>;;tag=1')
    expect(E.isLeft(r) && r.left.at).toEqual({ line: 3, column: 17, offset: 70 }) // the second ';'
    expect(r).toEqual(reference.from('<sip:a@b>;;tag=1'))
  })
})

describe('the scanners vouch only for what the parsers accept', () => {
  it('scanUriEnd: same end as parseUriAt, and canonical text only when formatUri gives it back', () => {
    const uriText = fc.oneof(A.uri.map(formatUri), mutated(A.uri.map(formatUri)), asciiUri, mutated(asciiUri), fc.constantFrom(...samples.referTo), arbitrary)
    fc.assert(
      fc.property(uriText, (s) => {
        const r = scanUriEnd(bytesOf(s), 0, s.length)
        if (r < 0) return
        const at = { end: 0 }
        const u = parseUriAt(s, 0, s.length, at)
        expect(E.isRight(u), s).toBe(true)
        const end = r & ~NOT_CANONICAL
        expect(end).toBe(at.end)
        if ((r & NOT_CANONICAL) === 0 && E.isRight(u)) expect(formatUri(u.right)).toBe(s.slice(0, end))
      }),
      runs,
    )
  })

  it('the common shapes take the fast path', () => {
    const from = '"Alice Liddell" <sip:alice@atlanta.example.com>;tag=1928301774'
    const p = scanNameAddrHead(bytesOf(from), 0, from.length, false)
    expect(p).toBe(from.indexOf('>') + 1)
    expect(scanParamsFind(bytesOf(from), p, from.length, 'tag')).toBe(from.length)
    const via = 'SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds, SIP/2.0/UDP h'
    expect(scanFirstVia(bytesOf(via), 0, via.length)).toBe(true)
    const refer = 'sip:charlie@chicago.example.com?Replaces=425928%40bobster.example.org%3Bto-tag%3D7743%3Bfrom-tag%3D6472'
    expect(scanNameAddrHead(bytesOf(refer), 0, refer.length, true)).toBe(refer.length)
    expect(scanUriEnd(bytesOf(refer), 0, refer.length)).toBe(refer.length) // canonical: sliced as is
  })
})
