/**
 * Checking a Via field value as `parseFirstVia` does, without building anything, for
 * the single-purpose reader `topViaBranch` (`readers.ts`). It reads the value as bytes,
 * `b[from, to)`, one byte per character of the string the parser reads (see
 * `scan-bytes.ts`), and is kept step for step in line with `parseViaElement` and
 * `checkViaParam` (codecs/via.ts). Internal: not exported from `core/message`.
 */
import { DIGIT, isWs } from './scan.ts'
import { isHost, isIpv4, isIpv6, matchAt, paramHit, parseDigits, rangeIs, scanClass, scanGenValue, scanHost, scanToken, skipWs } from './scan-bytes.ts'

const SLASH = 0x2f

/** `b[k]` for `k` inside the value (every read here is below `to`). */
const at = (b: Uint8Array, k: number): number => b[k] as number

// The Via parameters whose grammar RFC 3261 §25.1 fixes (as in codecs/via.ts).
const BRANCH = 1
const RECEIVED = 2
const RPORT = 3
const MADDR = 4
const TTL = 5

const viaParamCode = (b: Uint8Array, from: number, to: number): number => {
  switch (to - from) {
    case 6:
      return rangeIs(b, from, to, 'branch') ? BRANCH : 0
    case 8:
      return rangeIs(b, from, to, 'received') ? RECEIVED : 0
    case 5:
      return rangeIs(b, from, to, 'rport') ? RPORT : rangeIs(b, from, to, 'maddr') ? MADDR : 0
    case 3:
      return rangeIs(b, from, to, 'ttl') ? TTL : 0
    default:
      return 0
  }
}

/** `checkViaParam(…) === undefined`: the value is `b[from, to)`, a flag when `from` is -1. */
const viaParamOk = (code: number, b: Uint8Array, from: number, to: number): boolean => {
  switch (code) {
    case RECEIVED: {
      // A gen-value is never empty, so `from < to` below.
      if (from < 0) return false
      if (at(b, from) === 0x5b) return at(b, to - 1) === 0x5d && isIpv6(b, from + 1, to - 1)
      if (isIpv4(b, from, to)) return true
      if (hasColon(b, from, to)) return isIpv6(b, from, to)
      return isHost(b, from, to)
    }
    case RPORT:
      return from < 0 || parseDigits(b, from, to, 65535) >= 0
    case TTL:
      return from >= 0 && parseDigits(b, from, to, 255) >= 0
    case BRANCH:
    case MADDR:
      return from >= 0 && (from === to || at(b, from) !== 0x22)
    default:
      return true
  }
}

const hasColon = (b: Uint8Array, from: number, to: number): boolean => {
  for (let k = from; k < to; k++) if (at(b, k) === 0x3a) return true
  return false
}

/**
 * True when `parseFirstVia` accepts the value `b[from, end)`, with its first `branch`
 * value in `paramHit`; false when it rejects it or this scanner cannot vouch for it
 * (callers then run `parseFirstVia` for the exact result or error).
 */
export const scanFirstVia = (b: Uint8Array, from: number, end: number): boolean => {
  let i = skipWs(b, from, end)
  let ts: number
  if (matchAt(b, i, end, 'SIP/2.0/')) ts = skipWs(b, i + 8, end)
  else {
    const ns = i
    i = scanToken(b, i, end)
    if (i === ns) return false
    i = skipWs(b, i, end)
    if (i >= end || at(b, i) !== SLASH) return false
    const vs = skipWs(b, i + 1, end)
    const ve = scanToken(b, vs, end)
    if (ve === vs) return false
    i = skipWs(b, ve, end)
    if (i >= end || at(b, i) !== SLASH) return false
    ts = skipWs(b, i + 1, end)
  }
  const te = scanToken(b, ts, end)
  if (te === ts) return false
  const hs = skipWs(b, te, end)
  if (hs === te) return false
  let he: number
  if (hs < end && at(b, hs) === 0x5b) {
    he = hs + 1
    while (he < end && at(b, he) !== 0x5d) he++
    if (he >= end || !isIpv6(b, hs + 1, he)) return false
    he++
  } else {
    he = scanHost(b, hs, end)
    if (he < 0) return false
  }
  i = he
  const c = skipWs(b, i, end)
  if (c < end && at(b, c) === 0x3a) {
    const ps = skipWs(b, c + 1, end)
    const pe = scanClass(b, ps, end, DIGIT)
    if (parseDigits(b, ps, pe, 65535) < 0) return false
    i = pe
  }
  // scanParams with each parameter checked as it goes (the full parser checks them
  // after the list is built; either way any failure means the value is rejected).
  paramHit.from = -1
  paramHit.to = -1
  for (;;) {
    let j = i < end && isWs(at(b, i)) ? skipWs(b, i, end) : i
    if (j >= end || at(b, j) !== 0x3b) return j === end || at(b, j) === 0x2c
    j++
    const ns = j < end && isWs(at(b, j)) ? skipWs(b, j, end) : j
    const ne = scanToken(b, ns, end)
    if (ne === ns) return false
    const k = ne < end && isWs(at(b, ne)) ? skipWs(b, ne, end) : ne
    let vs = -1
    let ve = -1
    if (k < end && at(b, k) === 0x3d) {
      vs = skipWs(b, k + 1, end)
      ve = scanGenValue(b, vs, end)
      if (ve < 0) return false
      i = ve
    } else i = ne
    const code = viaParamCode(b, ns, ne)
    if (code === 0) continue
    if (!viaParamOk(code, b, vs, ve)) return false
    if (code === BRANCH && paramHit.from === -1) {
      paramHit.from = vs
      paramHit.to = ve
    }
  }
}
