/**
 * The few fields of a message the rules look at, read once per packet: Call-ID, CSeq,
 * tags, the top Via's branch and sent-by. Raw text reading is enough here and never
 * fails: a missing field is undefined.
 */
import { rawHeader, type SipMessage } from '../../core/message/index.ts'

export interface SipFacts {
  readonly kind: 'request' | 'response'
  /** Request method, or the CSeq method of a response. */
  readonly method: string
  readonly status: number | undefined
  readonly callId: string
  readonly cseq: number | undefined
  readonly cseqMethod: string
  readonly fromTag: string
  readonly toTag: string
  readonly branch: string
  readonly sentBy: string
}

const tagOf = (value: string | undefined): string => {
  if (value === undefined) return ''
  // Header parameters follow the closing `>` of a name-addr (URI parameters are inside it).
  const params = value.includes('>') ? value.slice(value.lastIndexOf('>') + 1) : value
  return /;\s*tag\s*=\s*([^;,\s]+)/i.exec(params)?.[1] ?? ''
}

const topVia = (msg: SipMessage): string => {
  const via = rawHeader(msg, 'via') ?? ''
  const comma = via.indexOf(',')
  return comma < 0 ? via : via.slice(0, comma)
}

export const sipFacts = (msg: SipMessage): SipFacts => {
  const cseqRaw = (rawHeader(msg, 'cseq') ?? '').trim().split(/\s+/)
  const cseq = Number(cseqRaw[0])
  const cseqMethod = (cseqRaw[1] ?? '').toUpperCase()
  const via = topVia(msg)
  return {
    kind: msg.type,
    method: msg.type === 'request' ? msg.method.toUpperCase() : cseqMethod,
    status: msg.type === 'response' ? msg.status : undefined,
    callId: (rawHeader(msg, 'call-id') ?? '').trim(),
    cseq: cseqRaw[0] === undefined || cseqRaw[0] === '' || !Number.isInteger(cseq) ? undefined : cseq,
    cseqMethod,
    fromTag: tagOf(rawHeader(msg, 'from')),
    toTag: tagOf(rawHeader(msg, 'to')),
    branch: /;\s*branch\s*=\s*([^;,\s]+)/i.exec(via)?.[1] ?? '',
    sentBy: (/^\s*SIP\s*\/\s*2\.0\s*\/\s*\S+\s+([^;\s]+)/i.exec(via)?.[1] ?? '').toLowerCase(),
  }
}
