/**
 * Reading and writing header fields through typed codecs. Values are decoded on
 * access; a malformed known header is an error value carrying its position.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { HeaderCodec } from './header-codec.ts'
import { canonicalName, headerKey } from './header-names.ts'
import { nextListComma, splitList } from './split-list.ts'
import type { HeaderField, ParseError, Position, SipMessage, ValueError } from './types.ts'

const shift = (at: Position | undefined, index: number): Position =>
  at === undefined ? { line: 0, column: index + 1, offset: index } : { line: at.line, column: at.column + index, offset: at.offset + index }

const valueError = (field: HeaderField, e: ValueError, index: number): ParseError => ({
  kind: 'header',
  reason: `${field.name}: ${e.reason}`,
  at: shift(field.at, index + e.index),
  header: field.name,
})

/** All fields with this key, in order. */
export const fieldsOf = (msg: { readonly headers: ReadonlyArray<HeaderField> }, key: string): ReadonlyArray<HeaderField> =>
  msg.headers.filter((h) => h.key === key)

/** The first field with this key. */
export const fieldOf = (msg: { readonly headers: ReadonlyArray<HeaderField> }, key: string): HeaderField | undefined => {
  for (const h of msg.headers) if (h.key === key) return h
  return undefined
}

/** The raw value of the first field with this (long or compact, any case) name. */
export const rawHeader = (msg: { readonly headers: ReadonlyArray<HeaderField> }, name: string): string | undefined =>
  fieldOf(msg, headerKey(name))?.value

/** Decode every value of one field into `out` (when given); the first error, if any. */
const decodeField = <A>(codec: HeaderCodec<A>, field: HeaderField, out: Array<A> | undefined): ParseError | undefined => {
  const v = field.value
  // A single value (no list comma, the common case) is decoded without splitting.
  if (!codec.list || nextListComma(v, 0) === -1) {
    let a = 0
    let b = v.length
    if (codec.list) {
      while (a < b && isWs(v.charCodeAt(a))) a++
      while (b > a && isWs(v.charCodeAt(b - 1))) b--
    }
    const r = codec.parse(a === 0 && b === v.length ? v : v.slice(a, b))
    if (E.isLeft(r)) return valueError(field, r.left, a)
    out?.push(r.right)
    return undefined
  }
  for (const part of splitList(v)) {
    const r = codec.parse(part.text)
    if (E.isLeft(r)) return valueError(field, r.left, part.index)
    out?.push(r.right)
  }
  return undefined
}

/** The first value of a header (for a list header, its first element), or undefined if absent. */
export const headerValue = <A>(msg: { readonly headers: ReadonlyArray<HeaderField> }, codec: HeaderCodec<A>): E.Either<ParseError, A | undefined> => {
  const field = fieldOf(msg, codec.key)
  if (field === undefined) return E.right(undefined)
  if (!codec.list) {
    const r = codec.parse(field.value)
    return E.isLeft(r) ? E.left(valueError(field, r.left, 0)) : r
  }
  if (codec.parseFirst !== undefined) {
    const r = codec.parseFirst(field.value)
    return E.isLeft(r) ? E.left(valueError(field, r.left, 0)) : r
  }
  // The first element only: find its end and trim it, without splitting the whole list.
  const v = field.value
  const comma = nextListComma(v, 0)
  let a = 0
  let b = comma === -1 ? v.length : comma
  while (a < b && isWs(v.charCodeAt(a))) a++
  while (b > a && isWs(v.charCodeAt(b - 1))) b--
  const r = codec.parse(a === 0 && b === v.length ? v : v.slice(a, b))
  return E.isLeft(r) ? E.left(valueError(field, r.left, a)) : r
}

const isWs = (c: number): boolean => c === 0x20 || c === 0x09

/** Every value of a header, list elements of every field in order. */
export const headerValues = <A>(msg: { readonly headers: ReadonlyArray<HeaderField> }, codec: HeaderCodec<A>): E.Either<ParseError, ReadonlyArray<A>> => {
  const out: Array<A> = []
  for (const h of msg.headers) {
    if (h.key !== codec.key) continue
    const err = decodeField(codec, h, out)
    if (err !== undefined) return E.left(err)
  }
  return E.right(out)
}

/** Whether every value of one field decodes: the first error, if any (values are not collected). */
export const checkField = (codec: HeaderCodec<unknown>, field: HeaderField): ParseError | undefined => decodeField(codec, field, undefined)

/** A header field for a typed value. */
export const field = <A>(codec: HeaderCodec<A>, value: A): HeaderField => ({
  name: codec.name,
  key: codec.key,
  value: codec.format(value),
})

/** A header field from a name and raw text (known names are canonicalised). */
export const rawField = (name: string, value: string): HeaderField => {
  const key = headerKey(name)
  return { name: canonicalName(key) ?? name, key, value }
}

type Headed<M> = M & { readonly headers: ReadonlyArray<HeaderField> }

/** Replace every field with this key by the given ones (placed where the first one was, else at the end). */
export const setFields = <M extends SipMessage>(msg: Headed<M>, key: string, fields: ReadonlyArray<HeaderField>): M => {
  const first = msg.headers.findIndex((h) => h.key === key)
  const kept = msg.headers.filter((h) => h.key !== key)
  const at = first === -1 ? kept.length : first
  return { ...msg, headers: [...kept.slice(0, at), ...fields, ...kept.slice(at)] }
}

/** Remove every field with this key. */
export const removeFields = <M extends SipMessage>(msg: Headed<M>, key: string): M => ({
  ...msg,
  headers: msg.headers.filter((h) => h.key !== key),
})
