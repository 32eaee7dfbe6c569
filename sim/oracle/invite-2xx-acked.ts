/**
 * Every 2xx to an INVITE that reaches the UAC that sent the INVITE is ACKed by it
 * (RFC 3261 §13.2.2.4; RFC 6026: T-IC-5, the TU ACKs each 2xx). Loss is allowed for:
 * only delivered 2xx count, and the ACK only has to be sent, not to arrive. A 2xx
 * reaching a later life of the UAC (it crashed meanwhile) matches nothing (T-IC-9).
 */
import { sipPackets, type OracleRule, type SipPacket } from './oracle-rule.ts'
import type { Violation } from './violation.ts'

export const invite2xxAcked: OracleRule = {
  id: 'R3261-13.2.2.4',
  description: 'the UAC ACKs every 2xx to its INVITE that reaches it (T-IC-5)',
  check: (trace) => {
    if (!trace.deliveryKnown) return []
    const packets = sipPackets(trace)
    // INVITEs by who sent them: endpoint#life|call-id|cseq|branch.
    const invites = new Set<string>()
    const firstSent = new Map<string, number>()
    // ACKs: endpoint#life|call-id|cseq|to-tag -> send times.
    const acks = new Map<string, number[]>()
    for (const p of packets) {
      const s = p.sip
      if (s.kind !== 'request') continue
      if (s.method === 'INVITE') {
        const k = `${p.sender}#${p.life}|${s.callId}|${s.cseq}|${s.branch}`
        invites.add(k)
        if (!firstSent.has(k)) firstSent.set(k, p.at)
      }
      else if (s.method === 'ACK') {
        const k = `${p.sender}#${p.life}|${s.callId}|${s.cseq}|${s.toTag}`
        acks.set(k, [...(acks.get(k) ?? []), p.at])
      }
    }
    const reported = new Set<string>()
    const out: Violation[] = []
    const check2xx = (p: SipPacket): void => {
      const s = p.sip
      for (const d of p.deliveries) {
        const invite = `${p.receiver}#${d.life}|${s.callId}|${s.cseq}|${s.branch}`
        if (!invites.has(invite)) continue
        // After Timer B (64*T1 from the first send) the client transaction is gone and a late 2xx
        // matches nothing: it is dropped (T-IC-9), not ACKed.
        if (d.at >= (firstSent.get(invite) ?? Infinity) + 64 * trace.timersOf(p.receiver).t1) continue
        const k = `${p.receiver}#${d.life}|${s.callId}|${s.cseq}|${s.toTag}`
        if (reported.has(k) || (acks.get(k) ?? []).some((at) => at >= d.at)) continue
        reported.add(k)
        out.push({
          rule: invite2xxAcked.id,
          at: d.at,
          message: `${p.receiver} received ${s.status} to ${s.cseq ?? '?'} INVITE (call-id ${s.callId}, to-tag ${s.toTag || 'none'}, packet ${p.packet}) and never ACKed it`,
        })
      }
    }
    for (const p of packets) if (p.sip.kind === 'response' && p.sip.method === 'INVITE' && p.sip.status !== undefined && p.sip.status >= 200 && p.sip.status < 300) check2xx(p)
    return out
  },
}
