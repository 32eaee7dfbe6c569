/**
 * What the views show of a packet: method or status, Call-ID, CSeq, read with
 * core/message's `parseMessage`. Never fails: unparsable bytes are summarised with
 * their first line and the parse error.
 */
import * as E from 'fp-ts/lib/Either.js'
import { parseMessage, rawHeader } from '../core/message/index.ts'
import { payloadBytes, payloadText, type Payload } from './payload.ts'

export type MessageSummary =
  | {
      readonly kind: 'request'
      readonly method: string
      readonly uri: string
      readonly label: string
      readonly callId?: string
      readonly cseq?: string
    }
  | {
      readonly kind: 'response'
      readonly status: number
      readonly reason: string
      readonly label: string
      readonly callId?: string
      readonly cseq?: string
    }
  | { readonly kind: 'unparsable'; readonly label: string; readonly error: string; readonly callId?: undefined; readonly cseq?: undefined }

export const summarizeBytes = (bytes: Uint8Array): MessageSummary => {
  const parsed = parseMessage(bytes)
  if (E.isLeft(parsed)) {
    const first = (new TextDecoder().decode(bytes.subarray(0, 200)).split(/\r?\n/, 1)[0] ?? '').slice(0, 24)
    return { kind: 'unparsable', label: `? ${first}`.trim(), error: `${parsed.left.kind}: ${parsed.left.reason}` }
  }
  const m = parsed.right
  const callId = rawHeader(m, 'call-id')
  const cseq = rawHeader(m, 'cseq')
  const extra = { ...(callId === undefined ? {} : { callId }), ...(cseq === undefined ? {} : { cseq }) }
  return m.type === 'request'
    ? { kind: 'request', method: m.method, uri: m.uri, label: m.method, ...extra }
    : { kind: 'response', status: m.status, reason: m.reason, label: `${m.status} ${m.reason}`.trim(), ...extra }
}

export const summarizePayload = (p: Payload): MessageSummary => summarizeBytes(payloadBytes(p))

/** The message as text for display. */
export const messageText = (p: Payload): string => payloadText(p)
