/**
 * SIP, SIPS and tel URIs, and any other absoluteURI kept opaque.
 * RFC 3261 §19.1 and §25.1, RFC 3966 (tel), RFC 5118 (IPv6), RFC 4475 (torture cases).
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  ALPHA, DIGIT, HEX, HNV, HOSTCHAR, PARAMCHAR, PASSWORD, SCHEME, TELCHAR, URIC, USER,
  fail, is, rangeIs, scanClass, scanEscaped,
} from './scan.ts'
import type { AbsoluteUri, Param, SipUri, TelUri, Uri, ValueError } from './types.ts'

// ---------------------------------------------------------------------------
// Escaping (RFC 3261 §19.1.2: %HH of the UTF-8 octets)

// ignoreBOM: a leading U+FEFF is content, not a marker to drop (it would shift positions and change values).
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })

const hexValue = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57)

/**
 * `s[from, to)` with each `%HH` decoded exactly once (RFC 4475 esc01: `%25%34%31` is
 * `%41`, never `A`). `%00` stays a NUL (escnull). Octets >= 0x80 are read as UTF-8.
 * A `%` not followed by two hex digits is kept as it is.
 */
export const unescapeRange = (s: string, from: number, to: number): string => {
  let k = from
  while (k < to && s.charCodeAt(k) !== 0x25) k++
  if (k === to) return from === 0 && to === s.length ? s : s.slice(from, to)
  let out = s.slice(from, k)
  let bytes: Array<number> | undefined
  while (k < to) {
    const c = s.charCodeAt(k)
    if (c === 0x25 && k + 2 < to && is(s.charCodeAt(k + 1), HEX) && is(s.charCodeAt(k + 2), HEX)) {
      const b = hexValue(s.charCodeAt(k + 1)) * 16 + hexValue(s.charCodeAt(k + 2))
      if (b < 0x80) {
        if (bytes !== undefined) {
          out += utf8.decode(Uint8Array.from(bytes))
          bytes = undefined
        }
        out += String.fromCharCode(b)
      } else (bytes ??= []).push(b)
      k += 3
    } else {
      if (bytes !== undefined) {
        out += utf8.decode(Uint8Array.from(bytes))
        bytes = undefined
      }
      out += s[k]
      k++
    }
  }
  if (bytes !== undefined) out += utf8.decode(Uint8Array.from(bytes))
  return out
}

export const unescapeUri = (text: string): string => unescapeRange(text, 0, text.length)

const HEXDIGITS = '0123456789ABCDEF'
const pct = (b: number): string => '%' + HEXDIGITS[b >> 4] + HEXDIGITS[b & 15]

/** Escapes every character of `v` outside the class `flag` (UTF-8 for non-ASCII). */
export const escapeWith = (v: string, flag: number): string => {
  let k = 0
  while (k < v.length && is(v.charCodeAt(k), flag)) k++
  if (k === v.length) return v
  let out = v.slice(0, k)
  while (k < v.length) {
    const c = v.charCodeAt(k)
    if (is(c, flag)) {
      out += v[k]
      k++
      continue
    }
    let cp = v.codePointAt(k) as number
    k += cp > 0xffff ? 2 : 1
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd // a lone surrogate has no UTF-8 form
    if (cp < 0x80) out += pct(cp)
    else if (cp < 0x800) out += pct(0xc0 | (cp >> 6)) + pct(0x80 | (cp & 63))
    else if (cp < 0x10000) out += pct(0xe0 | (cp >> 12)) + pct(0x80 | ((cp >> 6) & 63)) + pct(0x80 | (cp & 63))
    else
      out += pct(0xf0 | (cp >> 18)) + pct(0x80 | ((cp >> 12) & 63)) + pct(0x80 | ((cp >> 6) & 63)) + pct(0x80 | (cp & 63))
  }
  return out
}

