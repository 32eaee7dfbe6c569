/**
 * WWW-Authenticate / Proxy-Authenticate (challenge) and Authorization /
 * Proxy-Authorization (credentials), RFC 3261 §25.1, RFC 7616 §3.3–3.4, RFC 7235 §2.1:
 *   challenge = auth-scheme LWS auth-param *(COMMA auth-param)
 *   auth-param = token EQUAL ( token / quoted-string )
 * One challenge per header line. Values are stored unquoted; `format` quotes the
 * parameters the RFCs quote, and any value that is not a token.
 * A lone token68 (`Basic dXNlcjpwYXNz`) is kept as one flag parameter.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { HeaderCodec } from '../header-codec.ts'
import {
  fail, failIndex, isToken, quote, scanQuoted, scanToken, skipWs, unquote,
} from '../scan.ts'
import type { Challenge, Credentials, Param, ValueError } from '../types.ts'

interface AuthValue {
  readonly scheme: string
  readonly params: ReadonlyArray<Param>
}

const isToken68Char = (c: number): boolean =>
  c < 128 && ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ||
    c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e || c === 0x2b || c === 0x2f)

/** token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" (RFC 7235 §2.1) */
const token68End = (s: string, i: number, end: number): number => {
  let k = i
  while (k < end && isToken68Char(s.charCodeAt(k))) k++
  if (k === i) return i
  while (k < end && s.charCodeAt(k) === 0x3d) k++
  return k
}

export const parseAuthValue = (s: string): E.Either<ValueError, AuthValue> => {
  const end = s.length
  const ss = skipWs(s, 0, end)
  const se = scanToken(s, ss, end)
  if (se === ss) return fail('expected the auth scheme', ss)
  const scheme = s.slice(ss, se)
  let i = skipWs(s, se, end)
  if (i === end) return E.right({ scheme, params: [] })
  if (i === se) return fail('expected whitespace after the auth scheme', se)
  const first = i
  const params: Array<Param> = []
  for (;;) {
    const ns = i
    const ne = scanToken(s, ns, end)
    const eq = skipWs(s, ne, end)
    if (ne === ns || eq >= end || s.charCodeAt(eq) !== 0x3d) {
      // Not an auth-param: perhaps a lone token68.
      const t = params.length === 0 ? token68End(s, first, end) : first
      if (t > first && skipWs(s, t, end) === end) return E.right({ scheme, params: [{ name: s.slice(first, t) }] })
      return fail('malformed auth-param', ns)
    }
    const vs = skipWs(s, eq + 1, end)
    let ve: number
    let value: string
    if (vs < end && s.charCodeAt(vs) === 0x22) {
      ve = scanQuoted(s, vs, end)
      if (ve < 0) return fail('unterminated quoted-string', failIndex(ve))
      value = unquote(s, vs, ve)
    } else {
      ve = scanToken(s, vs, end)
      if (ve === vs) {
        const t = params.length === 0 ? token68End(s, first, end) : first
        if (t > first && skipWs(s, t, end) === end) return E.right({ scheme, params: [{ name: s.slice(first, t) }] })
        return fail('expected a token or quoted-string', vs)
      }
      value = s.slice(vs, ve)
    }
    params.push({ name: s.slice(ns, ne), value })
    i = skipWs(s, ve, end)
    if (i === end) break
    if (s.charCodeAt(i) !== 0x2c) return fail('expected "," between auth-params', i)
    i = skipWs(s, i + 1, end)
  }
  return E.right({ scheme, params })
}

// RFC 7616 §3.3 (challenge) and §3.4 (credentials): which values travel quoted.
const challengeQuoted: ReadonlyArray<string> = ['realm', 'domain', 'nonce', 'opaque', 'qop']
const credentialsQuoted: ReadonlyArray<string> = ['username', 'realm', 'nonce', 'uri', 'response', 'cnonce', 'opaque']

const formatAuthValue = (v: AuthValue, quoted: ReadonlyArray<string>): string => {
  let out = v.scheme
  for (let k = 0; k < v.params.length; k++) {
    const p = v.params[k] as Param
    out += k === 0 ? ' ' : ', '
    if (p.value === undefined) {
      out += p.name
      continue
    }
    const q = !isToken(p.value) || quoted.includes(p.name.toLowerCase())
    out += p.name + '=' + (q ? quote(p.value) : p.value)
  }
  return out
}

export const parseChallenge: (s: string) => E.Either<ValueError, Challenge> = parseAuthValue
export const formatChallenge = (c: Challenge): string => formatAuthValue(c, challengeQuoted)
export const parseCredentials: (s: string) => E.Either<ValueError, Credentials> = parseAuthValue
export const formatCredentials = (c: Credentials): string => formatAuthValue(c, credentialsQuoted)

const challengeCodec = (name: string): HeaderCodec<Challenge> => ({
  name, key: name.toLowerCase(), list: false, parse: parseChallenge, format: formatChallenge,
})
const credentialsCodec = (name: string): HeaderCodec<Credentials> => ({
  name, key: name.toLowerCase(), list: false, parse: parseCredentials, format: formatCredentials,
})

export const wwwAuthenticate = challengeCodec('WWW-Authenticate')
export const proxyAuthenticate = challengeCodec('Proxy-Authenticate')
export const authorization = credentialsCodec('Authorization')
export const proxyAuthorization = credentialsCodec('Proxy-Authorization')

