/**
 * A small scanning toolkit for header values and URIs, on character codes.
 *
 * Scanners take `(s, i, end)` and return the index where they stopped, so nothing is
 * allocated until a caller slices what it keeps. A scanner that can fail returns a
 * negative number `-(index + 1)`; `failIndex` turns it back into the failing index.
 * Every loop moves forward only: linear time, no backtracking.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Param, ValueError } from './types.ts'

// ---------------------------------------------------------------------------
// Character classes (RFC 3261 §25.1), one bit each, ASCII only.

export const ALPHA = 1
export const DIGIT = 2
export const HEX = 4
/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const TOKEN = 8
/** word adds ( ) < > : \ DQUOTE / [ ] ? { } to token (Call-ID) */
export const WORD = 16
/** unreserved = alphanum / mark; mark = - _ . ! ~ * ' ( ) */
export const UNRESERVED = 32
/** user = unreserved / user-unreserved (& = + $ , ; ? /) */
export const USER = 64
/** password = unreserved / & = + $ , */
export const PASSWORD = 128
/** paramchar = param-unreserved ([ ] / : & + $) / unreserved */
export const PARAMCHAR = 256
/** hname / hvalue = hnv-unreserved ([ ] / ? : + $) / unreserved */
export const HNV = 512
/** uric = reserved / unreserved (plus [ ] for IPv6 literals, RFC 3986) */
export const URIC = 1024
/** host characters: alphanum / "-" / "." */
export const HOSTCHAR = 2048
/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
export const SCHEME = 4096
/** tel number characters (RFC 3966 §3): DIGIT / HEXDIG / * # - . ( ) + */
export const TELCHAR = 8192
/** gen-value = token / host / quoted-string: token plus the host-only [ ] : */
export const GENVALUE = 16384

const table = new Uint16Array(128)
const mark = (chars: string, flag: number): void => {
  for (let k = 0; k < chars.length; k++) table[chars.charCodeAt(k)] = (table[chars.charCodeAt(k)] as number) | flag
}
const lower = 'abcdefghijklmnopqrstuvwxyz'
const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const digits = '0123456789'
const alnum = lower + upper + digits
const markChars = "-_.!~*'()"
mark(lower + upper, ALPHA)
mark(digits, DIGIT)
mark(digits + 'abcdefABCDEF', HEX)
mark(alnum + "-.!%*_+`'~", TOKEN | GENVALUE)
mark('[]:', GENVALUE)
mark(alnum + "-.!%*_+`'~()<>:\\\"/[]?{}", WORD)
mark(alnum + markChars, UNRESERVED | USER | PASSWORD | PARAMCHAR | HNV | URIC)
mark('&=+$,;?/', USER)
mark('&=+$,', PASSWORD)
mark('[]/:&+$', PARAMCHAR)
mark('[]/?:+$', HNV)
mark(';/?:@&=+$,[]', URIC)
mark(alnum + '-.', HOSTCHAR)
mark(alnum + '+-.', SCHEME)
mark(digits + 'abcdefABCDEF*#-.()+', TELCHAR)

/** True when the code `c` is in the class `flag` (or in any of them, for a union of flags). */
export const is = (c: number, flag: number): boolean => c < 128 && ((table[c] as number) & flag) !== 0

export const isWs = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a

// ---------------------------------------------------------------------------
// Errors

export const fail = <A = never>(reason: string, index: number): E.Either<ValueError, A> => E.left({ reason, index })

/** The failing index of a negative scanner result. */
export const failIndex = (r: number): number => -r - 1

const failed = (index: number): number => -index - 1

// ---------------------------------------------------------------------------
// Scanners

/** Skips LWS/SWS (values arrive unfolded; CR and LF are skipped too, defensively). */
export const skipWs = (s: string, i: number, end: number): number => {
  while (i < end && isWs(s.charCodeAt(i))) i++
  return i
}

/** Index after the run of characters in `flag` from `i`. */
export const scanClass = (s: string, i: number, end: number, flag: number): number => {
  while (i < end && is(s.charCodeAt(i), flag)) i++
  return i
}

