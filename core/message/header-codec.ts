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
}
