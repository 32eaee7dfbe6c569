/**
 * Checking a name-addr and its URI without building them, for the single-purpose
 * readers (`readers.ts`): each scanner follows its parser step for step
 * (`parseUriAt`, `parseSip`, `parseNameAddrRange`) and either vouches for a value
 * the parser accepts, or gives up (-1), leaving the exact result or error to the
 * parser. They read the value as bytes, `b[from, to)`, one byte per character of the
 * string the parser reads (see `scan-bytes.ts`). Internal: not exported from `core/message`.
 */
import { ALPHA, DIGIT, HEX, HNV, PARAMCHAR, PASSWORD, SCHEME, URIC, USER, is, isWs } from './scan.ts'
import { isIpv6, rangeIs, scanClass, scanEscaped, scanHost, scanQuoted, scanToken, skipWs } from './scan-bytes.ts'

/** `b[k]` for `k` inside the value (every read here is below `to`). */
const at = (b: Uint8Array, k: number): number => b[k] as number

const hexValue = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57)

/**
 * Set in `scanUriEnd`'s result when the URI's text differs from what `formatUri` writes
 * for it (bit 29: no value reaches 2^29 bytes, so indexes never use it).
 */
export const NOT_CANONICAL = 0x20000000

/**
 * Like `scanEsc`, but instead of noting that it crossed an escape, it notes (with
 * `NOT_CANONICAL`) an escape that `formatUri` would not write back the same way:
 * `formatUri` writes an ASCII octet outside `flag` as upper-case `%HH` and one inside
 * it literally; non-ASCII octets are left to the full path.
 */
const scanEscCanon = (b: Uint8Array, i: number, end: number, flag: number): number => {
  let flags = 0
  while (i < end) {
    const c = at(b, i)
    if (is(c, flag)) i++
    else if (c === 0x25 && i + 2 < end && is(at(b, i + 1), HEX) && is(at(b, i + 2), HEX)) {
      const h = at(b, i + 1)
      const l = at(b, i + 2)
      const octet = hexValue(h) * 16 + hexValue(l)
      if (octet >= 0x80 || is(octet, flag) || h >= 0x61 || l >= 0x61) flags = NOT_CANONICAL
      i += 3
    } else break
  }
  return i | flags
}

/**
 * Where the URI that `parseUriAt(s, from, to, at)` reads ends (its `at.end`), without
 * building it, with `NOT_CANONICAL` set when `formatUri` of it would not give back
 * `b[from, end)`; or -1 when `parseUriAt` rejects it or this scanner cannot vouch for
 * it (tel URIs): the caller then runs `parseUriAt` itself. Kept step for step in line
 * with `parseUriAt` and `parseSip` (readers.test.ts compares them).
 */
export const scanUriEnd = (b: Uint8Array, from: number, to: number): number => {
  if (from >= to || !is(at(b, from), ALPHA)) return -1
  const se = scanClass(b, from + 1, to, SCHEME)
  if (se >= to || at(b, se) !== 0x3a) return -1
  const n = se - from
  if (n === 3 || n === 4) {
    if (rangeIs(b, from, se, 'sip') || rangeIs(b, from, se, 'sips')) {
      // formatUri writes the scheme in lower case.
      const lower = at(b, from) === 0x73 && at(b, from + 1) === 0x69 && at(b, from + 2) === 0x70 && (n === 3 || at(b, from + 3) === 0x73)
      const r = scanSipEnd(b, se + 1, to)
      return r < 0 || lower ? r : r | NOT_CANONICAL
    }
    if (rangeIs(b, from, se, 'tel')) return -1
  }
  const oe = scanEscaped(b, se + 1, to, URIC)
  return oe === se + 1 ? -1 : oe
}

