/** CSeq (RFC 3261 §20.16): 1*DIGIT LWS Method, the number below 2^31 by §8.1.1.5, at most 2^32-1 here. */
import * as E from 'fp-ts/lib/Either.js'
import type { HeaderCodec } from '../header-codec.ts'
import { DIGIT, MAX_UINT32, fail, parseDigits, scanClass, scanToken, skipWs } from '../scan.ts'
import type { CSeq, ValueError } from '../types.ts'

export const parseCSeq = (s: string): E.Either<ValueError, CSeq> => {
  const end = s.length
  const ds = skipWs(s, 0, end)
  const de = scanClass(s, ds, end, DIGIT)
  // Leading zeros are fine ("0009" is 9, RFC 4475 wsinv); overlarge is not (scalar02).
  const seq = parseDigits(s, ds, de, MAX_UINT32)
  if (seq === -2) return fail('CSeq number larger than 2^32-1', ds)
  if (seq < 0) return fail('expected the CSeq number', ds)
  const ms = skipWs(s, de, end)
  if (ms === de) return fail('expected whitespace before the CSeq method', de)
  const me = scanToken(s, ms, end)
  if (me === ms) return fail('expected the CSeq method', ms)
  if (skipWs(s, me, end) !== end) return fail('unexpected character in CSeq', me)
  const cseq: CSeq = { seq, method: s.slice(ms, me) }
  return E.right(cseq)
}

export const formatCSeq = (c: CSeq): string => c.seq + ' ' + c.method

export const cseq: HeaderCodec<CSeq> = { name: 'CSeq', key: 'cseq', list: false, parse: parseCSeq, format: formatCSeq }
