/**
 * The parser never throws and never hangs: arbitrary bytes, and valid messages mutated
 * byte by byte (flips, inserted CR/LF/colon/quote/bracket, truncation, duplication).
 * On the same inputs the stream framer keeps its contract (frames, CR/LF between them and
 * the remainder are the input, in order; chunking changes nothing) and every error
 * position is the true line and column of its offset.
 * `npm test` runs a few thousand inputs; `npm run fuzz` sets FUZZ_RUNS=1000000.
 */
import { readdirSync, readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  codecByKey,
  emptyFramer,
  headerValues,
  parseMessage,
  pushBytes,
  pushFramesAt,
  serializeMessage,
  shiftPosition,
  validateMessage,
  type HeaderField,
  type ParseError,
  type Position,
  type StreamFrame,
} from '../core/message/index.ts'
import { parseSdp } from '../core/sdp/index.ts'
import { parseSipFrag } from '../core/sipfrag/index.ts'

const runs = Number(process.env['FUZZ_RUNS'] ?? 3000)
// Each property runs inside one `it`: its timeout grows with the runs (about 0.2–0.4 ms a
// mutated input on a busy 2-core machine; 2 ms leaves room), never below vitest's 60 s.
const timeout = Math.max(60_000, runs * 2)
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

/** The offsets of the LFs of `bytes`, to count lines independently of the parser. */
const lineFeeds = new WeakMap<Uint8Array, ReadonlyArray<number>>()
const lfsOf = (bytes: Uint8Array): ReadonlyArray<number> => {
  let lfs = lineFeeds.get(bytes)
  if (lfs === undefined) {
    const found: Array<number> = []
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) found.push(i)
    lineFeeds.set(bytes, (lfs = found))
  }
  return lfs
}
/** The true line and column (1-based, LF ends a line) of byte `offset` of `bytes`. */
const truePosition = (bytes: Uint8Array, offset: number): Position => {
  expect(offset >= 0 && offset <= bytes.length, `offset ${offset} of ${bytes.length}`).toBe(true)
  const lfs = lfsOf(bytes)
  let lo = 0 // the number of LFs before `offset`, by binary search
  let hi = lfs.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (lfs[mid]! < offset) lo = mid + 1
    else hi = mid
  }
  return { line: lo + 1, column: offset - (lo === 0 ? 0 : lfs[lo - 1]! + 1) + 1, offset }
}

const isCrLf = (b: number | undefined): boolean => b === 0x0d || b === 0x0a
const allCrLf = (bytes: Uint8Array, from: number, to: number): boolean => {
  for (let k = from; k < to; k++) if (!isCrLf(bytes[k])) return false
  return true
}
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, k) => x === b[k])
const fieldAt = (h: HeaderField): Position | undefined => h.at

type Framed = readonly [{ readonly buffered: Uint8Array; readonly failed: boolean; readonly origin: Position }, ReadonlyArray<E.Either<ParseError, StreamFrame>>]

/** pushFramesAt over `bytes` cut into chunks at `cuts`. */
const frameIn = (bytes: Uint8Array, cuts: ReadonlyArray<number>): Framed => {
  let framer = emptyFramer
  const out: Array<E.Either<ParseError, StreamFrame>> = []
  let from = 0
  for (const to of [...cuts, bytes.length]) {
    const [next, results] = pushFramesAt(framer, bytes.subarray(from, to))
    framer = next
    out.push(...results)
    from = to
  }
  return [framer, out]
}

/**
 * The framer's contract on one input (RFC 3261 §18.3 stream framing): the frames are
 * slices of the input at their stated positions, in order, with only CR/LF keep-alive
 * bytes between them; then either one error (the stream failed: nothing buffered) or the
 * remainder, which is the rest of the input from its origin. Feeding the same bytes in
 * chunks gives the same frames, error and remainder. And pushBytes reads each frame as
 * parseMessage reads its bytes, positions moved into the stream.
 */
