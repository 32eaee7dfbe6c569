/**
 * CSeq numbers per dialog and direction (RFC 3261 §12.2.1.1, §8.1.1.5): each new
 * request of a sender within a dialog (Call-ID, From tag, To tag) has a higher number
 * than the last; a retransmission (same branch) keeps number and method; an ACK carries
 * the number of an INVITE it acknowledges (§17.1.1.3, §13.2.2.4) and a CANCEL that of
 * the request it cancels (§9.1). A dialog starts from the requests sent before it had a
 * To tag (the INVITE, §12.1.2): forked dialogs (§13.2.2.4) each count on from there.
 */
import { sipPackets, senderKey, type OracleRule } from './oracle-rule.ts'
import type { Violation } from './violation.ts'

interface Direction {
  max: number
  readonly invites: Set<number>
  readonly branches: Map<string, { readonly cseq: number; readonly method: string }>
}

export const cseqMonotonic: OracleRule = {
  id: 'R3261-12.2.1.1',
  description: 'CSeq rises with each new request per dialog and direction; ACK and CANCEL reuse the number of their request',
  check: (trace) => {
    const directions = new Map<string, Direction>()
    const out: Violation[] = []
    const report = (at: number, message: string): void => void out.push({ rule: cseqMonotonic.id, at, message })
    for (const p of sipPackets(trace)) {
      const s = p.sip
      if (s.kind !== 'request' || s.cseq === undefined) continue
      const outside = `${senderKey(p)}|${s.callId}|${s.fromTag}|`
      const key = `${outside}${s.toTag}`
      let dir = directions.get(key)
      if (dir === undefined) {
        const before = s.toTag === '' ? undefined : directions.get(outside)
        dir = { max: before?.max ?? -1, invites: new Set(before?.invites ?? []), branches: new Map() }
        directions.set(key, dir)
      }
      const what = `${p.sender} ${s.method} (CSeq ${s.cseq} ${s.cseqMethod}, call-id ${s.callId}, packet ${p.packet})`
      if (s.cseqMethod !== s.method) {
        report(p.at, `${what}: the CSeq method differs from the request method`)
        continue
      }
      if (s.method === 'ACK') {
        if (!dir.invites.has(s.cseq)) report(p.at, `${what}: no INVITE with CSeq ${s.cseq} was sent in this direction`)
        continue
      }
      const earlier = dir.branches.get(s.branch)
      if (s.method === 'CANCEL') {
        if (earlier === undefined || earlier.cseq !== s.cseq) report(p.at, `${what}: CANCEL must carry the CSeq number of the request it cancels (same branch)`)
        continue
      }
      if (earlier !== undefined && s.branch !== '') {
        if (earlier.cseq !== s.cseq || earlier.method !== s.method)
          report(p.at, `${what}: a retransmission (same branch) changed CSeq from ${earlier.cseq} ${earlier.method}`)
        continue
      }
      if (s.cseq <= dir.max) report(p.at, `${what}: not above ${dir.max}, already used in this direction`)
      dir.max = Math.max(dir.max, s.cseq)
      dir.branches.set(s.branch, { cseq: s.cseq, method: s.method })
      if (s.method === 'INVITE') dir.invites.add(s.cseq)
    }
    return out
  },
}
