/**
 * No new request inside a dialog after the receiver has ended it by answering a BYE
 * with 2xx (RFC 3261 §15.1.1, §15.1.2: the session and dialog are over). Allowed: ACK,
 * CANCEL, retransmissions of requests sent before the answer (same branch), and the
 * requests of a refer subscription, a separate usage of the dialog that a BYE does not
 * end (RFC 5057, RFC 6665 §4.5.2, R6665-22): NOTIFY and SUBSCRIBE.
 */
import { sipPackets, type OracleRule } from './oracle-rule.ts'
import type { Violation } from './violation.ts'

const EXEMPT = new Set(['ACK', 'CANCEL', 'NOTIFY', 'SUBSCRIBE'])

export const noRequestAfterBye: OracleRule = {
  id: 'R3261-15-DIALOG-ENDED',
  description: 'no new request (other than ACK, CANCEL and subscription requests) in a dialog after the receiver answered its BYE with 2xx',
  check: (trace) => {
    const packets = sipPackets(trace)
    // receiver|call-id|receiver's tag|sender's tag -> when the receiver answered the BYE.
    const ended = new Map<string, number>()
    for (const p of packets) {
      const s = p.sip
      if (s.kind !== 'response' || s.method !== 'BYE' || s.status === undefined || s.status < 200 || s.status >= 300) continue
      const k = `${p.sender}|${s.callId}|${s.toTag}|${s.fromTag}`
      if (!ended.has(k)) ended.set(k, p.at)
    }
    const before = new Set<string>()
    const out: Violation[] = []
    for (const p of packets) {
      const s = p.sip
      if (s.kind !== 'request' || s.toTag === '') continue
      const endedAt = ended.get(`${p.receiver}|${s.callId}|${s.toTag}|${s.fromTag}`)
      const branch = `${p.sender}|${s.branch}|${s.method}`
      if (endedAt === undefined || p.at < endedAt) {
        before.add(branch)
        continue
      }
      if (EXEMPT.has(s.method) || before.has(branch)) continue
      out.push({
        rule: noRequestAfterBye.id,
        at: p.at,
        message: `${p.sender} sent ${s.method} (CSeq ${s.cseq ?? '?'}, packet ${p.packet}) to ${p.receiver} in dialog ${s.callId} that ${p.receiver} ended by answering BYE at ${endedAt} ms`,
      })
    }
    return out
  },
}
