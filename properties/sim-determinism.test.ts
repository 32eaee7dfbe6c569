/**
 * The simulator is deterministic: the same seed, scenario and fault plan give the same
 * trace (hash), whatever the plan; and random streams are independent (one node's
 * traffic does not perturb another link's fate).
 */
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeWith } from '../sim/decode-error.ts'
import { cleanLink, faultPlanCodec, noFaults, type FaultPlan, type LinkFaults, type LossModel } from '../sim/fault-plan.ts'
import type { NodeFactory } from '../sim/node-behaviour.ts'
import { replay } from '../sim/replay.ts'
import { runScenario } from '../sim/run.ts'
import type { Scenario } from '../sim/scenario.ts'
import { swarmFaults } from '../sim/swarm-faults.ts'
import { toyFactory } from '../sim/testing/toy-node.ts'
import { toyPing, toyTriangle } from '../sim/testing/toy-scenarios.ts'
import { decodeTrace, encodeTrace, type Trace } from '../sim/trace.ts'

const names = ['alice', 'bob', 'carol']
const prob = fc.double({ min: 0, max: 1, noNaN: true })
const smallProb = fc.double({ min: 0, max: 0.4, noNaN: true })
const millis = (max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max })

const lossArb: fc.Arbitrary<LossModel> = fc.oneof(
  fc.constant({ type: 'none' as const }),
  smallProb.map((p) => ({ type: 'random' as const, p })),
  fc.record({ type: fc.constant('gilbert-elliott' as const), p: smallProb, r: prob, lossGood: smallProb, lossBad: prob }),
)

const linkArb: fc.Arbitrary<LinkFaults> = fc.record({
  latency: millis(200),
  jitter: millis(100),
  loss: lossArb,
  duplicate: smallProb,
  reorder: smallProb,
  reorderGap: millis(200),
})

const sub = fc.subarray(names, { minLength: 1 })

/** Any fault plan over alice, bob and carol: plain data, so fast-check shrinks it. */
const faultPlanArb: fc.Arbitrary<FaultPlan> = fc
  .record({
    seed: fc.nat({ max: 0xffffffff }),
    healAt: fc.integer({ min: 0, max: 20_000 }),
    links: linkArb,
    overrides: fc.array(fc.record({ from: fc.constantFrom(...names), to: fc.constantFrom(...names), faults: linkArb }), { maxLength: 2 }),
    partitions: fc.array(
      fc.record({ a: sub, b: sub, oneWay: fc.boolean(), start: millis(10_000), end: fc.option(millis(20_000), { nil: undefined }) }),
      { maxLength: 2 },
    ),
    holds: fc.array(fc.record({ from: fc.constantFrom(...names), to: fc.constantFrom(...names), start: millis(10_000), end: fc.option(millis(20_000), { nil: undefined }) }), { maxLength: 2 }),
    crashes: fc.array(fc.record({ node: fc.constantFrom(...names), at: millis(10_000), restartAt: fc.option(millis(20_000), { nil: undefined }) }), { maxLength: 2 }),
  })
  .map((p): FaultPlan => ({ ...p, mode: 'explicit' }))

const scenarioArb: fc.Arbitrary<Scenario> = fc.constantFrom(toyPing, toyTriangle)

