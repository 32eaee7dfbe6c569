/**
 * Strict syntax check of a parsed message: the Request-URI and every known header
 * value decode, and single-valued headers appear once (RFC 3261 §7.3.1, §25.1;
 * RFC 4475 badinv01, scalar02, quotbal, multi01 …). Unknown headers are opaque.
 */
import * as E from 'fp-ts/lib/Either.js'
import { codecByKey } from './codecs/index.ts'
import { checkField } from './headers.ts'
import type { HeaderField, ParseError, SipMessage } from './types.ts'
import { parseUri } from './uri.ts'

/**
 * Headers whose grammar allows exactly one value (RFC 3261 §20; Refer-To R3515-6,
 * Replaces R3891-4, Referred-By R3892-4, Event R6665-2).
 */
const singleValued: ReadonlySet<string> = new Set([
  'call-id', 'cseq', 'from', 'to', 'max-forwards', 'content-length', 'content-type', 'expires',
  'min-expires', 'event', 'subscription-state', 'replaces', 'target-dialog', 'refer-sub',
  'retry-after', 'refer-to', 'referred-by',
])

/** Validate a parsed message; the same message on success. */
export const validateMessage = (msg: SipMessage): E.Either<ParseError, SipMessage> => {
  if (msg.type === 'request') {
    const uri = parseUri(msg.uri)
    if (E.isLeft(uri)) {
      const column = msg.method.length + 2 + uri.left.index
      return E.left({
        kind: 'start-line',
        reason: `Request-URI: ${uri.left.reason}`,
        at: { line: 1, column, offset: column - 1 },
        headers: msg.headers,
        request: true,
      })
    }
  }
  const headers = msg.headers
  // Duplicates first (headers are few: a scan back is cheaper than a set).
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!
    if (!singleValued.has(h.key) || !seenBefore(headers, i)) continue
    return E.left({ kind: 'header', reason: `${h.name} appears more than once`, at: h.at ?? { line: 0, column: 0, offset: 0 }, header: h.name, headers, request: msg.type === 'request' })
  }
  // Then the values, header by header in order of first appearance, every field of one
  // header before the next header.
  for (let i = 0; i < headers.length; i++) {
    const key = headers[i]!.key
    const codec = codecByKey.get(key)
    if (codec === undefined || seenBefore(headers, i)) continue
    for (let j = i; j < headers.length; j++) {
      const h = headers[j]!
      if (h.key !== key) continue
      const err = checkField(codec, h)
      if (err !== undefined) return E.left({ ...err, headers, request: msg.type === 'request' })
    }
  }
  return E.right(msg)
}

/** Whether a header before index `i` has the same key. */
const seenBefore = (headers: ReadonlyArray<HeaderField>, i: number): boolean => {
  const key = headers[i]!.key
  for (let j = 0; j < i; j++) if (headers[j]!.key === key) return true
  return false
}
