/**
 * Single-purpose readers: one value of one header, as strict as the full codec.
 *
 * Each reader checks the whole header value with a scanner that builds nothing
 * (`scanNameAddrHead`, `scanFirstVia`, `scanParamsFind`, `scanUriEnd`) and slices only
 * the piece it returns. The scanners read bytes (`scan-bytes.ts`): the datagram the
 * field was parsed from (`HeaderField.source`), or the value copied into a scratch
 * buffer when the field has no source (built in code, folded, non-ASCII), so there is
 * one scanner per grammar. A scanner that meets a value it rejects, or one it cannot
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
import { codecs } from './codecs/index.ts'
import { viaBranch } from './codecs/via.ts'
import { fieldOf, headerValue } from './headers.ts'
import { paramValue } from './name-addr.ts'
import { scanNameAddrHead, uriHit } from './scan-address.ts'
import { DIGIT, MAX_UINT32 } from './scan.ts'
import { paramHit, parseDigits, scanClass, scanParamsFind, scanToken, skipWs } from './scan-bytes.ts'
import { scanFirstVia } from './scan-via.ts'
import type { CSeq, HeaderField, NameAddr, ParseError, ValueSource, Via } from './types.ts'
import { formatUri } from './uri.ts'

type Headed = { readonly headers: ReadonlyArray<HeaderField> }

const absent: E.Either<ParseError, undefined> = E.right(undefined)

// Where values without a usable source are copied, one byte per character.
let scratch = new Uint8Array(256)

/**
 * The field's value as bytes: its source when it has one for this very value, else
 * the value copied into `scratch`. A non-ASCII character becomes 0xff there, which the
 * byte scanners treat as the string ones treat any non-ASCII character (in no
 * character class; allowed in a quoted-string), so indexes and verdicts are the same.
 */
const sourceOf = (f: HeaderField): ValueSource => {
  const src = f.source
  if (src !== undefined && src.value === f.value) return src
  const v = f.value
  if (v.length > scratch.length) scratch = new Uint8Array(Math.max(v.length, 2 * scratch.length))
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k)
    scratch[k] = c < 0x80 ? c : 0xff
  }
  return { bytes: scratch, from: 0, to: v.length, value: v }
}

/** The parameter the last scan of `src` found, sliced from its value; undefined for a flag or none. */
const hitValue = (src: ValueSource): string | undefined =>
  paramHit.to < 0 ? undefined : src.value.slice(paramHit.from - src.from, paramHit.to - src.from)

/** The `tag` parameter of From (RFC 3261 §19.3); undefined when From or its tag is absent. */
export const fromTag = (msg: Headed): E.Either<ParseError, string | undefined> => {
  const f = fieldOf(msg, 'from')
  if (f === undefined) return absent
  const src = sourceOf(f)
  const p = scanNameAddrHead(src.bytes, src.from, src.to, false)
  if (p >= 0 && scanParamsFind(src.bytes, p, src.to, 'tag') === src.to) return E.right(hitValue(src))
  return E.map(tagOf)(headerValue(msg, codecs.from))
}

const tagOf = (na: NameAddr | undefined): string | undefined => (na === undefined ? undefined : paramValue(na.params, 'tag'))

/** The branch of the top Via (RFC 3261 §8.1.1.7); undefined when there is no Via or no branch. */
export const topViaBranch = (msg: Headed): E.Either<ParseError, string | undefined> => {
  const f = fieldOf(msg, 'via')
  if (f === undefined) return absent
  const src = sourceOf(f)
  if (scanFirstVia(src.bytes, src.from, src.to)) return E.right(hitValue(src))
  return E.map((via: Via | undefined) => (via === undefined ? undefined : viaBranch(via)))(headerValue(msg, codecs.via))
}

/** CSeq (RFC 3261 §20.16), undefined when absent: `parseCSeq` (codecs/cseq.ts) step for step on bytes. */
export const cseqOf = (msg: Headed): E.Either<ParseError, CSeq | undefined> => {
  const f = fieldOf(msg, 'cseq')
  if (f === undefined) return absent
  const { bytes, from, to, value } = sourceOf(f)
  const ds = skipWs(bytes, from, to)
  const de = scanClass(bytes, ds, to, DIGIT)
  const seq = parseDigits(bytes, ds, de, MAX_UINT32)
  const ms = skipWs(bytes, de, to)
  const me = scanToken(bytes, ms, to)
  if (seq >= 0 && ms !== de && me !== ms && skipWs(bytes, me, to) === to) {
    const cseq: CSeq = { seq, method: value.slice(ms - from, me - from) }
    return E.right(cseq)
  }
  return headerValue(msg, codecs.cseq)
}

/**
 * The Refer-To URI (RFC 3515 §2.1) as `formatUri` writes it; undefined when absent.
 * When the received spelling is already that form (the usual case) it is sliced as is.
 */
export const referToUri = (msg: Headed): E.Either<ParseError, string | undefined> => {
  const f = fieldOf(msg, 'refer-to')
  if (f === undefined) return absent
  const src = sourceOf(f)
  const p = scanNameAddrHead(src.bytes, src.from, src.to, true)
  // scanParamsFind only validates the parameters here: no parameter is wanted.
  if (p >= 0 && uriHit.canonical && scanParamsFind(src.bytes, p, src.to, '') === src.to) {
    return E.right(src.value.slice(uriHit.from - src.from, uriHit.to - src.from))
  }
  return E.map((na: NameAddr | undefined) => (na === undefined ? undefined : formatUri(na.uri)))(headerValue(msg, codecs.referTo))
}