/** user = 1*( unreserved / escaped / user-unreserved ) */
export const escapeUser = (v: string): string => escapeWith(v, USER)
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) */
export const escapePassword = (v: string): string => escapeWith(v, PASSWORD)
/** pname / pvalue = 1*paramchar */
export const escapeParam = (v: string): string => escapeWith(v, PARAMCHAR)
/** hname / hvalue: hnv-unreserved / unreserved / escaped */
export const escapeHeader = (v: string): string => escapeWith(v, HNV)

// ---------------------------------------------------------------------------
// Hosts (RFC 3261 §25.1 host; RFC 5118)

/** IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each 0..255 */
export const isIpv4 = (s: string, from: number, to: number): boolean => {
  let parts = 0
  let i = from
  for (;;) {
    const st = i
    let v = 0
    while (i < to && i - st < 4 && is(s.charCodeAt(i), DIGIT)) v = v * 10 + s.charCodeAt(i++) - 0x30
    const n = i - st
    if (n === 0 || n > 3 || v > 255) return false
    parts++
    if (i === to) return parts === 4
    if (parts === 4 || s.charCodeAt(i) !== 0x2e) return false
    i++
  }
}

/**
 * IPv6address (RFC 4291 §2.2) in `s[from, to)`, without brackets. Tolerates the
 * three-colon form `2001:db8:::192.0.2.1` that RFC 3261's grammar allowed (RFC 5118 §4.10).
 */
export const isIpv6 = (s: string, from: number, to: number): boolean => {
  let groups = 0
  let double = false
  let i = from
  if (i < to && s.charCodeAt(i) === 0x3a) {
    if (i + 1 >= to || s.charCodeAt(i + 1) !== 0x3a) return false
    double = true
    i += 2
  }
  while (i < to) {
    const st = i
    while (i < to && i - st < 5 && is(s.charCodeAt(i), HEX)) i++
    if (i < to && s.charCodeAt(i) === 0x2e) {
      if (!isIpv4(s, st, to)) return false
      groups += 2
      break
    }
    const n = i - st
    if (n === 0 || n > 4) return false
    groups++
    if (i === to) break
    if (s.charCodeAt(i) !== 0x3a) return false
    i++
    if (i === to) return false
    if (s.charCodeAt(i) === 0x3a) {
      if (double) return false
      double = true
      i++
      if (i < to && s.charCodeAt(i) === 0x3a) {
        // RFC 5118 §4.10: "2001:db8:::192.0.2.1" must be tolerated.
        if (!isIpv4(s, i + 1, to)) return false
        groups += 2
        break
      }
    }
  }
  return double ? groups <= 7 : groups === 8
}

/**
 * hostname = *( domainlabel "." ) toplabel [ "." ]; toplabel starts with ALPHA, so an
 * all-numeric host must be a valid IPv4address. Undefined when neither.
 */
export const hostKind = (s: string, from: number, to: number): 'domain' | 'ipv4' | undefined => {
  if (from >= to) return undefined
  let numeric = true
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k)
    if (!is(c, HOSTCHAR)) return undefined
    if (c !== 0x2e && !is(c, DIGIT)) numeric = false
  }
  if (numeric) return isIpv4(s, from, to) ? 'ipv4' : undefined
  let labelStart = from
  let top = from
  for (let k = from; k <= to; k++) {
    if (k < to && s.charCodeAt(k) !== 0x2e) continue
    if (k === labelStart) {
      if (!(k === to && k > from)) return undefined // empty label (a single trailing dot is fine)
    } else {
      if (s.charCodeAt(labelStart) === 0x2d || s.charCodeAt(k - 1) === 0x2d) return undefined
      top = labelStart
    }
    labelStart = k + 1
  }
  return is(s.charCodeAt(top), ALPHA) ? 'domain' : undefined
}

// ---------------------------------------------------------------------------
// Parsing

export const parseUri = (text: string): E.Either<ValueError, Uri> => parseUriRange(text, 0, text.length)

