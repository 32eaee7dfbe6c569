/**
 * Issue 3 call flows on the simulator: each scenario with no faults, and under 30 %
 * loss + 10 % duplication over many seeds. Every run must pass, leave every UA
 * quiescent, keep CSeq monotonic per dialog and direction, and ACK every 2xx it got.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseMessage, type SipMessage } from '../../core/message/index.ts'
import { isQuiescent, type UserAgent } from '../../core/ua/index.ts'
import { noFaults, type FaultPlan } from '../fault-plan.ts'
import { ladderText } from '../ladder-text.ts'
import { describeOutcome } from '../outcome.ts'
import { payloadBytes } from '../payload.ts'
import { runScenario } from '../run.ts'
import type { Scenario } from '../scenario.ts'
import type { TraceStep } from '../trace-step.ts'
import { uaFactory } from '../ua-node.ts'
import { basicCall } from './basic-call.ts'
import { cancel, cancelBeforeProvisional } from './cancel.ts'
import { delayedOffer } from './delayed-offer.ts'
import { digestAuth, digestAuthWrongPassword } from './digest-auth.ts'
import { glare } from './glare.ts'
import { hangupBeforeAck } from './hangup-before-ack.ts'
import { holdResume } from './hold-resume.ts'
import { rejectBusy } from './reject-busy.ts'

const SEEDS = Array.from({ length: 60 }, (_, i) => i + 1)

const lossy = (seed: number, p: number): FaultPlan => ({
  ...noFaults(seed),
  links: { latency: 20, jitter: 10, loss: { type: 'random', p }, duplicate: 0.1, reorder: 0, reorderGap: 0 },
})

const run = (scenario: Scenario, faults: FaultPlan) => {
  const result = runScenario(scenario, faults, uaFactory)
  const leaks = result.world.nodes.filter((n) => !isQuiescent(n.state as UserAgent)).map((n) => n.name)
  return { result, leaks, steps: result.trace.steps, ladder: () => ladderText(result.trace) }
}

// ---------------------------------------------------------------------------
// Trace reading, local to these tests

interface Packet {
  readonly at: number
  readonly packet: number
  readonly from: string
  readonly to: string | undefined
  readonly msg: SipMessage
}

const header = (m: SipMessage, key: string): string | undefined => m.headers.find((h) => h.key === key)?.value
const tagOf = (v: string | undefined): string => /;\s*tag=([^;>\s]+)/i.exec(v ?? '')?.[1] ?? ''
const cseqOf = (m: SipMessage): { readonly seq: number; readonly method: string } => {
  const [n, method] = (header(m, 'cseq') ?? '').trim().split(/\s+/)
  return { seq: Number(n), method: method ?? '' }
}
const branchOf = (m: SipMessage): string => /branch=([^;\s,]+)/i.exec(header(m, 'via') ?? '')?.[1] ?? ''

/** Every packet sent, parsed (each once, whatever happened to it on the link). */
const sent = (steps: ReadonlyArray<TraceStep>): ReadonlyArray<Packet> =>
  steps.flatMap((s) => {
    if (s.type !== 'send') return []
    const m = parseMessage(payloadBytes(s.payload))
    return E.isRight(m) ? [{ at: s.at, packet: s.packet, from: s.from, to: s.to, msg: m.right }] : []
  })

/** Every copy delivered, parsed, at its delivery time. */
const delivered = (steps: ReadonlyArray<TraceStep>): ReadonlyArray<Packet> => {
  const byNumber = new Map(sent(steps).map((p) => [p.packet, p]))
  return steps.flatMap((s) => {
    if (s.type !== 'deliver') return []
    const p = byNumber.get(s.packet)
    return p === undefined ? [] : [{ ...p, at: s.at }]
  })
}

/**
 * RFC 3261 §12.2.1.1 / §8.1.1.5: per dialog and direction (Call-ID, From tag, To tag),
 * each new request (a new branch; ACK and CANCEL aside) has a CSeq above the previous one.
 */
