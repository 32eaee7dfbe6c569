/**
 * Request retransmissions follow the client transaction timers (RFC 3261 §17.1):
 * INVITE on Timer A, from T1 doubling without cap, only in Calling (T-IC-1, T-IC-2,
 * T-IC-3); non-INVITE on Timer E, from T1 doubling up to T2, T2 once in Proceeding
 * (T-NC-1, T-NC-2); none on a reliable transport; none once a final response has
 * arrived; none 64·T1 after the first send (Timers B and F: T-IC-6, T-NC-4).
 * ACKs are not retransmitted by timer (they answer 2xx retransmissions) and are skipped.
 */
import { arrivalsOf, groupBy } from './arrivals.ts'
import { isReliable, senderKey, sipPackets, type OracleRule, type SipPacket } from './oracle-rule.ts'
import type { Violation } from './violation.ts'
import type { WireTrace } from './wire-trace.ts'

const checkGroup = (trace: WireTrace, rule: string, sends: ReadonlyArray<SipPacket>, arrivals: ReturnType<typeof arrivalsOf>): ReadonlyArray<Violation> => {
  const first = sends[0]
  if (first === undefined || sends.length < 2) return []
  const s = first.sip
  const invite = s.method === 'INVITE'
  const { t1, t2 } = trace.timersOf(first.sender)
  const me = senderKey(first)
  const known = trace.deliveryKnown
  const provisional = arrivals.firstResponse(me, s.branch, s.method, 100, 199)
  const final = arrivals.firstResponse(me, s.branch, s.method, 200, 699)
  const what = `${first.sender} ${s.method} (CSeq ${s.cseq ?? '?'}, branch ${s.branch})`
  const out: Violation[] = []
  const report = (at: number, message: string): void => void out.push({ rule, at, message: `${what}: ${message}` })
  if (isReliable(first)) report(sends[1]?.at ?? first.at, `retransmitted over a reliable transport (Timer ${invite ? 'A' : 'E'} is for unreliable transports only)`)
  let interval = t1
  for (let i = 1; i < sends.length; i++) {
    const prev = (sends[i - 1] as SipPacket).at
    const at = (sends[i] as SipPacket).at
    if (known && final !== undefined && at > final) {
      report(at, `retransmitted at ${at} ms after a final response arrived at ${final} ms`)
      break
    }
    if (known && invite && provisional !== undefined && at > provisional) {
      report(at, `retransmitted at ${at} ms in Proceeding (a provisional response arrived at ${provisional} ms); Timer A runs only in Calling`)
      break
    }
    if (at - first.at > 64 * t1 + trace.slack(64 * t1)) {
      report(at, `retransmitted at ${at} ms, more than 64·T1 = ${64 * t1} ms after the first send at ${first.at} ms (Timer ${invite ? 'B' : 'F'})`)
      break
    }
    // E keeps running when a 1xx arrives and is reset to T2 when it next fires (T-NC-2);
    // a 1xx in the same ms as the firing may have come before or after it.
    const candidates = invite
      ? [interval]
      : [...(provisional === undefined || provisional >= prev || !known ? [Math.min(interval, t2)] : []), ...(provisional !== undefined && provisional <= prev ? [t2] : [])]
    const d = at - prev
    if (!candidates.some((c) => Math.abs(d - c) <= trace.slack(c)))
      report(at, `retransmission ${i} came ${d} ms after the previous send; Timer ${invite ? 'A' : 'E'} gives ${candidates.join(' or ')} ms (T1 ${t1}, T2 ${t2})`)
    interval *= 2
  }
  return out
}

const requestRule = (id: string, description: string, invite: boolean): OracleRule => {
  const rule: OracleRule = {
    id,
    description,
    check: (trace) => {
      const arrivals = arrivalsOf(trace)
      const groups = groupBy(sipPackets(trace), (p) =>
        p.sip.kind === 'request' && p.sip.method !== 'ACK' && p.sip.branch !== '' && (p.sip.method === 'INVITE') === invite
          ? `${senderKey(p)}|${p.sip.callId}|${p.sip.branch}|${p.sip.method}`
          : undefined,
      )
      return groups.flatMap((g) => checkGroup(trace, rule.id, g, arrivals))
    },
  }
  return rule
}

export const inviteRetransmission = requestRule(
  'T-IC-2',
  'INVITE retransmissions on Timer A: T1, doubling, only in Calling, unreliable transports only, none after 64·T1 (T-IC-1..3, T-IC-6)',
  true,
)

export const nonInviteRetransmission = requestRule(
  'T-NC-1',
  'non-INVITE retransmissions on Timer E: T1 doubling up to T2 (T2 in Proceeding), unreliable only, none after a final or after 64·T1 (T-NC-1..4)',
  false,
)
