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
      // One string built in place (this runs over every step of every trace).
      if (Array.isArray(value)) {
        let text = '['
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i]
          if (i > 0) text += ','
          text += v === undefined ? 'null' : canonicalJson(v)
        }
        return `${text}]`
      }
      const record = value as Record<string, unknown>
      // Default sort compares UTF-16 code units, as `a < b` does.
      const keys = Object.keys(record).sort()
      let text = '{'
      let first = true
      for (const k of keys) {
        const v = record[k]
        if (v === undefined) continue
        if (!first) text += ','
        first = false
        text += `${JSON.stringify(k)}:${canonicalJson(v)}`
      }
      return `${text}}`
    }
    default:
      return 'null'
  }
}