const cseqViolations = (steps: ReadonlyArray<TraceStep>): ReadonlyArray<string> => {
  const last = new Map<string, { seq: number; branch: string }>()
  const problems: string[] = []
  for (const p of sent(steps)) {
    const m = p.msg
    if (m.type !== 'request' || m.method === 'ACK' || m.method === 'CANCEL') continue
    const key = `${header(m, 'call-id')}|${tagOf(header(m, 'from'))}|${tagOf(header(m, 'to'))}`
    const { seq } = cseqOf(m)
    const branch = branchOf(m)
    const prev = last.get(key)
    if (prev !== undefined && prev.branch === branch) {
      if (prev.seq !== seq) problems.push(`packet ${p.packet}: retransmission with another CSeq (${prev.seq} -> ${seq})`)
      continue
    }
    if (prev !== undefined && seq <= prev.seq) problems.push(`packet ${p.packet} (${m.method} at ${p.at}): CSeq ${seq} after ${prev.seq} in ${key}`)
    last.set(key, { seq, branch })
  }
  return problems
}

/**
 * §13.2.2.4: the UAC ACKs every 2xx of an INVITE it receives, retransmissions included,
 * with the CSeq number of that INVITE. Counts, per node, Call-ID and CSeq number, the
 * 2xx copies delivered and the ACKs sent in the same instant.
 */
const unackedTwoHundreds = (steps: ReadonlyArray<TraceStep>): ReadonlyArray<string> => {
  const problems: string[] = []
  const acks = sent(steps).filter((p) => p.msg.type === 'request' && p.msg.method === 'ACK')
  const oks = delivered(steps).filter((p) => p.msg.type === 'response' && p.msg.status >= 200 && p.msg.status < 300 && cseqOf(p.msg).method === 'INVITE')
  const groups = new Map<string, { oks: number; acks: number }>()
  const key = (node: string | undefined, m: SipMessage, at: number) => `${node}|${header(m, 'call-id')}|${cseqOf(m).seq}|${at}`
  for (const p of oks) {
    const k = key(p.to, p.msg, p.at)
    const g = groups.get(k) ?? { oks: 0, acks: 0 }
    groups.set(k, { ...g, oks: g.oks + 1 })
  }
  for (const p of acks) {
    const k = key(p.from, p.msg, p.at)
    const g = groups.get(k)
    if (g !== undefined) groups.set(k, { ...g, acks: g.acks + 1 })
  }
  for (const [k, g] of groups) if (g.acks < g.oks) problems.push(`${k}: ${g.oks} 2xx delivered, ${g.acks} ACK sent`)
  return problems
}

const events = (steps: ReadonlyArray<TraceStep>, node: string) =>
  steps.flatMap((s) => (s.type === 'event' && s.node === node ? [s.event] : []))

const all = [basicCall, holdResume, cancel, cancelBeforeProvisional, rejectBusy, hangupBeforeAck, delayedOffer, glare, digestAuth, digestAuthWrongPassword]

const isReq = (m: SipMessage, method: string): boolean => m.type === 'request' && m.method === method
const isRes = (m: SipMessage, status: number): boolean => m.type === 'response' && m.status === status
const firstAt = (ps: ReadonlyArray<Packet>, f: (p: Packet) => boolean): number => ps.find(f)?.at ?? NaN

