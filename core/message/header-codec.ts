import type { Either } from 'fp-ts/lib/Either.js'
import type { ValueError } from './types.ts'

/**
 * How one header's value is read and written. For list headers (`#element` in the
 * RFC 3261 grammar) `parse` reads one element; the message accessors split the list.
 */
export interface HeaderCodec<A> {
  /** Canonical long name, e.g. "Via". */
  readonly name: string
  /** Lower-case long name, the lookup key. */
  readonly key: string
  /** True when the grammar allows a comma-separated list of values. */
  readonly list: boolean
  readonly parse: (value: string) => Either<ValueError, A>
  /**
   * List headers may offer a faster way to read only the first element of a whole
   * field value (what `headerValue` returns): the same result and error indexes as
   * `parse` on the first element of `splitList(value)`, without splitting the list.
   */
  readonly parseFirst?: (value: string) => Either<ValueError, A>
  readonly format: (value: A) => string
  /**
   * Tell the recent-decodings memo (below) that `text` decodes to `value`, for a value built
   * in code and formatted (its text is new, and every later read would decode it again).
   * `first`: the text is a whole field value whose first element is `value`.
   */
  readonly remember?: (text: string, value: A, first: boolean) => void
}

// ---------------------------------------------------------------------------
// Recent decodings
//
// A value's decoding is a pure function of its text, and one step reads the same few
// headers several times: validation, transaction matching, the dialog, the response built
// from the request (CSeq, To, From and Call-ID are each decoded 8–12 times a call on sipp's
// call flow). Each decoding function of the registered codecs remembers its last few results
// by text. Decoded values are immutable, so handing one out twice is the same as decoding
// again; nothing here depends on anything but the text.

const memoSize = 4

interface Memo<A> {
  readonly decode: (text: string) => Either<ValueError, A>
  readonly put: (text: string, result: Either<ValueError, A>) => void
}

const remembering = <A>(decode: (text: string) => Either<ValueError, A>): Memo<A> => {
  const texts: Array<string | undefined> = new Array<string | undefined>(memoSize).fill(undefined)
  const results: Array<Either<ValueError, A> | undefined> = new Array<Either<ValueError, A> | undefined>(memoSize).fill(undefined)
  let next = 0
  const put = (text: string, result: Either<ValueError, A>): void => {
    texts[next] = text
    results[next] = result
    next = (next + 1) % memoSize
  }
  return {
    decode: (text) => {
      for (let i = 0; i < memoSize; i++) if (texts[i] === text) return results[i]!
      const r = decode(text)
      put(text, r)
      return r
    },
    put,
  }
}

/** The same codec, with `parse` and `parseFirst` remembering their recent results. */
export const withMemo = <A>(codec: HeaderCodec<A>): HeaderCodec<A> => {
  const parse = remembering(codec.parse)
  const parseFirst = codec.parseFirst === undefined ? undefined : remembering(codec.parseFirst)
  return {
    name: codec.name,
    key: codec.key,
    list: codec.list,
    parse: parse.decode,
    parseFirst: parseFirst?.decode,
    format: codec.format,
    remember: (text, value, first) => {
      const result: Either<ValueError, A> = { _tag: 'Right', right: value }
      if (first) parseFirst?.put(text, result)
      else parse.put(text, result)
    },
  }
}