/** Parses the URI in `s[from, to)`; error indexes are indexes into `s`. */
export const parseUriRange = (s: string, from: number, to: number): E.Either<ValueError, Uri> => {
  const at = { end: from }
  const r = parseUriAt(s, from, to, at)
  return E.isRight(r) && at.end !== to ? fail('invalid character in URI', at.end) : r
}

/**
 * Parses the URI that starts at `from` and stops at the first character that cannot
 * continue it (or at `to`); `at.end` receives that index. Used inside "<…>", where the
 * caller then expects the ">".
 */
export const parseUriAt = (s: string, from: number, to: number, at: { end: number }): E.Either<ValueError, Uri> => {
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
  if (from >= to || !is(s.charCodeAt(from), ALPHA)) return fail('a URI starts with its scheme', from)
  const se = scanClass(s, from + 1, to, SCHEME)
  if (se >= to || s.charCodeAt(se) !== 0x3a) return fail('expected ":" after the URI scheme', se)
  if (rangeIs(s, from, se, 'sip')) return parseSip(s, se + 1, to, 'sip', at)
  if (rangeIs(s, from, se, 'sips')) return parseSip(s, se + 1, to, 'sips', at)
  if (rangeIs(s, from, se, 'tel')) return parseTel(s, se + 1, to, at)
  // Any other scheme: absoluteURI, kept opaque (RFC 3261 §25.1; RFC 4475 unkscm, novelsc).
  const oe = scanEscaped(s, se + 1, to, URIC)
  if (oe === se + 1) return fail('empty URI after the scheme', oe)
  at.end = oe
  const uri: AbsoluteUri = { type: 'absolute', scheme: s.slice(from, se), opaque: s.slice(se + 1, oe) }
  return E.right(uri)
}

const NONE: ReadonlyArray<Param> = []

// scanEscaped that also reports, in bit 30 of its result, whether it crossed a "%HH",
// so clean parts are sliced without a second pass (strings never reach 2^30 chars).
const ESC = 0x40000000
const scanEsc = (s: string, i: number, end: number, flag: number): number => {
  let esc = 0
  while (i < end) {
    const c = s.charCodeAt(i)
    if (is(c, flag)) i++
    else if (c === 0x25 && i + 2 < end && is(s.charCodeAt(i + 1), HEX) && is(s.charCodeAt(i + 2), HEX)) {
      i += 3
      esc = ESC
    } else break
  }
  return i | esc
}
const part = (s: string, from: number, r: number): string =>
  r & ESC ? unescapeRange(s, from, r & ~ESC) : s.slice(from, r)

/** One pass over a hostname or IPv4address: its end, or -1 when it is neither. */
export const scanHost = (s: string, i: number, to: number): number => {
  const from = i
  let numeric = true
  let labelStart = i
  let top = i
  for (; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c === 0x2e) {
      if (i === labelStart || s.charCodeAt(i - 1) === 0x2d) return -1
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
    if (s.charCodeAt(i - 1) === 0x2d) return -1
    top = labelStart
  }
  if (numeric) return isIpv4(s, from, i) ? i : -1
  // toplabel = ALPHA *( alphanum / "-" ) (RFC 3261 §25.1)
  return is(s.charCodeAt(top), ALPHA) ? i : -1
}