/** What each flow must show on the wire and in its outputs, beyond the expected events. */
const flowChecks: Readonly<Record<string, (steps: ReadonlyArray<TraceStep>, clean: boolean) => void>> = {
  'basic-call': (steps) => {
    // The party that hangs up sends BYE; the other answers 200 (§15.1).
    const out = sent(steps)
    expect(new Set(out.filter((p) => isReq(p.msg, 'BYE')).map((p) => p.from))).toEqual(new Set(['alice']))
    expect(out.some((p) => p.from === 'bob' && isRes(p.msg, 200) && cseqOf(p.msg).method === 'BYE')).toBe(true)
  },
  cancel: (steps) => {
    const out = sent(steps)
    expect(out.some((p) => p.from === 'alice' && isReq(p.msg, 'CANCEL'))).toBe(true)
    expect(out.some((p) => p.from === 'bob' && isRes(p.msg, 487))).toBe(true)
  },
  'cancel-before-provisional': (steps) => {
    // §9.1: no CANCEL before the first provisional reached alice.
    const firstCancel = firstAt(sent(steps), (p) => p.from === 'alice' && isReq(p.msg, 'CANCEL'))
    const first1xx = firstAt(delivered(steps), (p) => p.to === 'alice' && p.msg.type === 'response' && p.msg.status < 200)
    expect(firstCancel).toBe(first1xx)
  },
  'reject-busy': (steps) => {
    expect(sent(steps).some((p) => p.from === 'bob' && isRes(p.msg, 486))).toBe(true)
  },
  'hangup-before-ack': (steps) => {
    // §15: bob's BYE only once an ACK reached him (or 64·T1 passed, impossible here).
    const bye = firstAt(sent(steps), (p) => p.from === 'bob' && isReq(p.msg, 'BYE'))
    const ack = firstAt(delivered(steps), (p) => p.to === 'bob' && isReq(p.msg, 'ACK'))
    expect(bye).toBe(ack)
    expect(new Set(sent(steps).filter((p) => isReq(p.msg, 'BYE')).map((p) => p.from))).toEqual(new Set(['bob']))
    expect(sent(steps).some((p) => p.from === 'alice' && isRes(p.msg, 200) && cseqOf(p.msg).method === 'BYE')).toBe(true)
  },
  'delayed-offer': (steps) => {
    const out = sent(steps)
    const invite = out.find((p) => p.from === 'alice' && isReq(p.msg, 'INVITE'))
    const ok = out.find((p) => p.from === 'bob' && isRes(p.msg, 200) && cseqOf(p.msg).method === 'INVITE')
    const ack = out.find((p) => p.from === 'alice' && isReq(p.msg, 'ACK'))
    expect(invite?.msg.body.length).toBe(0)
    expect(new TextDecoder().decode(ok?.msg.body)).toContain('m=audio 30000 ')
    expect(new TextDecoder().decode(ack?.msg.body)).toContain('m=audio 20000 ')
    const opened = (node: string) => steps.flatMap((s) => (s.type === 'media' && s.node === node && s.media.type === 'open' ? [s.media] : []))
    expect(opened('alice').map((m) => [m.local, m.remote, m.codec.name, m.direction])).toEqual([
      [{ address: '192.0.2.1', port: 20_000 }, { address: '192.0.2.2', port: 30_000 }, 'PCMU', 'sendrecv'],
    ])
    expect(opened('bob').map((m) => [m.local, m.remote, m.codec.name, m.direction])).toEqual([
      [{ address: '192.0.2.2', port: 30_000 }, { address: '192.0.2.1', port: 20_000 }, 'PCMU', 'sendrecv'],
    ])
  },
  glare: (steps, clean) => {
    for (const node of ['alice', 'bob']) {
      expect(events(steps, node)).toContainEqual({ type: 'held', call: 'c1', by: 'local' })
      expect(events(steps, node)).toContainEqual({ type: 'held', call: 'c1', by: 'remote' })
    }
    // Consistent: each side's stream mirrors the other's. At the end both resumed: sendrecv.
    const mirror: Readonly<Record<string, string>> = { sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive', sendrecv: 'sendrecv' }
    const lastDirection = (node: string, before: number) =>
      steps.filter((s) => s.type === 'media' && s.node === node && s.at < before).flatMap((s) => (s.type === 'media' && s.media.type !== 'close' ? [s.media.direction] : [])).pop()
    expect([lastDirection('alice', Infinity), lastDirection('bob', Infinity)]).toEqual(['sendrecv', 'sendrecv'])
    if (!clean) return
    // With no faults, both holds are done before either resumes: both streams inactive.
    const firstResume = steps.find((s) => s.type === 'command' && s.command.type === 'resume')?.at ?? NaN
    expect(lastDirection('alice', firstResume)).toBe('inactive')
    expect(mirror[lastDirection('bob', firstResume) ?? '']).toBe(lastDirection('alice', firstResume))
    // With no faults the holds cross: 491 both ways, then §14.1 back-offs (owner alice 2.1–4 s, bob 0–2 s).
    expect(new Set(sent(steps).filter((p) => isRes(p.msg, 491)).map((p) => p.from))).toEqual(new Set(['alice', 'bob']))
    for (const [node, lo, hi] of [['alice', 2100, 4000], ['bob', 0, 2000]] as const) {
      const got491 = firstAt(delivered(steps), (p) => p.to === node && isRes(p.msg, 491))
      const retry = steps.find((s) => s.type === 'timer' && s.node === node && s.key.endsWith('/glare'))?.at ?? NaN
      expect(retry - got491).toBeGreaterThanOrEqual(lo)
      expect(retry - got491).toBeLessThanOrEqual(hi)
    }
  },
  'digest-auth': (steps) => {
    const out = sent(steps)
    expect(out.some((p) => p.from === 'bob' && isRes(p.msg, 401) && /SHA-256/.test(p.msg.headers.filter((h) => h.key === 'www-authenticate').map((h) => h.value).join()))).toBe(true)
    const authorized = out.filter((p) => p.from === 'alice' && isReq(p.msg, 'INVITE') && header(p.msg, 'authorization') !== undefined)
    expect(authorized.length).toBeGreaterThan(0)
    expect(authorized.every((p) => cseqOf(p.msg).seq === 2 && /algorithm=SHA-256/i.test(header(p.msg, 'authorization') ?? ''))).toBe(true)
  },
  'digest-auth-wrong-password': (steps) => {
    // One challenge answered, then no third try (§22.2: the same credentials would fail again).
    const invites = new Set(sent(steps).filter((p) => p.from === 'alice' && isReq(p.msg, 'INVITE')).map((p) => cseqOf(p.msg).seq))
    expect([...invites]).toEqual([1, 2])
    expect(events(steps, 'bob').filter((e) => e.type === 'incoming')).toEqual([])
  },
}

describe.each(all)('$name on the simulator', (scenario) => {
  const check = (faults: FaultPlan) => {
    const { result, leaks, steps, ladder } = run(scenario, faults)
    const why = () => `${describeOutcome(result.trace.outcome)}\n${ladder()}`
    expect(result.trace.outcome.type, why()).toBe('pass')
    expect(leaks, why()).toEqual([])
    expect(cseqViolations(steps), why()).toEqual([])
    expect(unackedTwoHundreds(steps), why()).toEqual([])
    return { steps, why }
  }
  it('passes with no faults and leaves nothing open', () => {
    const { steps } = check(noFaults(1))
    flowChecks[scenario.name]?.(steps, true)
  })
  it.each(SEEDS)('passes with 30 percent loss and 10 percent duplication, seed %i', (seed) => {
    const { steps } = check(lossy(seed, 0.3))
    flowChecks[scenario.name]?.(steps, false)
  })
})

describe('the 2xx/ACK check is not vacuous', () => {
  it('under loss, 2xx are retransmitted or duplicated, and every copy that arrives is ACKed', () => {
    let repeated = 0
    for (const seed of SEEDS.slice(0, 20)) {
      const { steps } = run(basicCall, lossy(seed, 0.3))
      const copies = delivered(steps).filter((p) => p.to === 'alice' && isRes(p.msg, 200) && cseqOf(p.msg).method === 'INVITE').length
      const acks = sent(steps).filter((p) => p.from === 'alice' && isReq(p.msg, 'ACK')).length
      expect(acks).toBe(copies)
      if (copies > 1) repeated++
    }
    expect(repeated).toBeGreaterThan(3)
  })
  it('the checks catch what they are for', () => {
    const fake = (at: number, packet: number, from: string, to: string, text: string): ReadonlyArray<TraceStep> => [
      { type: 'send', at, packet, from, to, transport: 'udp', source: { address: '192.0.2.1', port: 5060 }, destination: { address: '192.0.2.2', port: 5060 }, payload: { text }, fate: 'delivered', deliverAt: [at + 10] },
      { type: 'deliver', at: at + 10, packet, copy: 0, to },
    ]
    const req = (method: string, seq: number, branch: string) =>
      `${method} sip:bob@192.0.2.2 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=${branch}\r\nMax-Forwards: 70\r\nTo: <sip:bob@192.0.2.2>;tag=b\r\nFrom: <sip:alice@192.0.2.1>;tag=a\r\nCall-ID: x\r\nCSeq: ${seq} ${method}\r\nContent-Length: 0\r\n\r\n`
    const ok = `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nTo: <sip:bob@192.0.2.2>;tag=b\r\nFrom: <sip:alice@192.0.2.1>;tag=a\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContact: <sip:bob@192.0.2.2>\r\nContent-Length: 0\r\n\r\n`
    expect(cseqViolations([...fake(0, 1, 'alice', 'bob', req('INVITE', 2, 'z9hG4bK1')), ...fake(5, 2, 'alice', 'bob', req('BYE', 2, 'z9hG4bK2'))])).toHaveLength(1)
    expect(cseqViolations([...fake(0, 1, 'alice', 'bob', req('INVITE', 2, 'z9hG4bK1')), ...fake(5, 2, 'alice', 'bob', req('BYE', 3, 'z9hG4bK2'))])).toEqual([])
    expect(unackedTwoHundreds(fake(0, 1, 'bob', 'alice', ok))).toHaveLength(1)
  })
})
