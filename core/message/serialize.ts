/**
 * From a SipMessage to canonical bytes: start line, `Name: value` header lines with
 * canonical (or compact) names, unknown headers verbatim, then the body.
 * Content-Length always states the body's length (RFC 3261 §20.14; required on streams).
 */
import { compactName } from './header-names.ts'
import { encodeWithTail } from './slab-encoder.ts'
import type { HeaderField, SipMessage } from './types.ts'

export interface SerializeOptions {
  /** Use compact header names where one exists (RFC 3261 §7.3.3). */
  readonly compact?: boolean
}

export const startLine = (msg: SipMessage): string =>
  msg.type === 'request' ? `${msg.method} ${msg.uri} ${msg.version}` : `${msg.version} ${msg.status} ${msg.reason}`

const nameOf = (h: HeaderField, compact: boolean): string => (compact ? compactName(h.key) ?? h.name : h.name)

/** The header section (start line, header lines, empty line) as text. */
export const serializeHead = (msg: SipMessage, options: SerializeOptions = {}): string => {
  const compact = options.compact === true
  let out = startLine(msg) + '\r\n'
  let hasLength = false
  for (const h of msg.headers) {
    if (h.key === 'content-length') {
      if (hasLength) continue
      hasLength = true
      out += `${nameOf(h, compact)}: ${msg.body.length}\r\n`
    } else {
      out += `${nameOf(h, compact)}: ${h.value}\r\n`
    }
  }
  if (!hasLength) out += `${compact ? 'l' : 'Content-Length'}: ${msg.body.length}\r\n`
  return out + '\r\n'
}

export const serializeMessage = (msg: SipMessage, options: SerializeOptions = {}): Uint8Array =>
  encodeWithTail(serializeHead(msg, options), msg.body)
