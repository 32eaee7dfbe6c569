/**
 * Content-Type (RFC 3261 §20.15, §25.1): m-type SLASH m-subtype *( SEMI m-parameter ).
 * Type and subtype are case-insensitive (RFC 2045 §5.1) and kept in lower case.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { HeaderCodec } from '../header-codec.ts'
import { fail, formatParams, parseParamsTail, scanToken, skipWs } from '../scan.ts'
import type { MediaType, ValueError } from '../types.ts'

export const parseMediaType = (s: string): E.Either<ValueError, MediaType> => {
  const end = s.length
  const ts = skipWs(s, 0, end)
  const te = scanToken(s, ts, end)
  if (te === ts) return fail('expected the media type', ts)
  const sl = skipWs(s, te, end)
  if (sl >= end || s.charCodeAt(sl) !== 0x2f) return fail('expected "/" in the media type', sl)
  const ss = skipWs(s, sl + 1, end)
  const se = scanToken(s, ss, end)
  if (se === ss) return fail('expected the media subtype', ss)
  const params = parseParamsTail(s, se, end)
  if (E.isLeft(params)) return params
  const m: MediaType = { type: s.slice(ts, te).toLowerCase(), subtype: s.slice(ss, se).toLowerCase(), params: params.right }
  return E.right(m)
}

export const formatMediaType = (m: MediaType): string => m.type + '/' + m.subtype + formatParams(m.params)

export const contentType: HeaderCodec<MediaType> = {
  name: 'Content-Type', key: 'content-type', list: false, parse: parseMediaType, format: formatMediaType,
}