const parseSip = (
  s: string,
  from: number,
  to: number,
  scheme: 'sip' | 'sips',
  at: { end: number },
): E.Either<ValueError, Uri> => {
  let i = from
  let user: string | undefined
  let password: string | undefined
  // userinfo = user [ ":" password ] "@". The user part may hold ";" "?" "/"
  // (RFC 4475 semiuri, intmeth), so it is known to be one only when the "@" comes.
  const ur = scanEsc(s, from, to, USER)
  const ue = ur & ~ESC
  if (ue < to && s.charCodeAt(ue) === 0x40) {
    if (ue === from) return fail('empty user part', from)
    user = part(s, from, ur)
    i = ue + 1
  } else if (ue < to && s.charCodeAt(ue) === 0x3a) {
    const pr = scanEsc(s, ue + 1, to, PASSWORD)
    const pe = pr & ~ESC
    if (pe < to && s.charCodeAt(pe) === 0x40) {
      if (ue === from) return fail('empty user part', from)
      user = part(s, from, ur)
      password = part(s, ue + 1, pr)
      i = pe + 1
    }
  }
  // host = hostname / IPv4address / IPv6reference
  let host: string
  let hostType: SipUri['hostType']
  if (i < to && s.charCodeAt(i) === 0x5b) {
    let close = i + 1
    while (close < to && s.charCodeAt(close) !== 0x5d) close++
    if (close === to) return fail('unterminated IPv6 reference', i)
    if (!isIpv6(s, i + 1, close)) return fail('invalid IPv6 address', i + 1)
    host = s.slice(i, close + 1)
    hostType = 'ipv6'
    i = close + 1
  } else {
    const he = scanHost(s, i, to)
    if (he < 0) {
      const stop = scanClass(s, i, to, HOSTCHAR)
      return stop < to && s.charCodeAt(stop) === 0x3a && stop > i
        ? fail('invalid host (an IPv6 address needs "[ ]", RFC 5118 §4.2)', i)
        : fail(stop === i ? 'missing host' : 'invalid host', i)
    }
    host = s.slice(i, he)
    hostType = is(s.charCodeAt(he - 1), DIGIT) && isIpv4(s, i, he) ? 'ipv4' : 'domain'
    i = he
  }
  let port: number | undefined
  if (i < to && s.charCodeAt(i) === 0x3a) {
    const ps = i + 1
    const pe = scanClass(s, ps, to, DIGIT)
    if (pe === ps) {
      // also `sip:2001:db8::10` (RFC 5118 §4.2)
      return fail(is(s.charCodeAt(ps), HEX) || s.charCodeAt(ps) === 0x3a ? 'invalid port (an IPv6 address needs "[ ]", RFC 5118 §4.2)' : 'invalid port', ps)
    }
    let v = 0
    for (let k = ps; k < pe && v <= 65535; k++) v = v * 10 + s.charCodeAt(k) - 0x30
    if (v > 65535) return fail('port out of range', ps)
    port = v
    i = pe
  }
  // uri-parameters = *( ";" uri-parameter ), names and values unescaped once
  let params = NONE
  if (i < to && s.charCodeAt(i) === 0x3b) {
    const out: Array<Param> = []
    while (i < to && s.charCodeAt(i) === 0x3b) {
      const ns = i + 1
      const nr = scanEsc(s, ns, to, PARAMCHAR)
      const ne = nr & ~ESC
      if (ne === ns) return fail('empty URI parameter', ns)
      if (ne < to && s.charCodeAt(ne) === 0x3d) {
        const vr = scanEsc(s, ne + 1, to, PARAMCHAR)
        out.push({ name: part(s, ns, nr), value: part(s, ne + 1, vr) })
        i = vr & ~ESC
      } else {
        out.push({ name: part(s, ns, nr) })
        i = ne
      }
    }
    params = out
  }
  // headers = "?" header *( "&" header ), header = hname "=" hvalue
  let headers = NONE
  if (i < to && s.charCodeAt(i) === 0x3f) {
    const out: Array<Param> = []
    do {
      const ns = i + 1
      const nr = scanEsc(s, ns, to, HNV)
      const ne = nr & ~ESC
      if (ne === ns) return fail('empty URI header name', ns)
      if (ne < to && s.charCodeAt(ne) === 0x3d) {
        const vr = scanEsc(s, ne + 1, to, HNV)
        out.push({ name: part(s, ns, nr), value: part(s, ne + 1, vr) })
        i = vr & ~ESC
      } else {
        out.push({ name: part(s, ns, nr) })
        i = ne
      }
    } while (i < to && s.charCodeAt(i) === 0x26)
    headers = out
  }
  at.end = i
  // Every SipUri has the same keys (absent parts are undefined): one shape for the JIT.
  const uri: SipUri = { type: 'sip', scheme, user, password, host, hostType, port, params, headers }
  return E.right(uri)
}

