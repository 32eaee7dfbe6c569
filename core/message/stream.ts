/**
 * An incremental framer for stream transports (RFC 3261 §18.3): bytes in, whole
 * messages out, the remainder kept. Content-Length is mandatory on a stream; CRLF
 * keep-alives between messages are skipped (RFC 5626 §3.5.1). A framing error cannot
 * be recovered on a stream (RFC 4475 ncl, mcl01), so the framer then reports `failed`
 * and the connection should be closed.
 */
import * as E from 'fp-ts/lib/Either.js'
import { buildMessage, defaultLimits, findHeaderEnd, parseHead, type Head, type ParseLimits } from './parse.ts'
import type { ParseError, SipMessage } from './types.ts'

export interface StreamFramer {
  readonly buffered: Uint8Array
  /** Bytes of `buffered` already searched for the end of the header section. */
  readonly scanned: number
  readonly failed: boolean
}

export const emptyFramer: StreamFramer = { buffered: new Uint8Array(0), scanned: 0, failed: false }

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  if (a.length === 0) return b
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

const failAt = (offset: number, kind: ParseError['kind'], reason: string): ParseError => ({
  kind,
  reason,
  at: { line: 1, column: 1, offset },
})

/**
 * The framing loop shared by `pushBytes` and `pushFrames`: `take` turns one delimited
 * message (its parsed head, its start and end in `buf`) into what the caller wants.
 */
const frame = <A>(
  framer: StreamFramer,
  chunk: Uint8Array,
  limits: ParseLimits,
  take: (head: Head, buf: Uint8Array, start: number, end: number) => E.Either<ParseError, A>,
): readonly [StreamFramer, ReadonlyArray<E.Either<ParseError, A>>] => {
  if (framer.failed) return [framer, []]
  const buf = concat(framer.buffered, chunk)
  const out: Array<E.Either<ParseError, A>> = []
  let pos = 0
  let scanned = framer.scanned
  let failed = false
  for (;;) {
    while (pos < buf.length && (buf[pos] === 0x0d || buf[pos] === 0x0a)) pos++
    if (pos >= buf.length) break
    const end = findHeaderEnd(buf, Math.max(pos, scanned - 3))
    if (end === -1) {
      if (buf.length - pos > limits.maxMessageBytes) {
        out.push(E.left(failAt(pos, 'limit', `header section larger than ${limits.maxMessageBytes} bytes`)))
        failed = true
      }
      scanned = buf.length
      break
    }
    const head = parseHead(buf, pos, end, limits)
    if (E.isLeft(head)) {
      out.push(head)
      failed = true
      break
    }
    const { bodyStart, contentLength } = head.right
    if (contentLength === undefined) {
      out.push(E.left(failAt(pos, 'framing', 'Content-Length is required on a stream transport')))
      failed = true
      break
    }
    if (bodyStart + contentLength - pos > limits.maxMessageBytes) {
      out.push(E.left(failAt(pos, 'limit', `message larger than ${limits.maxMessageBytes} bytes`)))
      failed = true
      break
    }
    if (bodyStart + contentLength > buf.length) {
      scanned = end
      break
    }
    out.push(take(head.right, buf, pos, bodyStart + contentLength))
    pos = bodyStart + contentLength
    scanned = pos
  }
  const rest = failed ? new Uint8Array(0) : buf.slice(pos)
  return [{ buffered: rest, scanned: Math.max(0, scanned - pos), failed }, out]
}

/** Feed bytes; get the messages (or the framing error) they complete. */
export const pushBytes = (
  framer: StreamFramer,
  chunk: Uint8Array,
  limits: ParseLimits = defaultLimits,
): readonly [StreamFramer, ReadonlyArray<E.Either<ParseError, SipMessage>>] =>
  frame(framer, chunk, limits, (head, buf, _start, end) => buildMessage(head, buf.slice(head.bodyStart, end)))

/**
 * Feed bytes; get the raw bytes of each message they complete (or the framing error).
 * A transport hands these to the UA as `packet` inputs, exactly like UDP datagrams, so a
 * message that frames but does not parse is answered (400) the same way on both.
 */
export const pushFrames = (
  framer: StreamFramer,
  chunk: Uint8Array,
  limits: ParseLimits = defaultLimits,
): readonly [StreamFramer, ReadonlyArray<E.Either<ParseError, Uint8Array>>] =>
  frame(framer, chunk, limits, (_head, buf, start, end) => E.right(buf.slice(start, end)))
