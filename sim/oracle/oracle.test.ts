import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { uaFactory } from '../ua-node.ts'
import { noFaults, type FaultPlan } from '../fault-plan.ts'
import { tracePcap } from '../pcap-export.ts'
import { readPcap } from '../pcap-import.ts'
import { runScenario } from '../run.ts'
import { basicCall } from '../scenarios/basic-call.ts'
import { holdResume } from '../scenarios/hold-resume.ts'
import { swarmFaults } from '../swarm-faults.ts'
import { sealTrace, TRACE_FORMAT, TRACE_VERSION, type Trace } from '../trace.ts'
import type { TraceStep } from '../trace-step.ts'
import { uaQuiescence } from '../ua-quiescence.ts'
import { checkPackets, checkTrace, rfcRules, showViolation, wireTraceOf } from './index.ts'
import type { Outcome } from '../outcome.ts'

// ---------------------------------------------------------------------------
// Hand-made traces: alice (192.0.2.1) and bob (192.0.2.2), dialog c1 with tags a and b.

const addr = { alice: { address: '192.0.2.1', port: 5060 }, bob: { address: '192.0.2.2', port: 5060 } } as const
type Node = keyof typeof addr

interface Ids {
  readonly cseq: number
  readonly method: string
  readonly branch: string
  readonly toTag?: string
  readonly callId?: string
}

const headers = (from: Node, ids: Ids): string =>
  [
    `Via: SIP/2.0/UDP ${from === 'alice' ? '192.0.2.1' : '192.0.2.2'}:5060;branch=${ids.branch}`,
    `From: <sip:${from}@x>;tag=${from === 'alice' ? 'a' : 'b'}`,
    `To: <sip:${from === 'alice' ? 'bob' : 'alice'}@x>${ids.toTag === undefined ? '' : `;tag=${ids.toTag}`}`,
    `Call-ID: ${ids.callId ?? 'c1'}`,
    `CSeq: ${ids.cseq} ${ids.method}`,
    'Content-Length: 0',
  ].join('\r\n')

/** A request from `from`; its ids are as the sender writes them. */
const req = (from: Node, ids: Ids): string => `${ids.method} sip:${from === 'alice' ? 'bob' : 'alice'}@x SIP/2.0\r\n${headers(from, ids)}\r\n\r\n`

/** A response by `from` to a request of the other node (Via, From, To copied from the request). */
const res = (from: Node, status: number, ids: Ids): string => {
  const peer: Node = from === 'alice' ? 'bob' : 'alice'
  const h = headers(peer, { ...ids, toTag: ids.toTag ?? (from === 'alice' ? 'a' : 'b') })
  return `SIP/2.0 ${status} Whatever\r\n${h}\r\n\r\n`
}

interface Pkt {
  readonly at: number
  readonly from: Node
  readonly text: string
  /** Delivery delay; undefined means lost. */
  readonly delay?: number | undefined
}
const send = (at: number, from: Node, text: string, delay: number | 'lost' = 10): Pkt => ({ at, from, text, delay: delay === 'lost' ? undefined : delay })

const handTrace = (packets: ReadonlyArray<Pkt>, outcome: Outcome = { type: 'pass', at: 0 }): Trace => {
  const steps: Array<TraceStep> = []
  packets.forEach((p, i) => {
    const to: Node = p.from === 'alice' ? 'bob' : 'alice'
    steps.push({
      type: 'send',
      at: p.at,
      packet: i + 1,
      from: p.from,
      to,
      transport: 'udp',
      source: addr[p.from],
      destination: addr[to],
      payload: { text: p.text },
      fate: p.delay === undefined ? 'dropped' : 'delivered',
      deliverAt: p.delay === undefined ? [] : [p.at + p.delay],
    })
    if (p.delay !== undefined) steps.push({ type: 'deliver', at: p.at + p.delay, packet: i + 1, copy: 0, to })
  })
  const scenario = { ...basicCall, name: 'hand-made' }
  const faults: FaultPlan = noFaults(0)
  return sealTrace({ format: TRACE_FORMAT, version: TRACE_VERSION, seed: 0, scenario, faults, invariants: [], steps, outcome })
}

