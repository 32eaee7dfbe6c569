/**
 * The scanners of `scan.ts` and the host checks of `uri.ts`, on bytes instead of a
 * string, for the single-purpose readers (`readers.ts`). A typed-array read costs
 * about a third of a `charCodeAt` on a header value (a sliced string), and a strict
 * reader reads every character of the value.
 *
 * Each function here is its string twin line for line with `s.charCodeAt(k)` read as
 * `b[k]`, on `b[from, to)` where the value holds one byte per character (see
 * `readers.ts`: ASCII bytes from the datagram, or a value mapped into a scratch
 * buffer). The one difference: a twin never reads at or past `end`, because `b` may
 * run on past the value (the rest of the datagram), where the string twin would read
 * NaN. Internal: not exported from `core/message`.
 */
import { ALPHA, DIGIT, GENVALUE, HEX, HOSTCHAR, TOKEN, is, isWs } from './scan.ts'

/** `b[k]` for `k` inside the value. */
const at = (b: Uint8Array, k: number): number => b[k] as number

const failed = (index: number): number => -index - 1

export const skipWs = (b: Uint8Array, i: number, end: number): number => {
  while (i < end && isWs(at(b, i))) i++
  return i
}

export const scanClass = (b: Uint8Array, i: number, end: number, flag: number): number => {
  while (i < end && is(at(b, i), flag)) i++
  return i
}

export const scanToken = (b: Uint8Array, i: number, end: number): number => scanClass(b, i, end, TOKEN)

export const scanEscaped = (b: Uint8Array, i: number, end: number, flag: number): number => {
  while (i < end) {
    const c = at(b, i)
    if (is(c, flag)) i++
    else if (c === 0x25 && i + 2 < end && is(at(b, i + 1), HEX) && is(at(b, i + 2), HEX)) i += 3
    else break
  }
  return i
}

export const scanQuoted = (b: Uint8Array, i: number, end: number): number => {
  const open = i
  i++
  while (i < end) {
    const c = at(b, i)
    if (c === 0x22) return i + 1
    if (c === 0x5c) {
      if (i + 1 >= end) return failed(open)
      const d = at(b, i + 1)
      if (d === 0x0a || d === 0x0d) return failed(i + 1)
      i += 2
    } else if ((c < 0x20 && c !== 0x09) || c === 0x7f) return failed(i)
    else i++
  }
  return failed(open)
}

export const rangeIs = (b: Uint8Array, from: number, to: number, word: string): boolean => {
  if (to - from !== word.length) return false
  for (let k = 0; k < word.length; k++) {
    const c = at(b, from + k)
    if (c !== word.charCodeAt(k) && (c | 0x20) !== word.charCodeAt(k)) return false
  }
  return true
}

/** True when `b[i, end)` starts with the ASCII string `lit` (exact case). */
export const matchAt = (b: Uint8Array, i: number, end: number, lit: string): boolean => {
  if (i + lit.length > end) return false
  for (let k = 0; k < lit.length; k++) if (at(b, i + k) !== lit.charCodeAt(k)) return false
  return true
}

export const parseDigits = (b: Uint8Array, from: number, to: number, max: number): number => {
  if (from >= to) return -1
  let v = 0
  for (let k = from; k < to; k++) {
    const d = at(b, k) - 0x30
    if (d < 0 || d > 9) return -1
    v = v * 10 + d
    if (v > max) {
      for (k++; k < to; k++) if (!is(at(b, k), DIGIT)) return -1
      return -2
    }
  }
  return v
}

export const scanGenValue = (b: Uint8Array, i: number, end: number): number => {
  if (i < end && at(b, i) === 0x22) return scanQuoted(b, i, end)
  const e = scanClass(b, i, end, GENVALUE)
  return e === i ? failed(i) : e
}

// ---------------------------------------------------------------------------
// Hosts (twins of `uri.ts`)

export const isIpv4 = (b: Uint8Array, from: number, to: number): boolean => {
  let parts = 0
  let i = from
  for (;;) {
    const st = i
    let v = 0
    while (i < to && i - st < 4 && is(at(b, i), DIGIT)) v = v * 10 + at(b, i++) - 0x30
    const n = i - st
    if (n === 0 || n > 3 || v > 255) return false
    parts++
    if (i === to) return parts === 4
    if (parts === 4 || at(b, i) !== 0x2e) return false
    i++
  }
}