/** `parseSip` without building: see `scanUriEnd`. */
const scanSipEnd = (b: Uint8Array, from: number, to: number): number => {
  let i = from
  let flags = 0
  const ur = scanEscCanon(b, from, to, USER)
  const ue = ur & ~NOT_CANONICAL
  if (ue < to && at(b, ue) === 0x40) {
    if (ue === from) return -1
    flags |= ur & NOT_CANONICAL
    i = ue + 1
  } else if (ue < to && at(b, ue) === 0x3a) {
    const pr = scanEscCanon(b, ue + 1, to, PASSWORD)
    const pe = pr & ~NOT_CANONICAL
    if (pe < to && at(b, pe) === 0x40) {
      if (ue === from) return -1
      flags |= (ur | pr) & NOT_CANONICAL
      i = pe + 1
    }
  }
  if (i < to && at(b, i) === 0x5b) {
    let close = i + 1
    while (close < to && at(b, close) !== 0x5d) close++
    if (close === to || !isIpv6(b, i + 1, close)) return -1
    i = close + 1
  } else {
    const he = scanHost(b, i, to)
    if (he < 0) return -1
    i = he
  }
  if (i < to && at(b, i) === 0x3a) {
    const ps = i + 1
    const pe = scanClass(b, ps, to, DIGIT)
    if (pe === ps) return -1
    let v = 0
    for (let k = ps; k < pe && v <= 65535; k++) v = v * 10 + at(b, k) - 0x30
    if (v > 65535) return -1
    // formatUri writes the port as a number: no leading zeros.
    if (pe - ps > 1 && at(b, ps) === 0x30) flags |= NOT_CANONICAL
    i = pe
  }
  while (i < to && at(b, i) === 0x3b) {
    const ns = i + 1
    const nr = scanEscCanon(b, ns, to, PARAMCHAR)
    const ne = nr & ~NOT_CANONICAL
    if (ne === ns) return -1
    flags |= nr & NOT_CANONICAL
    if (ne < to && at(b, ne) === 0x3d) {
      const vr = scanEscCanon(b, ne + 1, to, PARAMCHAR)
      flags |= vr & NOT_CANONICAL
      i = vr & ~NOT_CANONICAL
    } else i = ne
  }
  if (i < to && at(b, i) === 0x3f) {
    do {
      const ns = i + 1
      const nr = scanEscCanon(b, ns, to, HNV)
      const ne = nr & ~NOT_CANONICAL
      if (ne === ns) return -1
      flags |= nr & NOT_CANONICAL
      if (ne < to && at(b, ne) === 0x3d) {
        const vr = scanEscCanon(b, ne + 1, to, HNV)
        flags |= vr & NOT_CANONICAL
        i = vr & ~NOT_CANONICAL
      } else i = ne
    } while (i < to && at(b, i) === 0x26)
  }
  return i | flags
}

/**
 * Where `scanNameAddrHead` found the URI: `b[from, to)`, and whether that text is what
 * `formatUri` gives for it. A module-level scratch record, read right after the call.
 */
export const uriHit = { from: 0, to: 0, canonical: false }

/**
 * Checks `b[from, to)` up to its header parameters as `parseNameAddrRange` would,
 * without building anything: the index where the parameters start (after the URI or
 * its ">"), with the URI's place in `uriHit`; or -1 when `parseNameAddrRange` rejects
 * the value or this scanner cannot vouch for it (callers then run `parseNameAddrRange`
 * for the exact result or error). Kept step for step in line with it.
 */
export const scanNameAddrHead = (b: Uint8Array, from: number, to: number, lenient: boolean): number => {
  let i = skipWs(b, from, to)
  if (i >= to) return -1
  let angle = false
  const c = at(b, i)
  if (c === 0x22) {
    const q = scanQuoted(b, i, to)
    if (q < 0) return -1
    i = skipWs(b, q, to)
    if (i >= to || at(b, i) !== 0x3c) return -1
    angle = true
  } else if (c === 0x3c) {
    angle = true
  } else {
    let k = i
    let last = i
    for (;;) {
      const e = scanToken(b, k, to)
      if (e === k) break
      last = e
      k = skipWs(b, e, to)
      if (k === e) break
    }
    if (last > i && k < to && at(b, k) === 0x3c) {
      i = k
      angle = true
    }
  }
  if (angle) {
    const us = i + 1
    if (us < to && isWs(at(b, us))) return -1
    const r = scanUriEnd(b, us, to)
    if (r < 0) return -1
    const close = r & ~NOT_CANONICAL
    if (close >= to || at(b, close) !== 0x3e) return -1
    uriHit.from = us
    uriHit.to = close
    uriHit.canonical = (r & NOT_CANONICAL) === 0
    return close + 1
  }
  let e = i
  while (e < to) {
    const d = at(b, e)
    if (isWs(d)) break
    if (!lenient) {
      if (d === 0x3b) break
      if (d === 0x2c || d === 0x3f) return -1
    }
    e++
  }
  const r = scanUriEnd(b, i, e)
  if (r < 0 || (r & ~NOT_CANONICAL) !== e) return -1
  uriHit.from = i
  uriHit.to = e
  uriHit.canonical = (r & NOT_CANONICAL) === 0
  return e
}
