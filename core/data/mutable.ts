/**
 * A copy of readonly data that one function writes into before handing it out (a step's
 * draft, a changed transaction). Copied, then written: in V8, `{ ...x, field }` at a site
 * that has seen many shapes is slow, and a field `x` lacks gives the copy a shape of its own.
 */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] }