export const isIpv6 = (b: Uint8Array, from: number, to: number): boolean => {
  let groups = 0
  let double = false
  let i = from
  if (i < to && at(b, i) === 0x3a) {
    if (i + 1 >= to || at(b, i + 1) !== 0x3a) return false
    double = true
    i += 2
  }
  while (i < to) {
    const st = i
    while (i < to && i - st < 5 && is(at(b, i), HEX)) i++
    if (i < to && at(b, i) === 0x2e) {
      if (!isIpv4(b, st, to)) return false
      groups += 2
      break
    }
    const n = i - st
    if (n === 0 || n > 4) return false
    groups++
    if (i === to) break
    if (at(b, i) !== 0x3a) return false
    i++
    if (i === to) return false
    if (at(b, i) === 0x3a) {
      if (double) return false
      double = true
      i++
      if (i < to && at(b, i) === 0x3a) {
        if (!isIpv4(b, i + 1, to)) return false
        groups += 2
        break
      }
    }
  }
  return double ? groups <= 7 : groups === 8
}

/** `hostKind(…) !== undefined` of `uri.ts`. */
export const isHost = (b: Uint8Array, from: number, to: number): boolean => {
  if (from >= to) return false
  let numeric = true
  for (let k = from; k < to; k++) {
    const c = at(b, k)
    if (!is(c, HOSTCHAR)) return false
    if (c !== 0x2e && !is(c, DIGIT)) numeric = false
  }
  if (numeric) return isIpv4(b, from, to)
  let labelStart = from
  let top = from
  for (let k = from; k <= to; k++) {
    if (k < to && at(b, k) !== 0x2e) continue
    if (k === labelStart) {
      if (!(k === to && k > from)) return false
    } else {
      if (at(b, labelStart) === 0x2d || at(b, k - 1) === 0x2d) return false
      top = labelStart
    }
    labelStart = k + 1
  }
  // top < to: a label ends before every dot, and the last one before `to`.
  return is(at(b, top), ALPHA)
}

export const scanHost = (b: Uint8Array, i: number, to: number): number => {
  const from = i
  let numeric = true
  let labelStart = i
  let top = i
  for (; i < to; i++) {
    const c = at(b, i)
    if (c === 0x2e) {
      if (i === labelStart || at(b, i - 1) === 0x2d) return -1
      top = labelStart
      labelStart = i + 1
    } else if (is(c, ALPHA)) numeric = false
    else if (c === 0x2d) {
      if (i === labelStart) return -1
      numeric = false
    } else if (!is(c, DIGIT)) break
  }
  if (i === from) return -1
  if (i > labelStart) {
    if (at(b, i - 1) === 0x2d) return -1
    top = labelStart
  }
  if (numeric) return isIpv4(b, from, i) ? i : -1
  // `top` is inside the host: the string twin's read there is never past its end either.
  return is(at(b, top), ALPHA) ? i : -1
}

// ---------------------------------------------------------------------------
// Header parameters

/**
 * Where `scanParamsFind` found its parameter: `from` is -1 when it is absent, `to` is
 * -1 for a flag; otherwise the value is `b[from, to)` as written. A module-level scratch
 * record, so that finding one parameter allocates nothing; read it right after the call.
 */
export const paramHit = { from: -1, to: -1 }

/**
 * `scanParams` (scan.ts) without building the list: the same result index (or negative
 * failure), and the first parameter called `name` (a lower-case token, case-insensitive
 * match) in `paramHit`, as `findParam(out, name)` would give it.
 */
export const scanParamsFind = (b: Uint8Array, i: number, end: number, name: string): number => {
  paramHit.from = -1
  paramHit.to = -1
  for (;;) {
    let j = i < end && isWs(at(b, i)) ? skipWs(b, i, end) : i
    if (j >= end || at(b, j) !== 0x3b) return j
    j++
    const ns = j < end && isWs(at(b, j)) ? skipWs(b, j, end) : j
    const ne = scanToken(b, ns, end)
    if (ne === ns) return failed(ns)
    const hit = paramHit.from === -1 && rangeIs(b, ns, ne, name)
    const k = ne < end && isWs(at(b, ne)) ? skipWs(b, ne, end) : ne
    if (k < end && at(b, k) === 0x3d) {
      const vs = skipWs(b, k + 1, end)
      const ve = scanGenValue(b, vs, end)
      if (ve < 0) return ve
      if (hit) {
        paramHit.from = vs
        paramHit.to = ve
      }
      i = ve
    } else {
      if (hit) paramHit.from = ne
      i = ne
    }
  }
}