const checkFramer = (bytes: Uint8Array, cut: number): void => {
  const [framer, results] = frameIn(bytes, [])
  let end = 0 // where the last frame ended
  for (const [i, r] of results.entries()) {
    if (E.isLeft(r)) {
      expect(i).toBe(results.length - 1)
      expect(framer.failed).toBe(true)
      expect(r.left.at).toEqual(truePosition(bytes, r.left.at.offset))
      expect(r.left.at.offset).toBeGreaterThanOrEqual(end)
      continue
    }
    const { bytes: frame, at: start } = r.right
    expect(start).toEqual(truePosition(bytes, start.offset))
    expect(start.offset >= end && allCrLf(bytes, end, start.offset)).toBe(true)
    expect(isCrLf(frame[0])).toBe(false)
    expect(sameBytes(frame, bytes.subarray(start.offset, start.offset + frame.length))).toBe(true)
    end = start.offset + frame.length
  }
  if (framer.failed) {
    const last = results[results.length - 1]!
    expect(E.isLeft(last)).toBe(true)
    expect(framer.buffered.length).toBe(0)
    // The origin stays where the message that failed starts, at or before its error.
    expect(framer.origin).toEqual(truePosition(bytes, framer.origin.offset))
    expect(framer.origin.offset).toBeGreaterThanOrEqual(end)
    expect(E.isLeft(last) && framer.origin.offset).toBeLessThanOrEqual(E.isLeft(last) ? last.left.at.offset : 0)
    expect(allCrLf(bytes, end, framer.origin.offset)).toBe(true)
  } else {
    expect(results.every(E.isRight)).toBe(true)
    expect(framer.origin).toEqual(truePosition(bytes, bytes.length - framer.buffered.length))
    expect(sameBytes(framer.buffered, bytes.subarray(framer.origin.offset))).toBe(true)
    expect(allCrLf(bytes, end, framer.origin.offset)).toBe(true)
    // What is left is a message begun, never a keep-alive.
    if (framer.buffered.length > 0) expect(isCrLf(framer.buffered[0])).toBe(false)
  }
  // Chunks change nothing: the same frames at the same places, the same error, the same rest.
  const [chunked, chunkedResults] = frameIn(bytes, [cut % (bytes.length + 1)])
  // (Frames are compared by where they start and how long they are: their bytes were checked above.)
  const summary = (f: Framed[0], rs: Framed[1]) => [
    rs.map((r) => (E.isLeft(r) ? [r.left.kind, r.left.reason, r.left.at] : [r.right.at, r.right.bytes.length])),
    f.failed,
    f.origin,
    f.buffered.length,
  ]
  expect(summary(chunked, chunkedResults)).toEqual(summary(framer, results))
  expect(chunkedResults.every((r) => E.isLeft(r) || sameBytes(r.right.bytes, bytes.subarray(r.right.at.offset, r.right.at.offset + r.right.bytes.length)))).toBe(true)
  // pushBytes: each frame read as a datagram, its positions moved to where it starts.
  const [, messages] = pushBytes(emptyFramer, bytes)
  expect(messages.length).toBe(results.length)
  for (const [i, r] of results.entries()) {
    const m = messages[i]!
    if (E.isLeft(r)) {
      expect(E.isLeft(m) && [m.left.kind, m.left.reason, m.left.at]).toEqual([r.left.kind, r.left.reason, r.left.at])
      continue
    }
    const alone = parseMessage(r.right.bytes)
    const origin = r.right.at
    if (E.isLeft(alone)) {
      expect(E.isLeft(m) && [m.left.kind, m.left.reason, m.left.at]).toEqual([alone.left.kind, alone.left.reason, shiftPosition(alone.left.at, origin)])
    } else {
      expect(E.isRight(m)).toBe(true)
      if (E.isLeft(m)) continue
      expect(m.right.headers.map(fieldAt)).toEqual(alone.right.headers.map((h) => (h.at === undefined ? undefined : shiftPosition(h.at, origin))))
      for (const h of m.right.headers) if (h.at !== undefined) expect(h.at).toEqual(truePosition(bytes, h.at.offset))
      expect(sameBytes(m.right.body, alone.right.body)).toBe(true)
    }
  }
}

/** Everything a receiver does with bytes: frame, parse, validate, decode every header, bodies. */
const exercise = (bytes: Uint8Array, cut = bytes.length >> 1): void => {
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
    for (const h of r.right.headers) if (h.at !== undefined) expect(h.at).toEqual(truePosition(bytes, h.at.offset))
  } else {
    // The position of an error is the line and column of its offset, in the datagram.
    expect(r.left.at).toEqual(truePosition(bytes, r.left.at.offset))
  }
  checkFramer(bytes, cut)
}

describe('parser totality (fuzz)', () => {
  it(`never throws on arbitrary bytes (${runs} runs)`, { timeout }, () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), fc.nat(), (b, cut) => exercise(b, cut)), { numRuns: runs })
  })
  it(`never throws on mutated valid messages (${runs} runs)`, { timeout }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 8 }), fc.nat(), (seed, ms, cut) => exercise(ms.reduce(apply, seed), cut)),
      { numRuns: runs },
    )
  })
  it('streams of several messages: the framer contract on back-to-back seeds with keep-alives', { timeout }, () => {
    const crlf = new Uint8Array([0x0d, 0x0a])
    const concat = (parts: ReadonlyArray<Uint8Array>): Uint8Array => {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
      parts.reduce((o, p) => (out.set(p, o), o + p.length), 0)
      return out
    }
    let framed = 0
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...seeds), fc.nat({ max: 2 })), { minLength: 1, maxLength: 5 }), fc.nat(), (parts, cut) => {
        const bytes = concat(parts.flatMap(([seed, pings]) => [...Array.from({ length: pings }, () => crlf), seed]))
        framed += pushFramesAt(emptyFramer, bytes)[1].filter(E.isRight).length
        checkFramer(bytes, cut)
      }),
      { numRuns: Math.max(200, runs / 10) },
    )
    // Not vacuous: most seeds carry a Content-Length and frame.
    expect(framed).toBeGreaterThan(200)
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
