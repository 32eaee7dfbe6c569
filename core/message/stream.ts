/**
 * An incremental framer for stream transports (RFC 3261 §18.3): bytes in, whole
 * messages out, the remainder kept. Content-Length is mandatory on a stream; CRLF
 * keep-alives between messages are skipped (RFC 5626 §3.5.1). A framing error cannot
 * be recovered on a stream (RFC 4475 ncl, mcl01), so the framer then reports `failed`
 * and the connection should be closed.
 *
 * Positions are the stream's: the framer keeps the line, column and offset where its
 * buffer starts, so an error names the line of the stream (of a file read with
 * `sipxfer parse --stream`) where the problem is, whatever the chunks were.
 */
import * as E from 'fp-ts/lib/Either.js'
import { buildMessage, defaultLimits, findHeaderEnd, parseHead, type Head, type ParseLimits } from './parse.ts'
import type { HeaderField, ParseError, Position, SipMessage } from './types.ts'

export interface StreamFramer {
  readonly buffered: Uint8Array
  /** Bytes of `buffered` already searched for the end of the header section. */
  readonly scanned: number
  readonly failed: boolean
  /** Where `buffered` starts in the stream; once failed, where the message that failed starts. */
  readonly origin: Position
}

export const emptyFramer: StreamFramer = { buffered: new Uint8Array(0), scanned: 0, failed: false, origin: { line: 1, column: 1, offset: 0 } }

/** The raw bytes of one framed message and where it starts in the stream. */
export interface StreamFrame {
  readonly bytes: Uint8Array
  readonly at: Position
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  if (a.length === 0) return b
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

/** The stream position of an index into `buf`, which starts at `origin`. */
type PositionAt = (index: number) => Position

/**
 * Counts lines through `buf` as far as it is asked: asked in increasing order (as the
 * framer does), each LF is found once (by indexOf), so the cost is linear in all; a
 * smaller index than the last counts again from the start.
 */
const positionsIn = (buf: Uint8Array, origin: Position): PositionAt => {
  let line = origin.line
  // Index in `buf` where the current line starts (negative: before `buf`, on origin's line).
  let lineStart = 1 - origin.column
  let counted = 0 // buf[0, counted) is counted
  let nextLf = -2 // the first LF at or after `counted`: -1 none, -2 not searched yet
  return (index) => {
    if (index < counted) {
      line = origin.line
      lineStart = 1 - origin.column
      counted = 0
      nextLf = -2
    }
    while (counted < index) {
      if (nextLf === -2) nextLf = buf.indexOf(0x0a, counted)
      if (nextLf === -1 || nextLf >= index) {
        counted = index
        break
      }
      line++
      lineStart = nextLf + 1
      counted = nextLf + 1
      nextLf = -2
    }
    return { line, column: index - lineStart + 1, offset: origin.offset + index }
  }
}

const failAt = (at: Position, kind: ParseError['kind'], reason: string): ParseError => ({ kind, reason, at })

/** An error whose offsets index the buffer, with positions in the stream (its fields' too). */
const inStream = (e: ParseError, positionAt: PositionAt): ParseError => {
  const at = positionAt(e.at.offset)
  return e.headers === undefined ? { ...e, at } : { ...e, at, headers: e.headers.map((h) => fieldInStream(h, positionAt)) }
}

/**
 * The framing loop shared by `pushBytes` and `pushFrames`: `take` turns one delimited
 * message (its parsed head, its start and end in `buf`) into what the caller wants;
 * `positionAt` gives stream positions of indexes into `buf` from `start` on.
 */
const frame = <A>(
  framer: StreamFramer,
  chunk: Uint8Array,
  limits: ParseLimits,
  take: (head: Head, buf: Uint8Array, start: number, end: number, positionAt: PositionAt) => E.Either<ParseError, A>,
): readonly [StreamFramer, ReadonlyArray<E.Either<ParseError, A>>] => {
  if (framer.failed) return [framer, []]
  const buf = concat(framer.buffered, chunk)
  const positionAt = positionsIn(buf, framer.origin)
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
        out.push(E.left(failAt(positionAt(pos), 'limit', `header section larger than ${limits.maxMessageBytes} bytes`)))
        failed = true
      }
      scanned = buf.length
      break
    }
    const head = parseHead(buf, pos, end, limits)
    if (E.isLeft(head)) {
      out.push(E.left(inStream(head.left, positionAt)))
      failed = true
      break
    }
    const { bodyStart, contentLength } = head.right
    if (contentLength === undefined) {
      // Where the message that lacks it starts.
      out.push(E.left(failAt(positionAt(pos), 'framing', 'Content-Length is required on a stream transport')))
      failed = true
      break
    }
    if (bodyStart + contentLength - pos > limits.maxMessageBytes) {
      // At the Content-Length value that asks for too much.
      const at = head.right.headers.find((h) => h.key === 'content-length')?.at
      out.push(E.left(failAt(positionAt(at?.offset ?? pos), 'limit', `message larger than ${limits.maxMessageBytes} bytes`)))
      failed = true
      break
    }
    if (bodyStart + contentLength > buf.length) {
      scanned = end
      break
    }
    out.push(take(head.right, buf, pos, bodyStart + contentLength, positionAt))
    pos = bodyStart + contentLength
    scanned = pos
  }
  const origin = positionAt(pos)
  // Once failed, nothing more is framed (whatever the chunks were: the origin stays put).
  if (failed) return [{ buffered: new Uint8Array(0), scanned: 0, failed, origin }, out]
  return [{ buffered: buf.slice(pos), scanned: Math.max(0, scanned - pos), failed, origin }, out]
}

/** A header field read from `buf`, with its value's position in the stream. */
const fieldInStream = (h: HeaderField, positionAt: PositionAt): HeaderField => (h.at === undefined ? h : { ...h, at: positionAt(h.at.offset) })

/**
 * Feed bytes; get the messages (or the framing error) they complete. Header positions
 * and error positions are the stream's.
 */
export const pushBytes = (
  framer: StreamFramer,
  chunk: Uint8Array,
  limits: ParseLimits = defaultLimits,
): readonly [StreamFramer, ReadonlyArray<E.Either<ParseError, SipMessage>>] =>
  frame(framer, chunk, limits, (head, buf, _start, end, positionAt) => {
    const msg = buildMessage(head, buf.slice(head.bodyStart, end))
    if (E.isLeft(msg)) return E.left(inStream(msg.left, positionAt))
    return E.right({ ...msg.right, headers: msg.right.headers.map((h) => fieldInStream(h, positionAt)) })
  })

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

/**
 * `pushFrames` with where each message starts in the stream, for reporting the
 * positions of what a parse of its bytes finds (`shiftPosition`).
 */
export const pushFramesAt = (
  framer: StreamFramer,
  chunk: Uint8Array,
  limits: ParseLimits = defaultLimits,
): readonly [StreamFramer, ReadonlyArray<E.Either<ParseError, StreamFrame>>] =>
  frame(framer, chunk, limits, (_head, buf, start, end, positionAt) => E.right({ bytes: buf.slice(start, end), at: positionAt(start) }))