export const scanToken = (s: string, i: number, end: number): number => scanClass(s, i, end, TOKEN)

export const scanWord = (s: string, i: number, end: number): number => scanClass(s, i, end, WORD)

/** Index after a run of `flag` characters and valid `%HH` escapes (RFC 3261 escaped). */
export const scanEscaped = (s: string, i: number, end: number, flag: number): number => {
  while (i < end) {
    const c = s.charCodeAt(i)
    if (is(c, flag)) i++
    else if (c === 0x25 && i + 2 < end && isHexAt(s, i + 1) && isHexAt(s, i + 2)) i += 3
    else break
  }
  return i
}

const isHexAt = (s: string, i: number): boolean => is(s.charCodeAt(i), HEX)

/**
 * A quoted-string starting at `i` (which holds DQUOTE): the index after the closing
 * quote, or a negative failure (unterminated, or a raw control character).
 * RFC 3261 §25.1: qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII;
 * quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F).
 */
export const scanQuoted = (s: string, i: number, end: number): number => {
  const open = i
  i++
  while (i < end) {
    const c = s.charCodeAt(i)
    if (c === 0x22) return i + 1
    if (c === 0x5c) {
      if (i + 1 >= end) return failed(open)
      const d = s.charCodeAt(i + 1)
      if (d === 0x0a || d === 0x0d) return failed(i + 1)
      i += 2
    } else if ((c < 0x20 && c !== 0x09) || c === 0x7f) return failed(i)
    else i++
  }
  return failed(open)
}

/** The content of a quoted-string `s[from, to)` (quotes included) with quoted-pairs resolved. */
export const unquote = (s: string, from: number, to: number): string => {
  const a = from + 1
  const b = to - 1
  let k = a
  while (k < b && s.charCodeAt(k) !== 0x5c) k++
  if (k === b) return s.slice(a, b)
  let out = s.slice(a, k)
  while (k < b) {
    const c = s.charCodeAt(k)
    if (c === 0x5c && k + 1 < b) {
      out += s[k + 1]
      k += 2
    } else {
      out += s[k]
      k++
    }
  }
  return out
}

/**
 * A quoted-string for any text. `"` and `\` and control characters become quoted-pairs;
 * CR and LF cannot be quoted at all (RFC 3261 §25.1), so they become SP, which also
 * keeps a value from injecting a header line.
 */
export const quote = (v: string): string => {
  let k = 0
  while (k < v.length) {
    const c = v.charCodeAt(k)
    if (c === 0x22 || c === 0x5c || (c < 0x20 && c !== 0x09) || c === 0x7f) break
    k++
  }
  if (k === v.length) return '"' + v + '"'
  let out = '"' + v.slice(0, k)
  for (; k < v.length; k++) {
    const c = v.charCodeAt(k)
    if (c === 0x0d || c === 0x0a) out += ' '
    else if (c === 0x22 || c === 0x5c || (c < 0x20 && c !== 0x09) || c === 0x7f) out += '\\' + v[k]
    else out += v[k]
  }
  return out + '"'
}

export const isToken = (v: string): boolean => v.length > 0 && scanToken(v, 0, v.length) === v.length

/** Case-insensitive ASCII comparison, without allocating. */
export const eqIgnoreCase = (a: string, b: string): boolean => {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let k = 0; k < a.length; k++) {
    const x = a.charCodeAt(k)
    const y = b.charCodeAt(k)
    if (x !== y && ((x | 0x20) !== (y | 0x20) || !is(x, ALPHA))) return false
  }
  return true
}

/** Case-insensitive comparison of `s[from, to)` with a lower-case ASCII word. */
export const rangeIs = (s: string, from: number, to: number, word: string): boolean => {
  if (to - from !== word.length) return false
  for (let k = 0; k < word.length; k++) {
    const c = s.charCodeAt(from + k)
    if (c !== word.charCodeAt(k) && (c | 0x20) !== word.charCodeAt(k)) return false
  }
  return true
}

