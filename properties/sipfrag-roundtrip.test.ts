/**
 * message/sipfrag round trips (RFC 3420, core/sipfrag):
 * - parseSipFrag(formatSipFrag(f)) equals f for generated fragments: a request or status
 *   line or none, known, unknown and compact-named header fields, a body of any bytes;
 *   each field's position is where its value is in the formatted bytes.
 * - formatSipFrag(parseSipFrag(b)) is a fixed point after one pass, for wire forms of
 *   generated fragments (names in any case or compact, LWS, folded values, no final CRLF)
 *   and for mutations of them that still parse; the second parse means what the first did.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { compactName, type HeaderField, type Position } from '../core/message/index.ts'
import { formatSipFrag, parseSipFrag, statusFrag, type SipFrag, type StartLine } from '../core/sipfrag/index.ts'
import { anyField, body, field, method, reasonPhrase, requestUri, version } from './arbitraries/message.ts'

const runs = { numRuns: 400 }

const startLine: fc.Arbitrary<StartLine> = fc.oneof(
  fc.record({ type: fc.constant('request' as const), method, uri: requestUri, version }),
  fc.record({
    type: fc.constant('response' as const),
    version: version.filter((v) => v.startsWith('SIP/') || v.startsWith('sip/')),
    status: fc.integer({ min: 100, max: 699 }),
    reason: reasonPhrase,
  }),
)

/** Header fields, with a Content-Length only when it states the body's length (it frames the body). */
const fragFields = (b: Uint8Array): fc.Arbitrary<ReadonlyArray<HeaderField>> =>
  fc
    .tuple(fc.array(anyField.filter((h) => h.key !== 'content-length'), { maxLength: 6 }), fc.option(fc.nat(), { nil: undefined }))
    .map(([hs, at]) => (at === undefined ? hs : [...hs.slice(0, at % (hs.length + 1)), field('Content-Length', String(b.length)), ...hs.slice(at % (hs.length + 1))]))

/**
 * A fragment: RFC 3420 allows every part to be absent, but one of a start line or a
 * header field is needed to say where the body starts (an empty fragment has no bytes).
 */
const sipFrag: fc.Arbitrary<SipFrag> = body
  .chain((b) => fc.record({ startLine: fc.option(startLine, { nil: undefined }), headers: fragFields(b), body: fc.constant(b) }))
  .filter((f) => f.startLine !== undefined || f.headers.length > 0)
  .map(({ startLine: s, ...rest }): SipFrag => (s === undefined ? rest : { ...rest, startLine: s }))

const model = (f: SipFrag): unknown => ({
  startLine: f.startLine,
  headers: f.headers.map(({ name, key, value }) => ({ name, key, value })),
  body: Array.from(f.body),
})

/** Line and column (1-based, LF ends a line) of byte `offset`, counted here. */
const truePosition = (bytes: Uint8Array, offset: number): Position => {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    if (bytes[i] !== 0x0a) continue
    line++
    lineStart = i + 1
  }
  return { line, column: offset - lineStart + 1, offset }
}

const parsed = (bytes: Uint8Array): SipFrag => {
  const r = parseSipFrag(bytes)
  if (E.isLeft(r)) return expect.fail(`does not parse: ${r.left.reason} at ${r.left.at.line}:${r.left.at.column}`)
  return r.right
}

describe('parseSipFrag(formatSipFrag(f)) equals f', () => {
  it('for generated fragments, positions included', () => {
    fc.assert(
      fc.property(sipFrag, (f) => {
        const bytes = formatSipFrag(f)
        const back = parsed(bytes)
        expect(model(back)).toEqual(model(f))
        for (const h of back.headers) {
          expect(h.at).toBeDefined()
          if (h.at !== undefined) expect(h.at).toEqual(truePosition(bytes, h.at.offset))
        }
      }),
      runs,
    )
  })

  it('examples: a refer NOTIFY status line, a header-only fragment, a binary body', () => {
    const examples: ReadonlyArray<SipFrag> = [
      statusFrag(100, 'Trying'),
      statusFrag(603, 'Declined'),
      { headers: [field('Contact', '<sip:a@b>'), field('X-Y', 'z')], body: new Uint8Array(0) },
      { startLine: { type: 'request', method: 'INVITE', uri: 'sip:b@c', version: 'SIP/2.0' }, headers: [], body: new Uint8Array([0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]) },
      { headers: [field('Subject', 'é')], body: new Uint8Array([0x80]) },
    ]
    for (const f of examples) expect(model(parsed(formatSipFrag(f)))).toEqual(model(f))
    // The header-only fragment's fields are placed in it (not behind the placeholder line it is parsed with).
    expect(parsed(formatSipFrag(examples[2]!)).headers.map((h) => h.at)).toEqual([
      { line: 1, column: 10, offset: 9 },
      { line: 2, column: 6, offset: 25 },
    ])
  })
})

