import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeWith } from './decode-error.ts'
import { describeFaults } from './describe-faults.ts'
import { faultPlanCodec, linkFaultsOf, noFaults, partitioned, releaseTime, type FaultPlan } from './fault-plan.ts'
import { parsePartition } from './partition-spec.ts'
import { swarmFaults } from './swarm-faults.ts'

const nodes = ['alice', 'bob', 'carol']

describe('fault plans', () => {
  it('derive every knob from the seed (swarm), the same each time', () => {
    expect(swarmFaults(7, nodes)).toEqual(swarmFaults(7, nodes))
    const plans = Array.from({ length: 40 }, (_, i) => swarmFaults(i, nodes))
    expect(new Set(plans.map((p) => JSON.stringify(p))).size).toBe(40)
    expect(plans.some((p) => p.partitions.length > 0)).toBe(true)
    expect(plans.some((p) => p.crashes.length > 0)).toBe(true)
    expect(plans.some((p) => p.links.loss.type === 'gilbert-elliott')).toBe(true)
  })

  it('decode with the codec, swarm plans included', () => {
    for (let seed = 0; seed < 30; seed++) {
      const plan = swarmFaults(seed, nodes)
      expect(decodeWith(faultPlanCodec, 'faults')(JSON.parse(JSON.stringify(plan)))).toEqual(E.right(plan))
    }
    const bad = { ...noFaults(1), links: { ...noFaults(1).links, duplicate: 1.5 } }
    const r = decodeWith(faultPlanCodec, 'faults')(bad)
    expect(E.isLeft(r) && r.left).toContain('at links.duplicate: expected a number in [0, 1], got 1.5')
  })

  it('print the seed and every knob', () => {
    const plan: FaultPlan = {
      ...noFaults(42),
      links: { latency: 40, jitter: 5, loss: { type: 'gilbert-elliott', p: 0.05, r: 0.5, lossGood: 0, lossBad: 0.8 }, duplicate: 0.01, reorder: 0.02, reorderGap: 30 },
      overrides: [{ from: 'alice', to: 'bob', faults: noFaults(1).links }],
      partitions: [{ a: ['alice'], b: ['bob', 'carol'], oneWay: true, start: 100 }],
      holds: [{ from: 'bob', to: 'alice', start: 5, end: 50 }],
      crashes: [{ node: 'carol', at: 10 }],
    }
    const text = describeFaults(plan)
    expect(text.split('\n')[0]).toBe('seed 42 (explicit), faults until 16000 ms')
    for (const part of ['latency 40 ms', 'jitter 5 ms', 'gilbert-elliott p=5.0% r=50.0% good=0.0% bad=80.0%', 'duplicate 1.0%', 'reorder 2.0% (+30 ms)', 'link alice->bob', 'partition alice -> bob,carol from 100 ms, heals at 16000 ms', 'hold bob->alice from 5 ms, released at 50 ms', 'crash carol at 10 ms, restart at 16000 ms'])
      expect(text).toContain(part)
  })

  it('answer link, partition and hold questions', () => {
    const plan: FaultPlan = {
      ...noFaults(1),
      healAt: 1000,
      overrides: [{ from: 'a', to: 'b', faults: { ...noFaults(1).links, latency: 99 } }],
      partitions: [{ a: ['a'], b: ['b'], oneWay: false, start: 10, end: 20 }],
      holds: [{ from: 'a', to: 'b', start: 100 }],
    }
    expect(linkFaultsOf(plan, 'a', 'b').latency).toBe(99)
    expect(linkFaultsOf(plan, 'b', 'a').latency).toBe(10)
    expect([9, 10, 19, 20].map((t) => partitioned(plan, 'b', 'a', t))).toEqual([false, true, true, false])
    expect([99, 100, 999, 1000].map((t) => releaseTime(plan, 'a', 'b', t))).toEqual([99, 1000, 1000, 1000])
    expect(releaseTime(plan, 'b', 'a', 500)).toBe(500)
  })

  it('parse partitions from the command line', () => {
    expect(parsePartition('alice>bob@100-2000')).toEqual(E.right({ a: ['alice'], b: ['bob'], oneWay: true, start: 100, end: 2000 }))
    expect(parsePartition('alice,carol|bob')).toEqual(E.right({ a: ['alice', 'carol'], b: ['bob'], oneWay: false, start: 0 }))
    expect(E.isLeft(parsePartition('alice-bob'))).toBe(true)
    expect(E.isLeft(parsePartition('a>b@500-100'))).toBe(true)
  })
})