const rulesFired = (packets: ReadonlyArray<Pkt>): ReadonlyArray<string> => [...new Set(checkTrace(handTrace(packets)).map((v) => v.rule))]

const invite = (branch = 'z9hG4bKi1', cseq = 1): Ids => ({ cseq, method: 'INVITE', branch })
const bye = (branch = 'z9hG4bKb1', cseq = 2): Ids => ({ cseq, method: 'BYE', branch, toTag: 'b' })
const ack = (cseq = 1, branch = 'z9hG4bKa1'): Ids => ({ cseq, method: 'ACK', branch, toTag: 'b' })

/** A clean call: INVITE, 180, 200, ACK, BYE, 200. */
const cleanCall: ReadonlyArray<Pkt> = [
  send(0, 'alice', req('alice', invite())),
  send(10, 'bob', res('bob', 180, invite())),
  send(100, 'bob', res('bob', 200, invite())),
  send(110, 'alice', req('alice', ack())),
  send(1000, 'alice', req('alice', bye())),
  send(1010, 'bob', res('bob', 200, bye())),
]

describe('the RFC oracle on hand-made traces', () => {
  it('is silent on a clean call', () => {
    expect(checkTrace(handTrace(cleanCall))).toEqual([])
  })

  it('R3261-17.2-ONE-FINAL: a second, different final response from one server transaction', () => {
    const twice = [...cleanCall.slice(0, 3), send(105, 'bob', res('bob', 486, invite())), ...cleanCall.slice(3)]
    expect(rulesFired(twice)).toContain('R3261-17.2-ONE-FINAL')
    const v = checkTrace(handTrace(twice)).find((x) => x.rule === 'R3261-17.2-ONE-FINAL')
    expect(v).toMatchObject({ at: 105 })
    expect(showViolation(v!)).toMatch(/^R3261-17\.2-ONE-FINAL at 105 ms: bob sent 486 .* after 200/)
    // The same 200 again is a retransmission, not a second final.
    expect(rulesFired([...cleanCall.slice(0, 3), send(600, 'bob', res('bob', 200, invite())), ...cleanCall.slice(3)])).not.toContain('R3261-17.2-ONE-FINAL')
  })

  it('R3261-13.2.2.4: a delivered 2xx to INVITE never ACKed; a lost one is excused', () => {
    const noAck = cleanCall.filter((p) => !p.text.startsWith('ACK'))
    expect(rulesFired(noAck)).toContain('R3261-13.2.2.4')
    const lost = noAck.map((p) => (p.text.startsWith('SIP/2.0 200') && p.text.includes('INVITE') ? { ...p, delay: undefined } : p))
    expect(rulesFired(lost)).not.toContain('R3261-13.2.2.4')
    // An ACK for another dialog (wrong To tag) does not count.
    const wrongTag = [...noAck, send(120, 'alice', req('alice', { ...ack(), toTag: 'zz' }))]
    expect(rulesFired(wrongTag)).toContain('R3261-13.2.2.4')
  })

  it('R3261-12.2.1.1: CSeq must rise per direction; ACK and CANCEL reuse their request number', () => {
    expect(rulesFired(cleanCall.map((p) => (p.text.startsWith('BYE') ? { ...p, text: req('alice', bye('z9hG4bKb1', 1)) } : p)))).toContain('R3261-12.2.1.1')
    expect(rulesFired(cleanCall.map((p) => (p.text.startsWith('ACK') ? { ...p, text: req('alice', ack(7)) } : p)))).toContain('R3261-12.2.1.1')
    const cancel = [cleanCall[0]!, cleanCall[1]!, send(50, 'alice', req('alice', { cseq: 2, method: 'CANCEL', branch: 'z9hG4bKi1' }))]
    expect(rulesFired(cancel)).toContain('R3261-12.2.1.1')
    const goodCancel = [cleanCall[0]!, cleanCall[1]!, send(50, 'alice', req('alice', { cseq: 1, method: 'CANCEL', branch: 'z9hG4bKi1' }))]
    expect(rulesFired(goodCancel)).not.toContain('R3261-12.2.1.1')
    // bob's own requests have their own numbering (another direction).
    const bobBye = [...cleanCall.slice(0, 4), send(1000, 'bob', req('bob', { cseq: 1, method: 'BYE', branch: 'z9hG4bKbb', toTag: 'a' }))]
    expect(rulesFired(bobBye)).not.toContain('R3261-12.2.1.1')
  })

  it('T-IC-2: INVITE retransmissions double from T1, stop at the first 1xx and at 64·T1', () => {
    const at = (times: ReadonlyArray<number>): ReadonlyArray<Pkt> => times.map((t) => send(t, 'alice', req('alice', invite()), 'lost'))
    expect(rulesFired(at([0, 500, 1500, 3500, 7500]))).toEqual([])
    expect(rulesFired(at([0, 500, 1000]))).toEqual(['T-IC-2'])
    expect(rulesFired(at([0, 500, 1500, 3500, 7500, 15500, 31500, 63500]))).toEqual(['T-IC-2'])
    const afterRinging = [send(0, 'alice', req('alice', invite())), send(10, 'bob', res('bob', 180, invite())), send(500, 'alice', req('alice', invite()))]
    expect(rulesFired(afterRinging)).toEqual(['T-IC-2'])
  })

  it('T-NC-1: non-INVITE retransmissions double up to T2, then stay at T2 (also in Proceeding)', () => {
    const at = (times: ReadonlyArray<number>): ReadonlyArray<Pkt> => times.map((t) => send(t, 'alice', req('alice', bye()), 'lost'))
    expect(rulesFired(at([0, 500, 1500, 3500, 7500, 11500, 15500]))).toEqual([])
    expect(rulesFired(at([0, 500, 1500, 3500, 7500, 15500]))).toEqual(['T-NC-1'])
    expect(rulesFired(at([0, 300]))).toEqual(['T-NC-1'])
    const proceeding = [send(0, 'alice', req('alice', bye()), 'lost'), send(10, 'bob', res('bob', 100, bye())), send(500, 'alice', req('alice', bye()), 'lost'), send(4500, 'alice', req('alice', bye()), 'lost')]
    expect(rulesFired(proceeding)).toEqual([])
    const afterFinal = [send(0, 'alice', req('alice', bye())), send(10, 'bob', res('bob', 200, bye())), send(500, 'alice', req('alice', bye()))]
    expect(rulesFired(afterFinal)).toEqual(['T-NC-1'])
  })

  it('T-IS-4: a non-2xx final to INVITE on Timer G until the ACK', () => {
    const busy = (t: number): Pkt => send(t, 'bob', res('bob', 486, invite()), 'lost')
    const inv = send(0, 'alice', req('alice', invite()))
    expect(rulesFired([inv, busy(10), busy(510), busy(1510), busy(3510), busy(7510), busy(11510)])).toEqual([])
    expect(rulesFired([inv, busy(10), busy(300)])).toEqual(['T-IS-4'])
    const nonTwoXxAck: Ids = { cseq: 1, method: 'ACK', branch: 'z9hG4bKi1', toTag: 'b' }
    expect(rulesFired([inv, busy(10), send(400, 'alice', req('alice', nonTwoXxAck)), busy(510)])).toEqual(['T-IS-4'])
    // Answering a retransmitted INVITE at any time is fine.
    const lostBusy = { ...busy(10), delay: undefined }
    expect(rulesFired([inv, lostBusy, send(500, 'alice', req('alice', invite()), 100), busy(600)])).toEqual([])
  })

  it('T-UA-1: the 2xx to INVITE doubles from T1 to T2 until the ACK', () => {
    const ok = (t: number, delay?: number | 'lost'): Pkt => send(t, 'bob', res('bob', 200, invite()), delay)
    const inv = send(0, 'alice', req('alice', invite()))
    const acked = (t: number): Pkt => send(t, 'alice', req('alice', ack()))
    expect(rulesFired([inv, ok(10, 'lost'), ok(510, 'lost'), ok(1510, 'lost'), ok(3510), acked(3520)])).toEqual([])
    expect(rulesFired([inv, ok(10), acked(20), ok(510, 'lost')])).toEqual(['T-UA-1'])
    expect(rulesFired([inv, ok(10, 'lost'), ok(100), acked(110)])).toEqual(['T-UA-1'])
    const timers = [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500, 35500]
    expect(rulesFired([inv, ...timers.map((t) => ok(10 + t, 'lost'))])).toEqual(['T-UA-1'])
  })

  it('T-NS-3: a non-INVITE final is re-sent only for a retransmitted request', () => {
    const base = cleanCall.slice(0, 4)
    const byeAt = (t: number): Pkt => send(t, 'alice', req('alice', bye()))
    const okBye = (t: number, delay?: number | 'lost'): Pkt => send(t, 'bob', res('bob', 200, bye()), delay)
    expect(rulesFired([...base, byeAt(1000), okBye(1010), okBye(1600)])).toEqual(['T-NS-3'])
    expect(rulesFired([...base, byeAt(1000), okBye(1010, 'lost'), byeAt(1500), okBye(1510)])).toEqual([])
  })

  it('R3261-15-DIALOG-ENDED: no new request in a dialog its receiver ended by answering BYE', () => {
    const reinvite = send(2000, 'alice', req('alice', { cseq: 3, method: 'INVITE', branch: 'z9hG4bKr1', toTag: 'b' }))
    expect(rulesFired([...cleanCall, reinvite])).toEqual(['R3261-15-DIALOG-ENDED'])
    // A BYE retransmission (same branch) and a NOTIFY of a refer subscription are allowed.
    const byeAgain = send(1500, 'alice', req('alice', bye()), 'lost')
    const notify = send(2000, 'alice', req('alice', { cseq: 3, method: 'NOTIFY', branch: 'z9hG4bKn1', toTag: 'b' }))
    const lostOk = { ...cleanCall[5]!, delay: undefined }
    expect(rulesFired([...cleanCall.slice(0, 5), lostOk, byeAgain, notify])).toEqual([])
  })

  it('SIM-QUIESCENT: a run that leaked state in a node', () => {
    const leaked = handTrace(cleanCall, { type: 'leaked', at: 5000, check: 'ua-quiescent', message: 'bob: 1 dialog(s)' })
    expect(checkTrace(leaked)).toEqual([{ rule: 'SIM-QUIESCENT', at: 5000, message: 'ua-quiescent: bob: 1 dialog(s)' }])
  })

  it('every rule has a unique id and a description', () => {
    expect(new Set(rfcRules.map((r) => r.id)).size).toBe(rfcRules.length)
    for (const r of rfcRules) expect(r.description.length).toBeGreaterThan(10)
  })
})