// ---------------------------------------------------------------------------
// Wire forms

interface FieldForm {
  readonly spelling: 'canonical' | 'lower' | 'upper' | 'compact'
  readonly colon: string
  readonly foldAt: number | undefined
  readonly fold: string
}
const fieldForm: fc.Arbitrary<FieldForm> = fc.record({
  spelling: fc.constantFrom('canonical' as const, 'lower' as const, 'upper' as const, 'compact' as const),
  colon: fc.constantFrom(': ', ':', ' :\t', ':  '),
  foldAt: fc.option(fc.nat({ max: 4 }), { nil: undefined }),
  fold: fc.constantFrom('\r\n ', '\r\n\t'),
})

const spell = (h: HeaderField, f: FieldForm): string =>
  f.spelling === 'canonical' ? h.name : f.spelling === 'lower' ? h.name.toLowerCase() : f.spelling === 'upper' ? h.name.toUpperCase() : (compactName(h.key) ?? h.name)

const foldValue = (value: string, f: FieldForm): string => {
  let k = -1
  return value.replace(/ /g, (sp) => (k++, k === f.foldAt ? f.fold : sp))
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

const wire = (frag: SipFrag, forms: ReadonlyArray<FieldForm>, finalCrlf: boolean): Uint8Array => {
  const s = frag.startLine
  const lines: Array<string> = []
  if (s !== undefined) lines.push(s.type === 'request' ? `${s.method} ${s.uri} ${s.version}` : `${s.version} ${s.status} ${s.reason}`)
  frag.headers.forEach((h, i) => {
    const f = forms[i % forms.length]!
    // The header-only fragment's first name must stay next to its colon (that is how it is told from a start line).
    const colon = s === undefined && i === 0 ? ':' : f.colon
    lines.push(`${spell(h, f)}${colon}${foldValue(h.value, f)}`)
  })
  const head = lines.join('\r\n')
  // Real phones omit the CRLF after the last line of a body-less fragment (sipfrag.ts).
  if (frag.body.length === 0) return new TextEncoder().encode(finalCrlf ? head + '\r\n' : head)
  return concat(new TextEncoder().encode(head + '\r\n\r\n'), frag.body)
}

/** formatSipFrag(parseSipFrag(b)) is a fixed point after one pass, meaning kept. */
const fixedPoint = (bytes: Uint8Array): boolean => {
  const once = parseSipFrag(bytes)
  if (E.isLeft(once)) return false
  const canonical = formatSipFrag(once.right)
  const twice = parsed(canonical)
  expect(Array.from(formatSipFrag(twice))).toEqual(Array.from(canonical))
  expect(model(twice)).toEqual(model(once.right))
  return true
}

describe('formatSipFrag(parseSipFrag(b)) is a fixed point after one pass', () => {
  it('for wire forms of generated fragments: any case, compact names, LWS, folds, no final CRLF', () => {
    fc.assert(
      fc.property(sipFrag, fc.array(fieldForm, { minLength: 8, maxLength: 8 }), fc.boolean(), (f, forms, finalCrlf) => {
        const bytes = wire(f, forms, finalCrlf)
        expect(fixedPoint(bytes), new TextDecoder().decode(bytes)).toBe(true)
        expect(parsed(bytes).headers.map((h) => h.key)).toEqual(f.headers.map((h) => h.key))
      }),
      runs,
    )
  })

  it('for mutations of them that still parse', () => {
    let fixed = 0
    fc.assert(
      fc.property(sipFrag, fc.array(fc.tuple(fc.nat(), fc.constantFrom(0x0d, 0x0a, 0x20, 0x09, 0x3a, 0x2f, 0xc3, 0xff, 0x00)), { minLength: 1, maxLength: 3 }), (f, edits) => {
        const a = Array.from(formatSipFrag(f))
        for (const [at, byte] of edits) a.splice(at % (a.length + 1), 0, byte)
        if (fixedPoint(new Uint8Array(a))) fixed++
      }),
      { numRuns: 1000 },
    )
    // Not vacuous: many mutants still parse.
    expect(fixed).toBeGreaterThan(200)
  })
})
