/**
 * A union decoded by its `type` field: an unknown tag gives one readable error
 * ("expected type one of dial|answer|…") instead of one error per member.
 */
import * as t from 'io-ts'

/** The members of `A` whose `type` admits `K` (a member may have several tags). */
export type VariantOf<A, K> = A extends { readonly type: infer T } ? (K extends T ? A : never) : never

export const taggedUnion = <A extends { readonly type: string }>(
  name: string,
  byTag: { readonly [K in A['type']]: t.Type<VariantOf<A, K>, unknown, unknown> },
): t.Type<A, unknown, unknown> => {
  // Each member decodes its own variant; seen from the union they all decode an A.
  const members = byTag as unknown as { readonly [tag: string]: t.Type<A, unknown, unknown> }
  const tags = Object.keys(members)
  const memberOf = (u: unknown): t.Type<A, unknown, unknown> | undefined => {
    if (typeof u !== 'object' || u === null) return undefined
    const tag = (u as { type?: unknown }).type
    return typeof tag === 'string' && Object.hasOwn(members, tag) ? members[tag] : undefined
  }
  return new t.Type<A, unknown, unknown>(
    name,
    (u): u is A => memberOf(u)?.is(u) ?? false,
    (u, c) => {
      if (typeof u !== 'object' || u === null) return t.failure(u, c, `expected ${name} (an object with a type)`)
      const member = memberOf(u)
      if (member === undefined) {
        const tag = (u as { type?: unknown }).type
        return t.failure(tag, [...c, { key: 'type', type: t.string, actual: tag }], `expected type one of ${tags.join('|')}`)
      }
      return member.validate(u, c)
    },
    (a) => {
      const member = members[a.type]
      return member === undefined ? a : member.encode(a)
    },
  )
}
