/**
 * Response retransmissions (RFC 3261 §17.2, §13.3.1.4, RFC 6026): a non-2xx final to
 * INVITE on Timer G (T1 doubling up to T2, unreliable only) until the ACK arrives and
 * at most 64·T1 (Timer H: T-IS-4, T-IS-5); a 2xx to INVITE by the UAS core, T1 doubling
 * up to T2 on every transport, until the ACK and at most 64·T1 (T-UA-1, T-UA-2); a
 * non-INVITE final only in answer to a retransmitted request (T-NS-3). Any re-send
 * answering a request retransmission that just arrived is allowed (T-IS-2, T-IS-4).
 */
import { arrivalsOf, groupBy, type Arrivals } from './arrivals.ts'
import { isReliable, senderKey, sipPackets, type OracleRule, type SipPacket } from './oracle-rule.ts'
import type { Violation } from './violation.ts'
import type { WireTrace } from './wire-trace.ts'

type Kind = 'invite-error' | 'invite-2xx' | 'non-invite'

const kindOf = (p: SipPacket): Kind | undefined => {
  const { status, method } = p.sip
  if (status === undefined || status < 200 || method === 'ACK' || p.sip.branch === '') return undefined
  if (method !== 'INVITE') return 'non-invite'
  return status < 300 ? 'invite-2xx' : 'invite-error'
}

const checkGroup = (trace: WireTrace, rule: string, kind: Kind, sends: ReadonlyArray<SipPacket>, arrivals: Arrivals): ReadonlyArray<Violation> => {
  const first = sends[0]
  if (first === undefined || sends.length < 2) return []
  const s = first.sip
  const { t1, t2 } = trace.timersOf(first.sender)
  const me = senderKey(first)
  const requests = arrivals.requests(me, s.branch, s.cseqMethod)
  const triggered = (at: number): boolean => requests.some((r) => r <= at && r >= at - trace.triggerWindow)
  const ackAt =
    kind === 'invite-2xx'
      ? arrivals.first2xxAck(me, s.callId, s.cseq, s.toTag)
      : kind === 'invite-error'
        ? (arrivals.requests(me, s.branch, 'ACK')[0] ?? undefined)
        : undefined
  const timer = kind === 'invite-2xx' ? 'the 2xx retransmission timer' : kind === 'invite-error' ? 'Timer G' : undefined
  const byTimer = timer !== undefined && (kind === 'invite-2xx' || !isReliable(first))
  const what = `${first.sender} ${s.status} to ${s.cseq ?? '?'} ${s.cseqMethod} (branch ${s.branch})`
  const out: Violation[] = []
  let last = first.at
  let interval = t1
  for (const p of sends.slice(1)) {
    const at = p.at
    const expected = Math.min(interval, t2)
    const due = last + expected
    if (byTimer && Math.abs(at - due) <= trace.slack(expected)) {
      if (trace.deliveryKnown && ackAt !== undefined && at > ackAt) out.push({ rule, at, message: `${what}: retransmitted at ${at} ms after the ACK arrived at ${ackAt} ms` })
      else if (at - first.at > 64 * t1 + trace.slack(64 * t1))
        out.push({ rule, at, message: `${what}: retransmitted at ${at} ms, more than 64·T1 = ${64 * t1} ms after the first send at ${first.at} ms` })
      last = at
      interval *= 2
      continue
    }
    if (triggered(at)) continue
    out.push({
      rule,
      at,
      message:
        `${what}: re-sent at ${at} ms, answering no retransmitted request` +
        (timer === undefined ? ' (a non-INVITE server transaction has no retransmission timer)' : byTimer ? ` and not when ${timer} fires (due at ${due} ms)` : ` (${timer} is for unreliable transports only)`),
    })
  }
  return out
}

const responseRule = (id: string, description: string, kind: Kind): OracleRule => {
  const rule: OracleRule = {
    id,
    description,
    check: (trace) => {
      const arrivals = arrivalsOf(trace)
      const groups = groupBy(sipPackets(trace), (p) =>
        kindOf(p) === kind ? `${senderKey(p)}|${p.sip.callId}|${p.sip.branch}|${p.sip.cseqMethod}|${p.sip.status}|${p.sip.toTag}` : undefined,
      )
      return groups.flatMap((g) => checkGroup(trace, rule.id, kind, g, arrivals))
    },
  }
  return rule
}

export const inviteErrorRetransmission = responseRule(
  'T-IS-4',
  'a 3xx-6xx to INVITE is retransmitted on Timer G (T1 doubling to T2, unreliable only) until the ACK, within 64·T1 (T-IS-4, T-IS-5)',
  'invite-error',
)

export const invite2xxRetransmission = responseRule(
  'T-UA-1',
  'a 2xx to INVITE is retransmitted by the UAS core from T1 doubling to T2 until the ACK, within 64·T1 (T-UA-1)',
  'invite-2xx',
)

export const nonInviteResponseRetransmission = responseRule(
  'T-NS-3',
  'a non-INVITE final response is re-sent only when the request is retransmitted (T-NS-3)',
  'non-invite',
)
