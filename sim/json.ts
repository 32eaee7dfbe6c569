/**
 * JSON values and their canonical encoding (sorted keys, no whitespace, undefined
 * fields left out), so that equal data always hashes the same.
 */
import * as t from 'io-ts'

export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

const isJson = (u: unknown): u is Json => {
  if (u === null || typeof u === 'boolean' || typeof u === 'string') return true
  if (typeof u === 'number') return Number.isFinite(u)
  if (Array.isArray(u)) return u.every(isJson)
  if (typeof u === 'object') return Object.values(u as object).every((v) => v === undefined || isJson(v))
  return false
}

/** Any JSON value (finite numbers only). */
export const jsonCodec = new t.Type<Json, Json, unknown>(
  'Json',
  isJson,
  (u, c) => (isJson(u) ? t.success(u) : t.failure(u, c, 'expected a JSON value')),
  t.identity,
)

/** Canonical JSON text of a value; object keys sorted by code unit, `undefined` fields dropped. */
export const canonicalJson = (value: unknown): string => {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null'
    case 'string':
      return JSON.stringify(value)
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
    }
    default:
      return 'null'
  }
}
