/**
 * name-addr / addr-spec with header parameters (RFC 3261 §20.10, §25.1):
 *   ( name-addr / addr-spec ) *( SEMI generic-param )
 *   name-addr = [ display-name ] LAQUOT addr-spec RAQUOT
 *   display-name = *(token LWS) / quoted-string
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  fail, failIndex, findParam, formatParams, isWs, quote, scanParams, scanQuoted, scanToken, skipWs, unquote,
} from './scan.ts'
import type { NameAddr, Param, Uri, ValueError } from './types.ts'
import { formatUri, parseUriAt, parseUriRange } from './uri.ts'

export interface NameAddrOptions {
  /**
   * Accept an addr-spec whose URI holds `?` `,` or `;` (everything up to whitespace is
   * the URI). Real phones send `Refer-To: sip:c@h?Replaces=…` without angle brackets.
   */
  readonly lenient?: boolean
}

export const parseNameAddr = (value: string, options?: NameAddrOptions): E.Either<ValueError, NameAddr> =>
  parseNameAddrRange(value, 0, value.length, options?.lenient === true)

/** Parses `s[from, to)`; error indexes are indexes into `s`. */
export const parseNameAddrRange = (
  s: string,
  from: number,
  to: number,
  lenient: boolean,
): E.Either<ValueError, NameAddr> => {
  let i = skipWs(s, from, to)
  if (i >= to) return fail('empty address', i)
  let displayName: string | undefined
  let angle = false
  const c = s.charCodeAt(i)
  if (c === 0x22) {
    const q = scanQuoted(s, i, to)
    if (q < 0) return fail('unterminated or invalid quoted display name', failIndex(q)) // RFC 4475 quotbal
    displayName = unquote(s, i, q)
    i = skipWs(s, q, to)
    if (i >= to || s.charCodeAt(i) !== 0x3c) return fail('expected "<" after the display name', i)
    angle = true
  } else if (c === 0x3c) {
    angle = true
  } else {
    // *(token LWS) "<": LWS before "<" may be missing (RFC 4475 lwsdisp).
    let k = i
    let last = i
    for (;;) {
      const e = scanToken(s, k, to)
      if (e === k) break
      last = e
      k = skipWs(s, e, to)
      if (k === e) break
    }
    if (last > i && k < to && s.charCodeAt(k) === 0x3c) {
      displayName = s.slice(i, last)
      i = k
      angle = true
    }
  }
  let uri: Uri
  if (angle) {
    // No LWS inside "<…>" (RFC 4475 badaspec): the URI parser rejects it.
    const us = i + 1
    if (us < to && isWs(s.charCodeAt(us))) return fail('whitespace inside "<>"', us)
    const at = { end: us }
    const r = parseUriAt(s, us, to, at)
    if (E.isLeft(r)) return r
    const close = at.end
    if (close >= to || s.charCodeAt(close) !== 0x3e) {
      return close >= to ? fail('missing ">"', i) : fail(isWs(s.charCodeAt(close)) ? 'whitespace inside "<>"' : 'invalid character in URI', close)
    }
    uri = r.right
    i = close + 1
  } else {
    // RFC 3261 §20.10: a URI with "," "?" or ";" must be in name-addr form, so in an
    // addr-spec the first ";" starts the header parameters (RFC 4475 cparam01, regbadct).
    let e = i
    while (e < to) {
      const d = s.charCodeAt(e)
      if (isWs(d)) break
      if (!lenient) {
        if (d === 0x3b) break
        if (d === 0x2c || d === 0x3f) {
          return fail('a URI with "?" or "," must be enclosed in "<>" (or the display name quoted)', e)
        }
      }
      e++
    }
    const r = parseUriRange(s, i, e)
    if (E.isLeft(r)) return r
    uri = r.right
    i = e
  }
  const params: Array<Param> = []
  const p = scanParams(s, i, to, params)
  if (p < 0) return fail('malformed header parameter', failIndex(p)) // RFC 4475 badinv01
  if (p !== to) return fail('unexpected character after the address', p)
  const na: NameAddr = { displayName, uri, params }
  return E.right(na)
}

/** Canonical form: quoted display name, URI always in "<>", parameters as written. */
export const formatNameAddr = (na: NameAddr): string => {
  const head = na.displayName === undefined ? '<' : quote(na.displayName) + ' <'
  return head + formatUri(na.uri) + '>' + (na.params.length === 0 ? '' : formatParams(na.params))
}

/** The value of the first parameter called `name` (case-insensitive); undefined for a flag or when absent. */
export const paramValue = (params: ReadonlyArray<Param>, name: string): string | undefined => findParam(params, name)?.value

/** True when a parameter called `name` is present (case-insensitive), flag or not. */
export const hasParam = (params: ReadonlyArray<Param>, name: string): boolean => findParam(params, name) !== undefined