/**
 * delta-seconds and friends: 1*DIGIT in `s[from, to)`, leading zeros allowed, at most `max`.
 * -1 when not digits (or empty), -2 when larger than `max` (RFC 4475 scalar02).
 */
export const parseDigits = (s: string, from: number, to: number, max: number): number => {
  if (from >= to) return -1
  let v = 0
  for (let k = from; k < to; k++) {
    const d = s.charCodeAt(k) - 0x30
    if (d < 0 || d > 9) return -1
    v = v * 10 + d
    if (v > max) {
      for (k++; k < to; k++) if (!is(s.charCodeAt(k), DIGIT)) return -1
      return -2
    }
  }
  return v
}

export const MAX_UINT32 = 0xffffffff

// ---------------------------------------------------------------------------
// Header parameters: *( SEMI generic-param ), SEMI = SWS ";" SWS (RFC 3261 §25.1)

/** A gen-value at `i`: quoted-string, or token / host characters. Index after it, or negative. */
export const scanGenValue = (s: string, i: number, end: number): number => {
  if (i < end && s.charCodeAt(i) === 0x22) return scanQuoted(s, i, end)
  const e = scanClass(s, i, end, GENVALUE)
  return e === i ? failed(i) : e
}

/**
 * Reads `;name[=value]` parameters into `out` (values kept as written, quotes included).
 * Stops, without failing, at the first character after SWS that is not `;`, and returns
 * that index; the caller decides whether anything may follow. Negative on a malformed
 * parameter (RFC 4475 badinv01: `;;`).
 */
export const scanParams = (s: string, i: number, end: number, out: Array<Param>): number => {
  for (;;) {
    // skipWs is called only where there is whitespace: `;name=value` is the usual shape.
    let j = i < end && isWs(s.charCodeAt(i)) ? skipWs(s, i, end) : i
    if (j >= end || s.charCodeAt(j) !== 0x3b) return j
    j++
    const ns = j < end && isWs(s.charCodeAt(j)) ? skipWs(s, j, end) : j
    const ne = scanToken(s, ns, end)
    if (ne === ns) return failed(ns)
    const name = s.slice(ns, ne)
    const k = ne < end && isWs(s.charCodeAt(ne)) ? skipWs(s, ne, end) : ne
    if (k < end && s.charCodeAt(k) === 0x3d) {
      const vs = skipWs(s, k + 1, end)
      const ve = scanGenValue(s, vs, end)
      if (ve < 0) return ve
      out.push({ name, value: s.slice(vs, ve) })
      i = ve
    } else {
      // Same keys as a valued parameter: one object shape for the JIT.
      out.push({ name, value: undefined })
      i = ne
    }
  }
}

/** True when `s` holds the ASCII string `lit` at index `i` (exact case). */
export const matchAt = (s: string, i: number, lit: string): boolean => {
  if (i + lit.length > s.length) return false
  for (let k = 0; k < lit.length; k++) if (s.charCodeAt(i + k) !== lit.charCodeAt(k)) return false
  return true
}

/** Parses a whole `*( SEMI generic-param )` tail; anything left over is an error. */
export const parseParamsTail = (s: string, i: number, end: number): E.Either<ValueError, ReadonlyArray<Param>> => {
  const out: Array<Param> = []
  const r = scanParams(s, i, end, out)
  if (r < 0) return fail('malformed parameter', failIndex(r))
  if (r !== end) return fail('unexpected character', r)
  return E.right(out)
}

/** `;name=value;flag` as written (values are stored as they go on the wire). */
export const formatParams = (params: ReadonlyArray<Param>): string => {
  let out = ''
  for (const p of params) out += p.value === undefined ? ';' + p.name : ';' + p.name + '=' + p.value
  return out
}

/** The first parameter called `name` (case-insensitive, RFC 3261 §7.3.1). */
export const findParam = (params: ReadonlyArray<Param>, name: string): Param | undefined => {
  for (const p of params) if (eqIgnoreCase(p.name, name)) return p
  return undefined
}