// ---------------------------------------------------------------------------
// Real runs: the UA must satisfy every rule, and the oracle must have had work to do.

describe('the RFC oracle on real runs', () => {
  const lossy = (seed: number): FaultPlan => ({
    ...noFaults(seed),
    links: { latency: 20, jitter: 10, loss: { type: 'random', p: 0.3 }, duplicate: 0.1, reorder: 0.1, reorderGap: 30 },
  })
  it.each([basicCall, holdResume])('$name: no violation and nothing left open, clean and under faults', (scenario) => {
    let retransmitted = 0
    const plans = [noFaults(1), ...Array.from({ length: 25 }, (_, i) => lossy(i + 1)), ...Array.from({ length: 25 }, (_, i) => swarmFaults(i + 100, ['alice', 'bob']))]
    for (const plan of plans) {
      const { trace } = runScenario(scenario, plan, uaFactory, { finalChecks: [uaQuiescence] })
      expect(['pass', ...(plan.crashes.length > 0 ? ['expectation-failed'] : [])]).toContain(trace.outcome.type)
      expect(checkTrace(trace).map(showViolation), `seed ${plan.seed}`).toEqual([])
      const wire = wireTraceOf(trace)
      const firsts = new Set<string>()
      for (const p of wire.packets) {
        const key = `${p.sender}|${p.sip?.branch}|${p.sip?.method}|${p.sip?.status}`
        if (firsts.has(key)) retransmitted++
        firsts.add(key)
      }
    }
    expect(retransmitted).toBeGreaterThan(20)
  })

  it('a real run exported to pcap and read back has no violation either', () => {
    const { trace } = runScenario(holdResume, noFaults(3), uaFactory)
    const packets = readPcap(tracePcap(trace))
    expect(E.isRight(packets)).toBe(true)
    if (E.isRight(packets)) {
      expect(packets.right.length).toBeGreaterThan(8)
      expect(checkPackets(packets.right)).toEqual([])
    }
  })
})
