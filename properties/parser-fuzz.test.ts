/**
 * The parser never throws and never hangs: arbitrary bytes, and valid messages mutated
 * byte by byte (flips, inserted CR/LF/colon/quote/bracket, truncation, duplication).
 * `npm test` runs a few thousand inputs; `npm run fuzz` sets FUZZ_RUNS=1000000.
 */
import { readdirSync, readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { codecByKey, emptyFramer, headerValues, parseMessage, pushBytes, serializeMessage, validateMessage } from '../core/message/index.ts'
import { parseSdp } from '../core/sdp/index.ts'
import { parseSipFrag } from '../core/sipfrag/index.ts'

const runs = Number(process.env['FUZZ_RUNS'] ?? 3000)
const corpusDir = new URL('../fixtures/rfc4475/', import.meta.url)
const benchDir = new URL('../bench/corpus/', import.meta.url)
const seeds: ReadonlyArray<Uint8Array> = [
  ...readdirSync(corpusDir).filter((f) => f.endsWith('.dat')).map((f) => new Uint8Array(readFileSync(new URL(f, corpusDir)))),
  ...safeList(benchDir).map((f) => new Uint8Array(readFileSync(new URL(f, benchDir)))),
]

function safeList(dir: URL): ReadonlyArray<string> {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.sip'))
  } catch {
    return []
  }
}

const interesting = [0x0d, 0x0a, 0x20, 0x09, 0x3a, 0x3b, 0x2c, 0x22, 0x3c, 0x3e, 0x5c, 0x25, 0x00, 0xff, 0x3d, 0x40, 0x5b, 0x5d]

type Mutation =
  | { readonly type: 'set'; readonly at: number; readonly byte: number }
  | { readonly type: 'insert'; readonly at: number; readonly byte: number }
  | { readonly type: 'delete'; readonly at: number; readonly length: number }
  | { readonly type: 'duplicate'; readonly at: number; readonly length: number }
  | { readonly type: 'truncate'; readonly at: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ type: fc.constant('set' as const), at: fc.nat(), byte: fc.oneof(fc.constantFrom(...interesting), fc.integer({ min: 0, max: 255 })) }),
  fc.record({ type: fc.constant('insert' as const), at: fc.nat(), byte: fc.constantFrom(...interesting) }),
  fc.record({ type: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ type: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ type: fc.constant('truncate' as const), at: fc.nat() }),
)

const apply = (bytes: Uint8Array, m: Mutation): Uint8Array => {
  const at = bytes.length === 0 ? 0 : m.at % bytes.length
  const a = Array.from(bytes)
  switch (m.type) {
    case 'set':
      a[at] = m.byte
      break
    case 'insert':
      a.splice(at, 0, m.byte)
      break
    case 'delete':
      a.splice(at, m.length)
      break
    case 'duplicate':
      a.splice(at, 0, ...a.slice(at, at + m.length))
      break
    case 'truncate':
      a.length = at
      break
  }
  return new Uint8Array(a)
}

/** Everything a receiver does with bytes: frame, parse, validate, decode every header, bodies. */
const exercise = (bytes: Uint8Array): void => {
  const r = parseMessage(bytes)
  if (E.isRight(r)) {
    validateMessage(r.right)
    for (const h of r.right.headers) {
      const codec = codecByKey.get(h.key)
      if (codec !== undefined) headerValues(r.right, codec)
    }
    serializeMessage(r.right)
    parseSdp(new TextDecoder().decode(r.right.body))
    parseSipFrag(r.right.body)
  } else {
    expect(r.left.at.line).toBeGreaterThanOrEqual(0)
  }
  const [framer, results] = pushBytes(emptyFramer, bytes)
  expect(results.length + (framer.buffered.length > 0 ? 1 : 0) + (framer.failed ? 1 : 0)).toBeGreaterThanOrEqual(0)
}

describe('parser totality (fuzz)', () => {
  it(`never throws on arbitrary bytes (${runs} runs)`, () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (b) => exercise(b)), { numRuns: runs })
  })
  it(`never throws on mutated valid messages (${runs} runs)`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 8 }), (seed, ms) => exercise(ms.reduce(apply, seed))),
      { numRuns: runs },
    )
  })
  it('stays linear on pathological inputs (no quadratic blow-up)', () => {
    const head = 'OPTIONS sip:a@b SIP/2.0\r\n'
    const inputs = [
      head + 'Via: ' + 'SIP/2.0/UDP h;'.repeat(3000) + '\r\n\r\n',
      head + 'To: ' + '"'.repeat(20_000) + '\r\n\r\n',
      head + 'Contact: ' + '<'.repeat(20_000) + '\r\n\r\n',
      head + 'X: ' + ' \r\n'.repeat(10_000) + '\r\n',
      '\r\n'.repeat(30_000),
      head + 'Route: ' + '<sip:a>,'.repeat(5000) + '\r\n\r\n',
    ]
    for (const s of inputs) exercise(new TextEncoder().encode(s))
  })
})
