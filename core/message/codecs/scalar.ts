/**
 * Headers whose value is one number: Max-Forwards (RFC 3261 §20.22, 0..255),
 * Content-Length (§20.14), Expires (§20.19) and Min-Expires (§20.23), delta-seconds
 * up to 2^32-1. Leading zeros are fine (RFC 4475 wsinv "0068"); overlarge values are
 * errors (scalar02), and so are signs and words (ncl: "-999", "five").
 */
import * as E from 'fp-ts/lib/Either.js'
import type { HeaderCodec } from '../header-codec.ts'
import { DIGIT, MAX_UINT32, fail, parseDigits, scanClass, skipWs } from '../scan.ts'
import type { ValueError } from '../types.ts'

export const parseNumber = (s: string, max: number): E.Either<ValueError, number> => {
  const i = skipWs(s, 0, s.length)
  const e = scanClass(s, i, s.length, DIGIT)
  const v = parseDigits(s, i, e, max)
  if (v === -2) return fail(`value larger than ${max}`, i)
  if (v < 0) return fail('expected a number', i)
  if (skipWs(s, e, s.length) !== s.length) return fail('unexpected character after the number', e)
  return E.right(v)
}

const numberCodec = (name: string, max: number): HeaderCodec<number> => ({
  name,
  key: name.toLowerCase(),
  list: false,
  parse: (s) => parseNumber(s, max),
  format: (n) => String(n),
})

export const maxForwards = numberCodec('Max-Forwards', 255)
export const contentLength = numberCodec('Content-Length', Number.MAX_SAFE_INTEGER)
export const expires = numberCodec('Expires', MAX_UINT32)
export const minExpires = numberCodec('Min-Expires', MAX_UINT32)
