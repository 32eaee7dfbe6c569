/**
 * Single-purpose readers: one value of one header, as strict as the full codec.
 *
 * Each reader checks the whole header value with a scanner that builds nothing
 * (`scanNameAddrHead`, `scanFirstVia`, `scanParamsFind`, `scanUriEnd`) and slices only
 * the piece it returns. A scanner that meets a value it rejects, or one it cannot
 * vouch for (a tel URI, a URI `formatUri` would respell), hands over to the full codec,
 * so the result, and every error with its position, is exactly what the codec gives:
 *
 *   fromTag(m)      = headerValue(m, codecs.from)    then paramValue(params, 'tag')
 *   topViaBranch(m) = headerValue(m, codecs.via)     then viaBranch
 *   cseqOf(m)       = headerValue(m, codecs.cseq)
 *   referToUri(m)   = headerValue(m, codecs.referTo) then formatUri(uri)
 *
 * (readers.test.ts checks these equations on arbitrary and mutated values).
 */
import * as E from 'fp-ts/lib/Either.js'
import { parseCSeq } from './codecs/cseq.ts'
import { codecs } from './codecs/index.ts'
import { scanFirstVia, viaBranch } from './codecs/via.ts'
import { fieldOf, headerValue } from './headers.ts'
import { paramValue } from './name-addr.ts'
import { scanNameAddrHead, uriHit } from './scan-address.ts'
import { paramHit, scanParamsFind } from './scan.ts'
import type { CSeq, HeaderField, NameAddr, ParseError, Via } from './types.ts'
import { formatUri } from './uri.ts'

type Headed = { readonly headers: ReadonlyArray<HeaderField> }

const absent: E.Either<ParseError, undefined> = E.right(undefined)

/** The parameter `scanParamsFind` or `scanFirstVia` found in `s`: its value, or undefined for a flag or none. */
const hitValue = (s: string): string | undefined => (paramHit.to < 0 ? undefined : s.slice(paramHit.from, paramHit.to))

/** The `tag` parameter of From (RFC 3261 §19.3); undefined when From or its tag is absent. */
export const fromTag = (msg: Headed): E.Either<ParseError, string | undefined> => {
  const f = fieldOf(msg, 'from')
  if (f === undefined) return absent
  const v = f.value
  const p = scanNameAddrHead(v, 0, v.length, false)
  if (p >= 0 && scanParamsFind(v, p, v.length, 'tag') === v.length) return E.right(hitValue(v))
  return E.map(tagOf)(headerValue(msg, codecs.from))
}

const tagOf = (na: NameAddr | undefined): string | undefined => (na === undefined ? undefined : paramValue(na.params, 'tag'))

/** The branch of the top Via (RFC 3261 §8.1.1.7); undefined when there is no Via or no branch. */
export const topViaBranch = (msg: Headed): E.Either<ParseError, string | undefined> => {
  const f = fieldOf(msg, 'via')
  if (f === undefined) return absent
  const v = f.value
  if (scanFirstVia(v)) return E.right(hitValue(v))
  return E.map((via: Via | undefined) => (via === undefined ? undefined : viaBranch(via)))(headerValue(msg, codecs.via))
}

/** CSeq (RFC 3261 §20.16), undefined when absent: small enough that the full codec is the fast path. */
export const cseqOf = (msg: Headed): E.Either<ParseError, CSeq | undefined> => {
  const f = fieldOf(msg, 'cseq')
  if (f === undefined) return absent
  const r = parseCSeq(f.value)
  return E.isRight(r) ? r : headerValue(msg, codecs.cseq)
}

/**
 * The Refer-To URI (RFC 3515 §2.1) as `formatUri` writes it; undefined when absent.
 * When the received spelling is already that form (the usual case) it is sliced as is.
 */
export const referToUri = (msg: Headed): E.Either<ParseError, string | undefined> => {
  const f = fieldOf(msg, 'refer-to')
  if (f === undefined) return absent
  const v = f.value
  const p = scanNameAddrHead(v, 0, v.length, true)
  // scanParamsFind only validates the parameters here: no parameter is wanted.
  if (p >= 0 && uriHit.canonical && scanParamsFind(v, p, v.length, '') === v.length) return E.right(v.slice(uriHit.from, uriHit.to))
  return E.map((na: NameAddr | undefined) => (na === undefined ? undefined : formatUri(na.uri)))(headerValue(msg, codecs.referTo))
}
