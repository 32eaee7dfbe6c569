/**
 * Each fault kind, measured on traces: what the plan says is what the packets see.
 * Traffic comes from the toy test node (sim/testing), bursts of OPTIONS.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cleanLink, noFaults, type FaultPlan, type LinkFaults } from '../sim/fault-plan.ts'
import { runScenario } from '../sim/run.ts'
import { toyFactory } from '../sim/testing/toy-node.ts'
import { toyBurst, toyPing } from '../sim/testing/toy-scenarios.ts'
import type { SendStep, TraceStep } from '../sim/trace-step.ts'
import type { Trace } from '../sim/trace.ts'

const HEAL = 20_000
const burst = toyBurst(10, 10) // 100 OPTIONS from alice to bob over 10 s, plus answers and retransmissions
const plan = (seed: number, links: Partial<LinkFaults>, extra: Partial<FaultPlan> = {}): FaultPlan => ({
  ...noFaults(seed),
  healAt: HEAL,
  links: { ...cleanLink(20), ...links },
  ...extra,
})
const sendsOf = (trace: Trace): ReadonlyArray<SendStep> =>
  trace.steps.filter((s): s is SendStep => s.type === 'send' && s.at < trace.faults.healAt)
const delivers = (trace: Trace): ReadonlyArray<Extract<TraceStep, { type: 'deliver' }>> =>
  trace.steps.filter((s): s is Extract<TraceStep, { type: 'deliver' }> => s.type === 'deliver')
const seeds = Array.from({ length: 12 }, (_, i) => i + 1)

describe('loss', () => {
  it('30 % random loss drops 25–35 % of packets over many runs', () => {
    let sent = 0
    let lost = 0
    for (const seed of seeds) {
      const sends = sendsOf(runScenario(burst, plan(seed, { loss: { type: 'random', p: 0.3 } }), toyFactory).trace)
      sent += sends.length
      lost += sends.filter((s) => s.reason === 'loss').length
    }
    expect(sent).toBeGreaterThan(1500)
    expect(lost / sent).toBeGreaterThanOrEqual(0.25)
    expect(lost / sent).toBeLessThanOrEqual(0.35)
  })

  it('Gilbert–Elliott loss comes in bursts: a loss makes the next one likelier', () => {
    const ge = { type: 'gilbert-elliott' as const, p: 0.05, r: 0.3, lossGood: 0, lossBad: 0.9 }
    let total = 0
    let lost = 0
    let afterLoss = 0
    let lostAfterLoss = 0
    for (const seed of seeds) {
      const onLink = sendsOf(runScenario(burst, plan(seed, { loss: ge }), toyFactory).trace).filter((s) => s.from === 'alice')
      onLink.forEach((s, i) => {
        total++
        if (s.fate === 'dropped') lost++
        if (i > 0 && onLink[i - 1]?.fate === 'dropped') {
          afterLoss++
          if (s.fate === 'dropped') lostAfterLoss++
        }
      })
    }
    // Stationary loss: p/(p+r)·lossBad ≈ 12.9 %; after a loss the chain is likely still bad (≈ 0.7·0.9).
    expect(lost / total).toBeGreaterThan(0.06)
    expect(lost / total).toBeLessThan(0.22)
    expect(lostAfterLoss / afterLoss).toBeGreaterThan(0.45)
  })

  it('a healed network loses nothing', () => {
    const trace = runScenario(burst, plan(3, { loss: { type: 'random', p: 0.5 } }, { healAt: 0 }), toyFactory).trace
    expect(trace.steps.filter((s) => s.type === 'send' && s.fate === 'dropped')).toEqual([])
    expect(trace.outcome.type).toBe('pass')
  })
})

describe('partitions', () => {
  it('a one-way partition drops exactly that direction, exactly in its window', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 0xffffffff }),
        fc.integer({ min: 0, max: 8000 }),
        fc.integer({ min: 1, max: 8000 }),
        fc.boolean(),
        (seed, start, length, aliceToBob) => {
          const [a, b] = aliceToBob ? ['alice', 'bob'] : ['bob', 'alice']
          const faults = plan(seed, {}, { partitions: [{ a: [a], b: [b], oneWay: true, start, end: start + length }] })
          for (const s of sendsOf(runScenario(burst, faults, toyFactory).trace)) {
            const cut = s.from === a && s.at >= start && s.at < start + length
            expect(s.reason === 'partition').toBe(cut)
            expect(s.fate === 'dropped').toBe(cut)
          }
        },
      ),
      { numRuns: 25 },
    )
  })

  it('a two-way partition drops both directions and heals', () => {
    const faults = plan(5, {}, { partitions: [{ a: ['alice'], b: ['bob'], oneWay: false, start: 2000, end: 6000 }] })
    const sends = sendsOf(runScenario(burst, faults, toyFactory).trace)
    const inWindow = sends.filter((s) => s.at >= 2000 && s.at < 6000)
    expect(inWindow.length).toBeGreaterThan(0)
    expect(inWindow.every((s) => s.reason === 'partition')).toBe(true)
    expect(sends.filter((s) => s.at < 2000 || s.at >= 6000).every((s) => s.fate === 'delivered')).toBe(true)
  })
})

describe('duplication and reordering', () => {
  it('duplication delivers copies twice, about as often as asked', () => {
    let sent = 0
    let dup = 0
    for (const seed of seeds) {
      const trace = runScenario(burst, plan(seed, { duplicate: 0.2 }), toyFactory).trace
      const sends = sendsOf(trace)
      sent += sends.length
      dup += sends.filter((s) => s.fate === 'duplicated').length
      const copies = new Map<number, number>()
      for (const d of delivers(trace)) copies.set(d.packet, (copies.get(d.packet) ?? 0) + 1)
      for (const s of sends) expect(copies.get(s.packet)).toBe(s.fate === 'duplicated' ? 2 : 1)
    }
    expect(dup / sent).toBeGreaterThan(0.15)
    expect(dup / sent).toBeLessThan(0.25)
  })

  it('reordering lets later packets overtake earlier ones on a link; without it order is kept', () => {
    const inversions = (trace: Trace): number => {
      const order = delivers(trace).filter((d) => d.to === 'bob').map((d) => d.packet)
      return order.filter((p, i) => i > 0 && p < (order[i - 1] ?? 0)).length
    }
    const reordered = seeds.map((seed) => inversions(runScenario(burst, plan(seed, { reorder: 0.25, reorderGap: 5 }), toyFactory).trace))
    expect(reordered.every((n) => n > 0)).toBe(true)
    const inOrder = seeds.map((seed) => inversions(runScenario(burst, plan(seed, {}), toyFactory).trace))
    expect(inOrder.every((n) => n === 0)).toBe(true)
  })

  it('jitter delays each packet by latency plus at most the jitter', () => {
    for (const seed of seeds.slice(0, 4))
      for (const s of sendsOf(runScenario(burst, plan(seed, { jitter: 30 }), toyFactory).trace)) {
        const delay = (s.deliverAt[0] ?? 0) - s.at
        expect(delay).toBeGreaterThanOrEqual(20)
        expect(delay).toBeLessThanOrEqual(50)
      }
  })

  it('jitter is drawn uniformly: delays spread over every value of [latency, latency + jitter] with the uniform mean and variance', () => {
    // A constant (or narrower) delay would pass the bounds above; it cannot pass this.
    const extra = seeds.flatMap((seed) => sendsOf(runScenario(burst, plan(seed, { jitter: 30 }), toyFactory).trace).map((s) => (s.deliverAt[0] ?? 0) - s.at - 20))
    const mean = extra.reduce((a, b) => a + b, 0) / extra.length
    const variance = extra.reduce((a, b) => a + (b - mean) ** 2, 0) / (extra.length - 1)
    expect(extra.length).toBeGreaterThan(1500)
    // Uniform on the integers 0..30: mean 15, variance (31² − 1)/12 = 80 (standard errors ≈ 0.2 and ≈ 2 here).
    expect(mean).toBeGreaterThan(14)
    expect(mean).toBeLessThan(16)
    expect(variance).toBeGreaterThan(72)
    expect(variance).toBeLessThan(88)
    expect(new Set(extra).size).toBe(31)
    // And no jitter, no spread.
    const fixed = sendsOf(runScenario(burst, plan(1, {}), toyFactory).trace).map((s) => (s.deliverAt[0] ?? 0) - s.at)
    expect(new Set(fixed)).toEqual(new Set([20]))
  })
})

describe('holds and crashes', () => {
  it('a held link delivers nothing during the hold and releases everything at its end', () => {
    const trace = runScenario(burst, plan(2, {}, { holds: [{ from: 'alice', to: 'bob', start: 1000, end: 3500 }] }), toyFactory).trace
    const toBob = delivers(trace).filter((d) => d.to === 'bob')
    expect(toBob.some((d) => d.at > 1000 && d.at < 3500)).toBe(false)
    expect(toBob.filter((d) => d.at === 3500).length).toBeGreaterThan(20)
  })

  it('a crashed node receives nothing until it restarts, from its initial state', () => {
    const trace = runScenario(burst, plan(2, {}, { crashes: [{ node: 'bob', at: 2500, restartAt: 4200 }] }), toyFactory).trace
    const drops = trace.steps.filter((s) => s.type === 'drop')
    expect(drops.length).toBeGreaterThan(0)
    expect(drops.every((d) => d.at >= 2500 && d.at < 4200)).toBe(true)
    expect(delivers(trace).filter((d) => d.to === 'bob').every((d) => d.at < 2500 || d.at >= 4200)).toBe(true)
    expect(trace.outcome.type).toBe('pass')
  })

  it('a crashed sender loses its retransmission timers', () => {
    const trace = runScenario(toyPing, plan(1, {}, { crashes: [{ node: 'alice', at: 5, restartAt: 100 }], partitions: [{ a: ['alice'], b: ['bob'], oneWay: false, start: 0, end: 10 }] }), toyFactory).trace
    expect(trace.steps.filter((s) => s.type === 'send')).toHaveLength(1)
    expect(trace.outcome.type).toBe('expectation-failed')
  })
})
