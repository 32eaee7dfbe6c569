/**
 * List headers of bare tokens: option-tags in Require, Supported, Unsupported and
 * Proxy-Require (RFC 3261 §20.32, §20.37, §20.40, §20.29) and methods in Allow (§20.5).
 * `parse` reads one list element (the accessors split the list).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { HeaderCodec } from '../header-codec.ts'
import { fail, scanToken, skipWs } from '../scan.ts'
import type { ValueError } from '../types.ts'

export const parseTokenValue = (s: string): E.Either<ValueError, string> => {
  const i = skipWs(s, 0, s.length)
  const e = scanToken(s, i, s.length)
  if (e === i) return fail('expected a token', i)
  if (skipWs(s, e, s.length) !== s.length) return fail('unexpected character after the token', e)
  return E.right(i === 0 && e === s.length ? s : s.slice(i, e))
}

const tokenCodec = (name: string): HeaderCodec<string> => ({
  name, key: name.toLowerCase(), list: true, parse: parseTokenValue, format: (v) => v,
})

export const require = tokenCodec('Require')
export const supported = tokenCodec('Supported')
export const unsupported = tokenCodec('Unsupported')
export const proxyRequire = tokenCodec('Proxy-Require')
export const allow = tokenCodec('Allow')
