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

// ---------------------------------------------------------------------------
// Recent decodings
//
// A value's decoding is a pure function of its text, and one step reads the same few
// headers several times: validation, transaction matching, the dialog, the response built
// from the request (CSeq, To, From and Call-ID are each decoded 8–12 times a call on
// sipp's call flow). Each decoding function remembers its last few results by text.
// Decoded values are immutable, so handing one out twice is the same as decoding again.

const memoSize = 8

type Decode<A> = (text: string) => E.Either<ValueError, A>

interface Memo {
  readonly texts: Array<string | undefined>
  readonly results: Array<E.Either<ValueError, unknown> | undefined>
  next: number
}

/** By decoding function: a codec's `parse`, or its `parseFirst`. */
const memos = new Map<Decode<unknown>, Memo>()

/** `decode(text)`, answered from its recent results when it has one for this text. */
const recall = <A>(decode: Decode<A>, text: string): E.Either<ValueError, A> => {
  let m = memos.get(decode)
  if (m === undefined) {
    m = { texts: new Array<string | undefined>(memoSize).fill(undefined), results: new Array<E.Either<ValueError, unknown> | undefined>(memoSize).fill(undefined), next: 0 }
    memos.set(decode, m)
  }
  const texts = m.texts
  for (let i = 0; i < memoSize; i++) if (texts[i] === text) return m.results[i] as E.Either<ValueError, A>
  const r = decode(text)
  texts[m.next] = text
  m.results[m.next] = r
  m.next = (m.next + 1) % memoSize
  return r
}

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
    const r = recall(codec.parse, a === 0 && b === v.length ? v : v.slice(a, b))
    if (E.isLeft(r)) return valueError(field, r.left, a)
    out?.push(r.right)
    return undefined
  }
  for (const part of splitList(v)) {
    const r = recall(codec.parse, part.text)
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
    const r = recall(codec.parse, field.value)
    return E.isLeft(r) ? E.left(valueError(field, r.left, 0)) : r
  }
  if (codec.parseFirst !== undefined) {
    const r = recall(codec.parseFirst, field.value)
    return E.isLeft(r) ? E.left(valueError(field, r.left, 0)) : r
  }
  // The first element only: find its end and trim it, without splitting the whole list.
  const v = field.value
  const comma = nextListComma(v, 0)
  let a = 0
  let b = comma === -1 ? v.length : comma
  while (a < b && isWs(v.charCodeAt(a))) a++
  while (b > a && isWs(v.charCodeAt(b - 1))) b--
  const r = recall(codec.parse, a === 0 && b === v.length ? v : v.slice(a, b))
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
