/**
 * message/sipfrag (RFC 3420): an optional start line, header fields, an optional body.
 * Refer NOTIFY bodies carry the status line of the referenced request (RFC 3515 §2.4.5),
 * e.g. "SIP/2.0 100 Trying". Real phones omit the trailing CRLF; that is tolerated.
 */
import * as E from 'fp-ts/lib/Either.js'
import { buildMessage, defaultLimits, findHeaderEnd, parseHead } from '../message/parse.ts'
import type { HeaderField, ParseError, Position, SipMessage } from '../message/types.ts'

export type StartLine =
  | { readonly type: 'request'; readonly method: string; readonly uri: string; readonly version: string }
  | { readonly type: 'response'; readonly version: string; readonly status: number; readonly reason: string }

export interface SipFrag {
  readonly startLine?: StartLine
  readonly headers: ReadonlyArray<HeaderField>
  readonly body: Uint8Array
}

const encoder = new TextEncoder()
const crlf = new Uint8Array([0x0d, 0x0a])

const withTerminator = (bytes: Uint8Array): Uint8Array => {
  if (findHeaderEnd(bytes, 0) !== -1) return bytes
  const endsCrlf = bytes.length >= 2 && bytes[bytes.length - 2] === 0x0d && bytes[bytes.length - 1] === 0x0a
  const tail = endsCrlf ? crlf : new Uint8Array([0x0d, 0x0a, 0x0d, 0x0a])
  const out = new Uint8Array(bytes.length + tail.length)
  out.set(bytes, 0)
  out.set(tail, bytes.length)
  return out
}

/** Whether the first line is a header line ("Name: value") rather than a start line. */
const startsWithHeader = (bytes: Uint8Array): boolean => {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]
    if (c === 0x3a) return true
    if (c === 0x20 || c === 0x0d || c === 0x0a || c === 0x2f) return false
  }
  return false
}

const toStartLine = (m: SipMessage): StartLine =>
  m.type === 'request'
    ? { type: 'request', method: m.method, uri: m.uri, version: m.version }
    : { type: 'response', version: m.version, status: m.status, reason: m.reason }

const placeholder = encoder.encode('SIP/2.0 200 X\r\n')

/** A position in the placeholder-prefixed bytes, as a position in the fragment itself. */
const unprefixed = (at: Position): Position => ({ line: at.line - 1, column: at.column, offset: at.offset - placeholder.length })
const unprefixedFields = (headers: ReadonlyArray<HeaderField>): ReadonlyArray<HeaderField> =>
  headers.map((h) => (h.at === undefined ? h : { ...h, at: unprefixed(h.at) }))

export const parseSipFrag = (input: Uint8Array | string): E.Either<ParseError, SipFrag> => {
  const raw = typeof input === 'string' ? encoder.encode(input) : input
  const headerless = startsWithHeader(raw)
  // A start line is optional (RFC 3420 §2); parse a header-only fragment behind a placeholder
  // line, and give positions in the fragment as it came.
  const bytes = withTerminator(headerless ? concat(placeholder, raw) : raw)
  const end = findHeaderEnd(bytes, 0)
  const head = parseHead(bytes, 0, end, defaultLimits)
  if (E.isLeft(head)) {
    if (!headerless) return head
    const e = head.left
    return E.left({ ...e, at: unprefixed(e.at), ...(e.headers === undefined ? {} : { headers: unprefixedFields(e.headers) }) })
  }
  const body = bytes.slice(head.right.bodyStart, head.right.contentLength === undefined ? undefined : head.right.bodyStart + head.right.contentLength)
  const msg = buildMessage(head.right, body)
  if (E.isLeft(msg)) return E.left({ ...msg.left, kind: 'body', reason: `sipfrag: ${msg.left.reason}` })
  if (headerless) return E.right({ headers: unprefixedFields(msg.right.headers), body: msg.right.body })
  return E.right({ headers: msg.right.headers, body: msg.right.body, startLine: toStartLine(msg.right) })
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

/** Canonical bytes: start line and headers with CRLF line ends; an empty line only before a body. */
export const formatSipFrag = (frag: SipFrag): Uint8Array => {
  const lines: Array<string> = []
  const s = frag.startLine
  if (s !== undefined) lines.push(s.type === 'request' ? `${s.method} ${s.uri} ${s.version}` : `${s.version} ${s.status} ${s.reason}`)
  for (const h of frag.headers) lines.push(`${h.name}: ${h.value}`)
  const head = lines.map((l) => l + '\r\n').join('')
  if (frag.body.length === 0) return encoder.encode(head)
  return concat(encoder.encode(head + '\r\n'), frag.body)
}

/** The fragment of a refer NOTIFY reporting a status (RFC 3515 §2.4.5): "SIP/2.0 180 Ringing\r\n". */
export const statusFrag = (status: number, reason: string): SipFrag => ({
  startLine: { type: 'response', version: 'SIP/2.0', status, reason },
  headers: [],
  body: new Uint8Array(0),
})

