/**
 * The 100 Trying an INVITE server transaction sends on its own (RFC 3261 §17.2.1),
 * built as §8.2.6 says: Via, From, To, Call-ID, CSeq and Timestamp copied, and no
 * To tag (RFC 3261 §8.2.6.2: a 100 SHOULD NOT carry one).
 */
import { rawField, type SipRequest, type SipResponse } from '../message/index.ts'

const copied: ReadonlySet<string> = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'timestamp'])

export const buildTrying = (request: SipRequest): SipResponse => ({
  type: 'response',
  version: request.version,
  status: 100,
  reason: 'Trying',
  headers: request.headers.filter((h) => copied.has(h.key)).map((h) => rawField(h.name, h.value)),
  body: new Uint8Array(0),
})
