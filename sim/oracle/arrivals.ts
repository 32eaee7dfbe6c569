/**
 * When things reached an endpoint (in one of its lives): requests by branch and
 * method, responses by branch and CSeq method, ACKs of 2xx by dialog. The timer
 * rules ask these to tell a timer-driven retransmission from a triggered one.
 */
import { sipPackets, type SipPacket } from './oracle-rule.ts'
import type { WireTrace } from './wire-trace.ts'

export interface Arrivals {
  /** Times a request with this branch and method reached `endpoint#life`, ascending. */
  readonly requests: (endpointLife: string, branch: string, method: string) => ReadonlyArray<number>
  /** First arrival of a response to (branch, method) with status in [lo, hi]. */
  readonly firstResponse: (endpointLife: string, branch: string, method: string, lo: number, hi: number) => number | undefined
  /** First arrival of an ACK for a 2xx: by Call-ID, CSeq number and To tag. */
  readonly first2xxAck: (endpointLife: string, callId: string, cseq: number | undefined, toTag: string) => number | undefined
}

const push = <K, V>(m: Map<K, V[]>, k: K, v: V): void => {
  const list = m.get(k)
  if (list === undefined) m.set(k, [v])
  else list.push(v)
}

export const arrivalsOf = (trace: WireTrace): Arrivals => {
  const requests = new Map<string, number[]>()
  const responses = new Map<string, Array<{ readonly at: number; readonly status: number }>>()
  const acks = new Map<string, number[]>()
  const each = (p: SipPacket, f: (endpointLife: string, at: number) => void): void => {
    for (const d of p.deliveries) f(`${p.receiver}#${d.life}`, d.at)
  }
  for (const p of sipPackets(trace)) {
    const s = p.sip
    if (s.kind === 'request') {
      each(p, (e, at) => push(requests, `${e}|${s.branch}|${s.method}`, at))
      if (s.method === 'ACK') each(p, (e, at) => push(acks, `${e}|${s.callId}|${s.cseq}|${s.toTag}`, at))
    } else if (s.status !== undefined) {
      const status = s.status
      each(p, (e, at) => push(responses, `${e}|${s.branch}|${s.cseqMethod}`, { at, status }))
    }
  }
  const min = (xs: ReadonlyArray<number>): number | undefined => (xs.length === 0 ? undefined : Math.min(...xs))
  for (const list of requests.values()) list.sort((a, b) => a - b)
  return {
    requests: (e, branch, method) => requests.get(`${e}|${branch}|${method}`) ?? [],
    firstResponse: (e, branch, method, lo, hi) =>
      min((responses.get(`${e}|${branch}|${method}`) ?? []).filter((r) => r.status >= lo && r.status <= hi).map((r) => r.at)),
    first2xxAck: (e, callId, cseq, toTag) => min(acks.get(`${e}|${callId}|${cseq}|${toTag}`) ?? []),
  }
}

/** Groups packets (in send order) by a key; packets with an undefined key are left out. */
export const groupBy = (packets: ReadonlyArray<SipPacket>, key: (p: SipPacket) => string | undefined): ReadonlyArray<ReadonlyArray<SipPacket>> => {
  const groups = new Map<string, SipPacket[]>()
  for (const p of packets) {
    const k = key(p)
    if (k !== undefined) push(groups, k, p)
  }
  return [...groups.values()]
}
