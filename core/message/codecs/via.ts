/**
 * Via (RFC 3261 §20.42, §25.1):
 *   via-parm = sent-protocol LWS sent-by *( SEMI via-params )
 *   sent-protocol = protocol-name SLASH protocol-version SLASH transport
 *   sent-by = host [ COLON port ]
 */
import * as E from 'fp-ts/lib/Either.js'
import type { HeaderCodec } from '../header-codec.ts'
import {
  DIGIT, fail, failIndex, findParam, formatParams, matchAt, parseDigits, rangeIs,
  scanClass, scanParams, scanToken, skipWs,
} from '../scan.ts'
import type { Param, ValueError, Via } from '../types.ts'
import { hostKind, isIpv4, isIpv6, scanHost } from '../uri.ts'

const SLASH = 0x2f

export const parseVia = (s: string): E.Either<ValueError, Via> => parseViaElement(s, false)

/**
 * The first via-parm of a whole Via field value: like `parseVia` on the first element
 * of `splitList(s)`, but it stops at the comma that ends that element instead of
 * splitting the list first (a via-parm holds no comma outside a quoted string).
 */
export const parseFirstVia = (s: string): E.Either<ValueError, Via> => parseViaElement(s, true)

const parseViaElement = (s: string, first: boolean): E.Either<ValueError, Via> => {
  const end = s.length
  let i = skipWs(s, 0, end)
  let protocol: string
  let ts: number
  if (matchAt(s, i, 'SIP/2.0/')) {
    // The common spelling, without slicing it.
    protocol = 'SIP/2.0'
    ts = skipWs(s, i + 8, end)
  } else {
    // SLASH = SWS "/" SWS, so "SIP / 2.0 / UDP" is fine (RFC 4475 wsinv).
    const ns = i
    i = scanToken(s, i, end)
    if (i === ns) return fail('expected the protocol name', ns)
    const ne = i
    i = skipWs(s, i, end)
    if (i >= end || s.charCodeAt(i) !== SLASH) return fail('expected "/" after the protocol name', i)
    const vs = skipWs(s, i + 1, end)
    const ve = scanToken(s, vs, end)
    if (ve === vs) return fail('expected the protocol version', vs)
    i = skipWs(s, ve, end)
    if (i >= end || s.charCodeAt(i) !== SLASH) return fail('expected "/" after the protocol version', i)
    protocol = vs === ne + 1 ? s.slice(ns, ve) : s.slice(ns, ne) + '/' + s.slice(vs, ve)
    ts = skipWs(s, i + 1, end)
  }
  const te = scanToken(s, ts, end) // transport = any token (RFC 4475 transports)
  if (te === ts) return fail('expected the transport', ts)
  const hs = skipWs(s, te, end)
  if (hs === te) return fail('expected whitespace before sent-by', te)
  // sent-by host: hostname / IPv4address / IPv6reference (RFC 5118)
  let he: number
  if (hs < end && s.charCodeAt(hs) === 0x5b) {
    he = hs + 1
    while (he < end && s.charCodeAt(he) !== 0x5d) he++
    if (he >= end || !isIpv6(s, hs + 1, he)) return fail('invalid IPv6 reference in sent-by', hs)
    he++
  } else {
    he = scanHost(s, hs, end)
    if (he < 0) return fail('invalid sent-by host', hs)
  }
  i = he
  let port: number | undefined
  const c = skipWs(s, i, end)
  if (c < end && s.charCodeAt(c) === 0x3a) {
    const ps = skipWs(s, c + 1, end)
    const pe = scanClass(s, ps, end, DIGIT)
    const v = parseDigits(s, ps, pe, 65535)
    if (v < 0) return fail('invalid sent-by port', ps)
    port = v
    i = pe
  }
  const params: Array<Param> = []
  const p = scanParams(s, i, end, params)
  if (p < 0) return fail('malformed Via parameter', failIndex(p)) // RFC 4475 badinv01
  if (p !== end && !(first && s.charCodeAt(p) === 0x2c)) return fail('unexpected character in Via', p)
  for (let k = 0; k < params.length; k++) {
    const q = params[k] as Param
    const code = viaParamCode(q.name, 0, q.name.length)
    if (code === 0) continue
    const bad = q.value === undefined ? checkViaParam(code, '', -1, -1) : checkViaParam(code, q.value, 0, q.value.length)
    if (bad !== undefined) return fail(bad, first ? trimEnd(s, p) : p)
    // RFC 5118 §4.5: accept received with or without brackets, keep it without.
    if (code === RECEIVED && q.value !== undefined && q.value.charCodeAt(0) === 0x5b) {
      params[k] = { name: q.name, value: q.value.slice(1, -1) }
    }
  }
  const via: Via = { protocol, transport: transportOf(s, ts, te), host: s.slice(hs, he), port, params }
  return E.right(via)
}