/** RFC 3966 §3: telephone-subscriber with its parameters (pname = 1*( alphanum / "-" )). */
const parseTel = (s: string, from: number, to: number, at: { end: number }): E.Either<ValueError, Uri> => {
  const ne = scanEscaped(s, from, to, TELCHAR)
  if (ne === from) return fail('empty telephone number', from)
  const number = unescapeRange(s, from, ne)
  if (!validTelNumber(number)) return fail('invalid telephone number', from)
  let i = ne
  const params: Array<Param> = []
  while (i < to && s.charCodeAt(i) === 0x3b) {
    const ns = i + 1
    let pe = ns
    while (pe < to && (is(s.charCodeAt(pe), ALPHA | DIGIT) || s.charCodeAt(pe) === 0x2d)) pe++
    if (pe === ns) return fail('empty tel parameter', ns)
    if (pe < to && s.charCodeAt(pe) === 0x3d) {
      const ve = scanEscaped(s, pe + 1, to, PARAMCHAR)
      params.push({ name: s.slice(ns, pe), value: unescapeRange(s, pe + 1, ve) })
      i = ve
    } else {
      params.push({ name: s.slice(ns, pe) })
      i = pe
    }
  }
  at.end = i
  const uri: TelUri = { type: 'tel', number, params }
  return E.right(uri)
}

/** global-number-digits ("+" then at least one digit) or local-number-digits. */
const validTelNumber = (n: string): boolean => {
  let digit = false
  for (let k = 0; k < n.length; k++) {
    const c = n.charCodeAt(k)
    if (!is(c, TELCHAR) || (c === 0x2b && k > 0)) return false
    if (is(c, HEX) || c === 0x2a || c === 0x23) digit = true
  }
  return n.charCodeAt(0) === 0x2b ? digit && !hasLocalOnly(n) : digit
}

// A global number has only DIGIT and visual separators after the "+".
const hasLocalOnly = (n: string): boolean => {
  for (let k = 1; k < n.length; k++) {
    const c = n.charCodeAt(k)
    if (!is(c, DIGIT) && c !== 0x2d && c !== 0x2e && c !== 0x28 && c !== 0x29) return true
  }
  return false
}

// ---------------------------------------------------------------------------
// Formatting: escape only what each part's grammar requires.

const TELSAFE = TELCHAR
const escapeTel = (v: string): string => {
  // "#" must travel escaped in a URI (RFC 3966 §5.1.5).
  const e = escapeWith(v, TELSAFE)
  return e.indexOf('#') < 0 ? e : e.split('#').join('%23')
}

const formatUriParams = (params: ReadonlyArray<Param>, escapeName: (v: string) => string): string => {
  let out = ''
  for (const p of params) {
    out += ';' + escapeName(p.name)
    if (p.value !== undefined) out += '=' + escapeParam(p.value)
  }
  return out
}

export const formatUri = (uri: Uri): string => {
  switch (uri.type) {
    case 'sip': {
      let out = uri.scheme + ':'
      if (uri.user !== undefined) {
        out += escapeUser(uri.user)
        if (uri.password !== undefined) out += ':' + escapePassword(uri.password)
        out += '@'
      }
      out += uri.host
      if (uri.port !== undefined) out += ':' + uri.port
      if (uri.params.length > 0) out += formatUriParams(uri.params, escapeParam)
      for (let k = 0; k < uri.headers.length; k++) {
        const h = uri.headers[k] as Param
        out += (k === 0 ? '?' : '&') + escapeHeader(h.name)
        if (h.value !== undefined) out += '=' + escapeHeader(h.value)
      }
      return out
    }
    case 'tel':
      return 'tel:' + escapeTel(uri.number) + formatUriParams(uri.params, (n) => n)
    case 'absolute':
      return uri.scheme + ':' + uri.opaque
  }
}
