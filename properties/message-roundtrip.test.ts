/**
 * Whole-message round trips (core/message parse.ts, serialize.ts):
 * - parse(serialize(m)) equals m for generated requests and responses (extension
 *   methods, any status, known headers typed and raw, unknown headers, UTF-8 text,
 *   bodies of any bytes), written with long or compact names. "Equals" is the message
 *   model's sense: start line, header fields (name, key, value) in order and body bytes;
 *   `at` and `source` say where a field was read and are not part of the message.
 * - serialize(parse(b)) is a fixed point after one pass, for wire forms of generated
 *   messages (names in any case or compact, LWS around the colon, folded values, leading
 *   CRLFs, Content-Length absent, zero-padded or short) and for mutated RFC 4475 and
 *   bench messages that still parse; and the second parse means what the first did.
 */
import { readdirSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { compactName, parseMessage, serializeMessage, validateMessage, type HeaderField, type SipMessage } from '../core/message/index.ts'
import { anyField, field, sipMessage as message, typedField, withLength } from './arbitraries/message.ts'

const runs = { numRuns: 400 }

/** The message without the parser's notes on where each field was read. */
const model = (m: SipMessage): unknown => ({ ...m, headers: m.headers.map(({ name, key, value }) => ({ name, key, value })), body: Array.from(m.body) })

const parsed = (bytes: Uint8Array): SipMessage => {
  const r = parseMessage(bytes)
  if (E.isLeft(r)) return expect.fail(`does not parse: ${r.left.reason} at ${r.left.at.line}:${r.left.at.column}`)
  return r.right
}

describe('parse(serialize(m)) equals m', () => {
  for (const compact of [false, true]) {
    it(`for generated requests and responses, ${compact ? 'compact' : 'long'} names`, () => {
      fc.assert(
        fc.property(message(anyField), (m) => {
          const bytes = serializeMessage(m, { compact })
          expect(model(parsed(bytes))).toEqual(model(m))
        }),
        runs,
      )
    })
  }

  it('and a message whose known headers are all typed still validates after the trip', () => {
    // Single-valued headers (Call-ID, CSeq, From …) at most once, as validation requires.
    const once = fc.uniqueArray(typedField, { maxLength: 10, selector: (h) => (['via', 'contact', 'route', 'record-route', 'supported', 'require', 'allow', 'www-authenticate', 'proxy-authenticate', 'authorization', 'proxy-authorization'].includes(h.key) ? h.value : h.key) })
    fc.assert(
      fc.property(message(fc.constant(field('X-Filler', 'f'))), once, fc.boolean(), (shape, headers, compact) => {
        const m: SipMessage = { ...shape, headers: withLength(headers, shape.body, headers.length) }
        const back = parsed(serializeMessage(m, { compact }))
        expect(model(back)).toEqual(model(m))
        const valid = validateMessage(back)
        expect(E.isRight(valid) || valid.left.reason).toBe(true)
      }),
      runs,
    )
  })

  it('examples: an extension method with a binary body, a UTF-8 Reason-Phrase, a value with bare CR and LF', () => {
    const examples: ReadonlyArray<SipMessage> = [
      { type: 'request', method: 'FOO-bar.baz', uri: 'sip:a@b', version: 'SIP/2.0', headers: [field('i', 'x'), field('Content-Length', '3')], body: new Uint8Array([0xff, 0, 0x80]) },
      { type: 'response', version: 'SIP/2.0', status: 299, reason: ' Très bien 😀 ', headers: [field('Content-Length', '0')], body: new Uint8Array(0) },
      { type: 'request', method: 'OPTIONS', uri: 'sip:a@b', version: 'SIP/2.0', headers: [{ name: 'X-Odd', key: 'x-odd', value: 'a\rb\nc' }, field('Content-Length', '0')], body: new Uint8Array(0) },
    ]
    for (const m of examples) for (const compact of [false, true]) expect(model(parsed(serializeMessage(m, { compact })))).toEqual(model(m))
  })
})

// ---------------------------------------------------------------------------
// Wire forms: the same message written in the ways the grammar allows.

type Spelling = 'canonical' | 'lower' | 'upper' | 'compact'
interface FieldForm {
  readonly spelling: Spelling
  readonly colon: string
  /** Where spaces of the value become folds (RFC 3261 §7.3.1): indexes among its spaces. */
  readonly folds: ReadonlyArray<number>
  readonly fold: string
  readonly trailing: string
}
interface WireForm {
  readonly leadingCrlfs: number
  readonly fields: ReadonlyArray<FieldForm>
  readonly contentLength: 'exact' | 'padded' | 'absent' | 'short'
}

const fieldForm: fc.Arbitrary<FieldForm> = fc.record({
  spelling: fc.constantFrom<Spelling>('canonical', 'lower', 'upper', 'compact'),
  colon: fc.constantFrom(': ', ':', ' : ', '\t:\t', ':   '),
  folds: fc.array(fc.nat({ max: 8 }), { maxLength: 2 }),
  fold: fc.constantFrom('\r\n ', '\r\n\t', ' \r\n  '),
  trailing: fc.constantFrom('', '', ' ', '\t '),
})
const wireForm: fc.Arbitrary<WireForm> = fc.record({
  leadingCrlfs: fc.nat({ max: 2 }),
  fields: fc.array(fieldForm, { minLength: 14, maxLength: 14 }),
  contentLength: fc.constantFrom('exact', 'padded', 'absent', 'short'),
})

const spell = (h: HeaderField, s: Spelling): string => {
  switch (s) {
    case 'canonical':
      return h.name
    case 'lower':
      return h.name.toLowerCase()
    case 'upper':
      return h.name.toUpperCase()
    case 'compact':
      return compactName(h.key) ?? h.name
  }
}

const foldValue = (value: string, f: FieldForm): string => {
  let k = -1
  return value.replace(/ /g, (sp) => (k++, f.folds.includes(k) ? f.fold : sp))
}

const encode = (text: string, b: Uint8Array): Uint8Array => {
  const head = new TextEncoder().encode(text)
  const out = new Uint8Array(head.length + b.length)
  out.set(head)
  out.set(b, head.length)
  return out
}

const wire = (m: SipMessage, w: WireForm): Uint8Array => {
  const start = m.type === 'request' ? `${m.method} ${m.uri} ${m.version}` : `${m.version} ${m.status} ${m.reason}`
  let text = '\r\n'.repeat(w.leadingCrlfs) + start + '\r\n'
  m.headers.forEach((h, i) => {
    const f = w.fields[i % w.fields.length]!
    if (h.key === 'content-length') {
      if (w.contentLength === 'absent') return
      const n = w.contentLength === 'short' ? Math.floor(m.body.length / 2) : m.body.length
      text += `${spell(h, f.spelling)}${f.colon}${w.contentLength === 'padded' ? '000' : ''}${n}\r\n`
      return
    }
    text += `${spell(h, f.spelling)}${f.colon}${foldValue(h.value, f)}${f.trailing}\r\n`
  })
  return encode(text + '\r\n', m.body)
}

/** What a message means, Content-Length aside (the serializer restates it). */
const meaning = (m: SipMessage): unknown => {
  const { headers, ...rest } = model(m) as { headers: ReadonlyArray<HeaderField> }
  return { ...rest, headers: headers.filter((h) => h.key !== 'content-length') }
}

/** serialize(parse(b)) is a fixed point after one pass, and the second parse means the same. */
const fixedPoint = (bytes: Uint8Array, compact: boolean): boolean => {
  const once = parseMessage(bytes)
  if (E.isLeft(once)) return false
  const canonical = serializeMessage(once.right, { compact })
  const twice = parsed(canonical)
  expect(Array.from(serializeMessage(twice, { compact }))).toEqual(Array.from(canonical))
  expect(meaning(twice)).toEqual(meaning(once.right))
  expect(twice.headers.filter((h) => h.key === 'content-length').map((h) => h.value)).toEqual([String(twice.body.length)])
  return true
}

const corpus = (dir: URL, ext: string): ReadonlyArray<Uint8Array> => {
  try {
    return readdirSync(dir).filter((f) => f.endsWith(ext)).map((f) => new Uint8Array(readFileSync(new URL(f, dir))))
  } catch {
    return []
  }
}
const seeds = [...corpus(new URL('../fixtures/rfc4475/', import.meta.url), '.dat'), ...corpus(new URL('../bench/corpus/', import.meta.url), '.sip')]

describe('serialize(parse(b)) is a fixed point after one pass', () => {
  it('for wire forms of generated messages: any case, compact names, LWS, folds, leading CRLFs, Content-Length absent/padded/short', () => {
    fc.assert(
      fc.property(message(anyField), wireForm, fc.boolean(), (m, w, compact) => {
        const bytes = wire(m, w)
        // Every one of these forms is a message the grammar allows.
        expect(fixedPoint(bytes, compact), new TextDecoder().decode(bytes)).toBe(true)
        // Compact, lower and upper spellings of known names are one header to the parser.
        expect(parsed(bytes).headers.map((h) => h.key)).toEqual(m.headers.filter((h) => h.key !== 'content-length' || w.contentLength !== 'absent').map((h) => h.key))
      }),
      runs,
    )
  })

  it('for the RFC 4475 and bench messages, and mutations of them that still parse', () => {
    expect(seeds.length).toBeGreaterThan(40)
    let fixed = 0
    for (const s of seeds) if (fixedPoint(s, false)) fixed++
    expect(fixed).toBeGreaterThan(40)
    const mutated = fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.constantFrom(0x0d, 0x0a, 0x20, 0x09, 0x3a, 0x2c, 0x22, 0xc3, 0xa9, 0xff, 0x00, 0x41)), { minLength: 1, maxLength: 4 }))
    let parsedMutants = 0
    fc.assert(
      fc.property(mutated, fc.boolean(), ([seed, edits], compact) => {
        const a = Array.from(seed)
        for (const [at, byte] of edits) a.splice(at % (a.length + 1), 0, byte)
        if (fixedPoint(new Uint8Array(a), compact)) parsedMutants++
      }),
      { numRuns: 1000 },
    )
    // Not vacuous: many mutants still parse.
    expect(parsedMutants).toBeGreaterThan(200)
  })
})
