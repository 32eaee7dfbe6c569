/**
 * One final response per server transaction (RFC 3261 §17.2.1, §17.2.2: T-IS-3,
 * T-IS-4, T-NS-3). Re-sending the same response is a retransmission; a different
 * status or To tag from the same transaction is a second final response.
 */
import { sipPackets, senderKey, type OracleRule } from './oracle-rule.ts'
import type { Violation } from './violation.ts'

export const oneFinalResponse: OracleRule = {
  id: 'R3261-17.2-ONE-FINAL',
  description: 'a server transaction sends one final response (its retransmissions aside) (T-IS-3, T-IS-4, T-NS-3)',
  check: (trace) => {
    const first = new Map<string, { readonly status: number; readonly toTag: string; readonly at: number }>()
    const out: Violation[] = []
    for (const p of sipPackets(trace)) {
      const s = p.sip
      if (s.status === undefined || s.status < 200 || s.branch === '') continue
      const key = `${senderKey(p)}|${s.branch}|${s.sentBy}|${s.cseqMethod}|${s.callId}`
      const seen = first.get(key)
      if (seen === undefined) first.set(key, { status: s.status, toTag: s.toTag, at: p.at })
      else if (seen.status !== s.status || seen.toTag !== s.toTag)
        out.push({
          rule: oneFinalResponse.id,
          at: p.at,
          message:
            `${p.sender} sent ${s.status} (to-tag ${s.toTag || 'none'}) for ${s.cseq ?? '?'} ${s.cseqMethod} branch ${s.branch}` +
            ` after ${seen.status} (to-tag ${seen.toTag || 'none'}) at ${seen.at} ms (packet ${p.packet})`,
        })
    }
    return out
  },
}
