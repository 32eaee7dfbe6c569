/** Readable io-ts errors: one line per failure, with the path into the document. */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type * as t from 'io-ts'

const show = (u: unknown): string => {
  if (u === undefined) return 'nothing'
  const text = JSON.stringify(u)
  if (text === undefined) return String(u)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** One error as "at participants.0.address.port: expected number, got \"x\"". */
export const formatError = (e: t.ValidationError): string => {
  // Members of intersections and unions add index keys that are not in the document:
  // a numeric key counts only below an array or tuple.
  const path = e.context
    .filter((c, i) => {
      if (i === 0 || c.key === '') return false
      if (!/^\d+$/.test(c.key)) return true
      const parent = (e.context[i - 1]?.type as { readonly _tag?: string } | undefined)?._tag ?? ''
      return ['ArrayType', 'ReadonlyArrayType', 'TupleType', 'ReadonlyType'].includes(parent)
    })
    .map((c) => c.key)
    .join('.')
  const last = e.context[e.context.length - 1]
  const expected = e.message ?? `expected ${last?.type.name ?? 'a value'}`
  return `at ${path === '' ? '(root)' : path}: ${expected}, got ${show(e.value)}`
}

/** Decode with a codec and turn failures into readable lines (deduplicated, at most 10). */
export const decodeWith =
  <A>(codec: t.Decoder<unknown, A>, what: string) =>
  (u: unknown): E.Either<string, A> =>
    pipe(
      codec.decode(u),
      E.mapLeft((errors) => {
        const lines = [...new Set(errors.map(formatError))]
        const shown = lines.slice(0, 10)
        const more = lines.length > shown.length ? [`... and ${lines.length - shown.length} more`] : []
        return [`invalid ${what}:`, ...shown.map((l) => `  ${l}`), ...more].join('\n')
      }),
    )

/** Parse JSON text, then decode it. */
export const decodeJsonText =
  <A>(codec: t.Decoder<unknown, A>, what: string) =>
  (text: string): E.Either<string, A> =>
    pipe(
      E.tryCatch(
        () => JSON.parse(text) as unknown,
        (e) => `invalid ${what}: not JSON (${e instanceof Error ? e.message : String(e)})`,
      ),
      E.chain(decodeWith(codec, what)),
    )
