/**
 * Call-ID (RFC 3261 §20.8, §25.1): callid = word [ "@" word ]. The word characters
 * ( ) < > : \ " / [ ] ? { } % carry no grouping or escaping meaning (RFC 4475 intmeth).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { HeaderCodec } from '../header-codec.ts'
import { fail, scanWord, skipWs } from '../scan.ts'
import type { ValueError } from '../types.ts'

/** Index after a callid starting at `i`, or `i` when there is none. */
export const scanCallId = (s: string, i: number, end: number): number => {
  const e = scanWord(s, i, end)
  if (e === i) return i
  if (e < end && s.charCodeAt(e) === 0x40) {
    const f = scanWord(s, e + 1, end)
    return f === e + 1 ? i : f
  }
  return e
}

export const parseCallId = (s: string): E.Either<ValueError, string> => {
  const i = skipWs(s, 0, s.length)
  const e = scanCallId(s, i, s.length)
  if (e === i) return fail('invalid Call-ID', i)
  if (skipWs(s, e, s.length) !== s.length) return fail('unexpected character in Call-ID', e)
  return E.right(i === 0 && e === s.length ? s : s.slice(i, e))
}

export const callId: HeaderCodec<string> = {
  name: 'Call-ID', key: 'call-id', list: false, parse: parseCallId, format: (v) => v,
}
