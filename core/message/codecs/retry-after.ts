/**
 * Retry-After (RFC 3261 §20.33):
 *   delta-seconds [ comment ] *( SEMI retry-param ); retry-param = "duration" EQUAL delta-seconds / generic-param
 * The comment is kept as written between its outer parentheses.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { HeaderCodec } from '../header-codec.ts'
import {
  DIGIT, MAX_UINT32, eqIgnoreCase, fail, formatParams, parseDigits, parseParamsTail, scanClass, skipWs,
} from '../scan.ts'
import type { Param, RetryAfter, ValueError } from '../types.ts'

/** comment = LPAREN *(ctext / quoted-pair / comment) RPAREN: index after it, or -1. */
const scanComment = (s: string, i: number, end: number): number => {
  let depth = 0
  for (; i < end; i++) {
    const c = s.charCodeAt(i)
    if (c === 0x5c) i++
    else if (c === 0x28) depth++
    else if (c === 0x29 && --depth === 0) return i + 1
    else if (c === 0x0d || c === 0x0a) return -1
  }
  return -1
}

export const parseRetryAfter = (s: string): E.Either<ValueError, RetryAfter> => {
  const end = s.length
  const ds = skipWs(s, 0, end)
  const de = scanClass(s, ds, end, DIGIT)
  const seconds = parseDigits(s, ds, de, MAX_UINT32)
  if (seconds === -2) return fail('Retry-After larger than 2^32-1', ds) // RFC 4475 scalarlg
  if (seconds < 0) return fail('expected delta-seconds', ds)
  let i = skipWs(s, de, end)
  let comment: string | undefined
  if (i < end && s.charCodeAt(i) === 0x28) {
    const ce = scanComment(s, i, end)
    if (ce < 0) return fail('unterminated comment', i)
    comment = s.slice(i + 1, ce - 1)
    i = ce
  } else i = de
  const all = parseParamsTail(s, i, end)
  if (E.isLeft(all)) return all
  let duration: number | undefined
  const params: Array<Param> = []
  for (const p of all.right) {
    if (eqIgnoreCase(p.name, 'duration')) {
      const v = p.value === undefined ? -1 : parseDigits(p.value, 0, p.value.length, MAX_UINT32)
      if (v < 0 || duration !== undefined) return fail('invalid duration', i)
      duration = v
    } else params.push(p)
  }
  const r: RetryAfter = { seconds, comment, duration, params }
  return E.right(r)
}

export const formatRetryAfter = (r: RetryAfter): string =>
  String(r.seconds) + (r.comment === undefined ? '' : ' (' + r.comment + ')') +
  (r.duration === undefined ? '' : ';duration=' + r.duration) + formatParams(r.params)

export const retryAfter: HeaderCodec<RetryAfter> = {
  name: 'Retry-After', key: 'retry-after', list: false, parse: parseRetryAfter, format: formatRetryAfter,
}
