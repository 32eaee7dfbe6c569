/** Refer-Sub (RFC 4488 §4): refer-sub-value *(SEMI exten), refer-sub-value = "true" / "false". */
import * as E from 'fp-ts/lib/Either.js'
import type { HeaderCodec } from '../header-codec.ts'
import { fail, formatParams, parseParamsTail, rangeIs, scanToken, skipWs } from '../scan.ts'
import type { ReferSub, ValueError } from '../types.ts'

export const parseReferSub = (s: string): E.Either<ValueError, ReferSub> => {
  const vs = skipWs(s, 0, s.length)
  const ve = scanToken(s, vs, s.length)
  // ABNF literals are case-insensitive (RFC 5234 §2.3).
  const value = rangeIs(s, vs, ve, 'true') ? true : rangeIs(s, vs, ve, 'false') ? false : undefined
  if (value === undefined) return fail('Refer-Sub must be true or false', vs)
  const params = parseParamsTail(s, ve, s.length)
  if (E.isLeft(params)) return params
  const r: ReferSub = { value, params: params.right }
  return E.right(r)
}

export const formatReferSub = (r: ReferSub): string => (r.value ? 'true' : 'false') + formatParams(r.params)

export const referSub: HeaderCodec<ReferSub> = {
  name: 'Refer-Sub', key: 'refer-sub', list: false, parse: parseReferSub, format: formatReferSub,
}