/** Where the element that stops at `p` ends once trimmed (its end in a split list). */
const trimEnd = (s: string, p: number): number => {
  while (p > 0 && (s.charCodeAt(p - 1) === 0x20 || s.charCodeAt(p - 1) === 0x09)) p--
  return p
}

/** The transport token in upper case; the usual ones without slicing. */
const transportOf = (s: string, from: number, to: number): string => {
  if (to - from === 3) {
    if (matchAt(s, from, 'UDP')) return 'UDP'
    if (matchAt(s, from, 'TCP')) return 'TCP'
    if (matchAt(s, from, 'TLS')) return 'TLS'
  }
  return upperAscii(s.slice(from, to))
}

// Via parameters whose grammar RFC 3261 §25.1 fixes, as small integers: telling them
// apart by length first costs one string comparison per parameter, not a chain of them.
const BRANCH = 1
const RECEIVED = 2
const RPORT = 3
const MADDR = 4
const TTL = 5

/** The code of the Via parameter named `s[from, to)` (a token), 0 for a generic one. */
const viaParamCode = (s: string, from: number, to: number): number => {
  switch (to - from) {
    case 6:
      return rangeIs(s, from, to, 'branch') ? BRANCH : 0
    case 8:
      return rangeIs(s, from, to, 'received') ? RECEIVED : 0
    case 5:
      return rangeIs(s, from, to, 'rport') ? RPORT : rangeIs(s, from, to, 'maddr') ? MADDR : 0
    case 3:
      return rangeIs(s, from, to, 'ttl') ? TTL : 0
    default:
      return 0
  }
}

/**
 * Checks the parameters whose grammar RFC 3261 §25.1 fixes; others are generic. The
 * value is `s[from, to)`, or absent (a flag) when `from` is -1.
 */
const checkViaParam = (code: number, s: string, from: number, to: number): string | undefined => {
  switch (code) {
    case RECEIVED: {
      // via-received = IPv4address / IPv6address; tolerate "[…]" (RFC 5118 §4.5) and hostnames.
      if (from < 0) return 'received needs a value'
      if (s.charCodeAt(from) === 0x5b) {
        return s.charCodeAt(to - 1) === 0x5d && isIpv6(s, from + 1, to - 1) ? undefined : 'invalid received address'
      }
      if (isIpv4(s, from, to)) return undefined
      if (hasColon(s, from, to)) return isIpv6(s, from, to) ? undefined : 'invalid received address'
      return hostKind(s, from, to) !== undefined ? undefined : 'invalid received address'
    }
    case RPORT: // RFC 3581: rport as a flag in requests, a port in responses
      return from < 0 || parseDigits(s, from, to, 65535) >= 0 ? undefined : 'invalid rport'
    case TTL:
      return from >= 0 && parseDigits(s, from, to, 255) >= 0 ? undefined : 'invalid ttl'
    case BRANCH:
      return from >= 0 && (from === to || s.charCodeAt(from) !== 0x22) ? undefined : 'branch needs a token value'
    case MADDR:
      return from >= 0 && (from === to || s.charCodeAt(from) !== 0x22) ? undefined : 'maddr needs a host'
    default:
      return undefined
  }
}

const hasColon = (s: string, from: number, to: number): boolean => {
  for (let k = from; k < to; k++) if (s.charCodeAt(k) === 0x3a) return true
  return false
}

const upperAscii = (t: string): string => {
  for (let k = 0; k < t.length; k++) {
    const c = t.charCodeAt(k)
    if (c >= 0x61 && c <= 0x7a) return t.toUpperCase()
  }
  return t
}

export const formatVia = (v: Via): string =>
  v.protocol + '/' + v.transport + ' ' + v.host + (v.port === undefined ? '' : ':' + v.port) +
  (v.params.length === 0 ? '' : formatParams(v.params))

/** The branch parameter (RFC 3261 §8.1.1.7), undefined when absent. */
export const viaBranch = (v: Via): string | undefined => findParam(v.params, 'branch')?.value

export const via: HeaderCodec<Via> = { name: 'Via', key: 'via', list: true, parse: parseVia, parseFirst: parseFirstVia, format: formatVia }