describe('simulator determinism', () => {
  it('same seed, scenario and faults give the same trace hash', () => {
    fc.assert(
      fc.property(scenarioArb, faultPlanArb, (scenario, faults) => {
        const a = runScenario(scenario, faults, toyFactory).trace
        const b = runScenario(scenario, faults, toyFactory).trace
        expect(b.hash).toBe(a.hash)
        expect(b.steps).toEqual(a.steps)
      }),
      { numRuns: 60 },
    )
  })

  it('a trace written, read back and replayed is identical', () => {
    fc.assert(
      fc.property(scenarioArb, faultPlanArb, (scenario, faults) => {
        const recorded = runScenario(scenario, faults, toyFactory).trace
        const decoded = decodeTrace(encodeTrace(recorded))
        expect(E.isRight(decoded)).toBe(true)
        if (E.isRight(decoded)) expect(replay(decoded.right, toyFactory).type).toBe('identical')
      }),
      { numRuns: 30 },
    )
  })

  it('every generated plan is valid for the codec (so plans in traces decode)', () => {
    fc.assert(
      fc.property(faultPlanArb, (plan) => {
        expect(decodeWith(faultPlanCodec, 'faults')(JSON.parse(JSON.stringify(plan)))).toEqual(E.right(JSON.parse(JSON.stringify(plan))))
      }),
      { numRuns: 100 },
    )
  })

  it('swarm seeds differ in hash, and each seed repeats', () => {
    const hashes = Array.from({ length: 15 }, (_, seed) => runScenario(toyTriangle, swarmFaults(seed, names), toyFactory).trace.hash)
    expect(new Set(hashes).size).toBe(15)
    expect(runScenario(toyTriangle, swarmFaults(3, names), toyFactory).trace.hash).toBe(hashes[3])
  })

  it("another node's traffic does not change the fates on alice's links", () => {
    // toyPing plus carol pinging bob: alice <-> bob must see exactly the same packets and fates.
    const withCarol: Scenario = {
      ...toyPing,
      participants: [...toyPing.participants, { name: 'carol', address: { address: '10.0.0.3', port: 5060 }, config: { burst: 5 } }],
      commands: [...toyPing.commands, { node: 'carol', at: 0, command: { type: 'options', target: 'sip:bob@10.0.0.2' } }],
    }
    fc.assert(
      fc.property(faultPlanArb, (plan) => {
        const faults: FaultPlan = { ...plan, overrides: [], partitions: [], holds: [], crashes: [] }
        // Packet numbers are global and so differ; everything else must not.
        const aliceBob = (s: Scenario): unknown =>
          runScenario(s, faults, toyFactory)
            .trace.steps.filter((st) => st.type === 'send' && ['alice', 'bob'].includes(st.from) && ['alice', 'bob'].includes(st.to ?? ''))
            .map((st) => ({ ...st, packet: 0 }))
        expect(aliceBob(withCarol)).toEqual(aliceBob(toyPing))
      }),
      { numRuns: 40 },
    )
  })

  /** toyPing, plus carol pinging bob with the given toy config. */
  const carolPinging = (config: Scenario['participants'][number]['config']): Scenario => ({
    ...toyPing,
    participants: [...toyPing.participants, { name: 'carol', address: { address: '10.0.0.3', port: 5060 }, config }],
    commands: [...toyPing.commands, { node: 'carol', at: 0, command: { type: 'options', target: 'sip:bob@10.0.0.2' } }],
  })
  /** The packets sent between two nodes, with their fates and delivery times (packet numbers are global: zeroed). */
  const between = (trace: Trace, x: string, y: string): unknown =>
    trace.steps.filter((st) => st.type === 'send' && [x, y].includes(st.from) && [x, y].includes(st.to ?? '')).map((st) => ({ ...st, packet: 0 }))

  it("changing one node's config leaves the other nodes' seeds, packets and link draws unchanged", () => {
    // carol sends 5 OPTIONS, then 2 with a faster retransmission: her traffic differs, alice's and bob's must not.
    const before = carolPinging({ burst: 5 })
    const after = carolPinging({ burst: 2, retransmitEvery: 150, maxAttempts: 3 })
    fc.assert(
      fc.property(faultPlanArb, (plan) => {
        const faults: FaultPlan = { ...plan, overrides: [], partitions: [], holds: [], crashes: [] }
        const seeds = new Map<string, number[]>()
        const watching: NodeFactory = (p, seed) => {
          seeds.set(p.name, [...(seeds.get(p.name) ?? []), seed])
          return toyFactory(p, seed)
        }
        const a = runScenario(before, faults, watching).trace
        const b = runScenario(after, faults, watching).trace
        expect(new Set(seeds.get('alice')).size).toBe(1)
        expect(new Set(seeds.get('bob')).size).toBe(1)
        // alice's requests (her random branch, tag and Call-ID) and bob's answers, with every fate and delay.
        expect(between(b, 'alice', 'bob')).toEqual(between(a, 'alice', 'bob'))
        expect(b.steps.filter((st) => st.type === 'event' && st.node === 'alice')).toEqual(a.steps.filter((st) => st.type === 'event' && st.node === 'alice'))
      }),
      { numRuns: 40 },
    )
  })

  it("changing one link's knob (duplication on alice->bob) does not change another link's loss, jitter or reorder draws", () => {
    const scenario = carolPinging({ burst: 5 })
    fc.assert(
      fc.property(faultPlanArb, fc.double({ min: 0.2, max: 1, noNaN: true }), (plan, duplicate) => {
        const faults: FaultPlan = { ...plan, links: { ...plan.links, loss: { type: 'random', p: 0.3 } }, overrides: [], partitions: [], holds: [], crashes: [] }
        const duplicating: FaultPlan = { ...faults, overrides: [{ from: 'alice', to: 'bob', faults: { ...faults.links, duplicate } }] }
        const a = runScenario(scenario, faults, toyFactory).trace
        const b = runScenario(scenario, duplicating, toyFactory).trace
        // carol <-> bob sees exactly the same fates and delivery times.
        expect(between(b, 'carol', 'bob')).toEqual(between(a, 'carol', 'bob'))
      }),
      { numRuns: 60 },
    )
    // A fixed case where the duplication shows, so the comparison above is not vacuous.
    const fixed: FaultPlan = { ...noFaults(11), links: { ...cleanLink(10), loss: { type: 'random', p: 0.3 } } }
    const dup: FaultPlan = { ...fixed, overrides: [{ from: 'alice', to: 'bob', faults: { ...fixed.links, duplicate: 1 } }] }
    const a = runScenario(scenario, fixed, toyFactory).trace
    const b = runScenario(scenario, dup, toyFactory).trace
    expect(b.steps.filter((st) => st.type === 'send' && st.from === 'bob' && st.to === 'alice').length).toBeGreaterThan(
      a.steps.filter((st) => st.type === 'send' && st.from === 'bob' && st.to === 'alice').length,
    )
    expect(between(b, 'carol', 'bob')).toEqual(between(a, 'carol', 'bob'))
    expect((between(a, 'carol', 'bob') as ReadonlyArray<{ fate: string }>).some((st) => st.fate === 'dropped')).toBe(true)
  })
})
