import { describe, expect, it } from 'vitest'
import type { Input, Output } from '../core/ua/io.ts'
import { advance, nextEventAt } from './advance.ts'
import { cleanLink, noFaults, type FaultPlan } from './fault-plan.ts'
import type { NodeBehaviour, NodeFactory } from './node-behaviour.ts'
import type { Scenario } from './scenario.ts'
import { toyFactory } from './testing/toy-node.ts'
import { toyBurst, toyPing, toyTriangle } from './testing/toy-scenarios.ts'
import type { TraceStep } from './trace-step.ts'
import { createWorld, isQuiescent, worldSteps, type World } from './world.ts'

const drain = (w: World, limit = 10_000): World => {
  let world = w
  for (let i = 0; i < limit && nextEventAt(world) !== undefined; i++) world = advance(world)
  return world
}
const ofType = <K extends TraceStep['type']>(steps: ReadonlyArray<TraceStep>, type: K): ReadonlyArray<Extract<TraceStep, { type: K }>> =>
  steps.filter((s): s is Extract<TraceStep, { type: K }> => s.type === type)

describe('advance', () => {
  it('delivers after the link latency and lets the receiver answer', () => {
    const w = drain(createWorld(toyPing, noFaults(1, 25), toyFactory))
    const steps = worldSteps(w)
    const delivers = ofType(steps, 'deliver')
    expect(delivers.map((d) => d.at)).toEqual([25, 50])
    expect(ofType(steps, 'event')[0]?.event).toEqual({ type: 'optionsResult', target: 'sip:bob@10.0.0.2:5060', status: 200 })
    expect(isQuiescent(w)).toBe(true)
    expect(w.phase).toBe('liveness')
  })

  it('does nothing to a world with nothing pending', () => {
    const w = drain(createWorld(toyPing, noFaults(1), toyFactory))
    expect(advance(w)).toBe(w)
  })

  it('breaks ties in scheduling order', () => {
    const recorder: NodeBehaviour<ReadonlyArray<string>> = {
      initial: [],
      step: (s, input: Input) => [[...s, input.type === 'command' ? input.command.type : input.type], []],
    }
    const scenario: Scenario = {
      ...toyPing,
      commands: [
        { node: 'bob', at: 5, command: { type: 'hangup', call: 'x' } },
        { node: 'bob', at: 5, command: { type: 'answer', call: 'x' } },
        { node: 'bob', at: 1, command: { type: 'hold', call: 'x' } },
      ],
      expect: { events: [] },
    }
    const w = drain(createWorld(scenario, noFaults(1), () => recorder))
    expect(w.nodes.find((n) => n.name === 'bob')?.state).toEqual(['hold', 'hangup', 'answer'])
  })

  it('fires timers, and a cleared timer never fires', () => {
    const timed: NodeBehaviour<number> = {
      initial: 0,
      step: (n, input): readonly [number, ReadonlyArray<Output>] => {
        if (input.type === 'command')
          return [n, [{ type: 'timer', key: 'a', at: 100 }, { type: 'timer', key: 'b', at: 200 }, { type: 'timer', key: 'b', at: undefined }]]
        return [n + 1, []]
      },
    }
    const scenario: Scenario = { ...toyPing, commands: [{ node: 'alice', at: 0, command: { type: 'hold', call: 'c' } }], expect: { events: [] } }
    const w = drain(createWorld(scenario, noFaults(1), () => timed))
    expect(ofType(worldSteps(w), 'timer')).toEqual([{ type: 'timer', at: 100, node: 'alice', key: 'a' }])
  })

  it('drops packets to unknown addresses as unroutable', () => {
    const scenario: Scenario = { ...toyPing, commands: [{ node: 'alice', at: 0, command: { type: 'options', target: 'sip:x@192.0.2.9' } }], expect: { events: [] } }
    const steps = worldSteps(drain(createWorld(scenario, noFaults(1), toyFactory)))
    const sends = ofType(steps, 'send')
    expect(sends.length).toBe(7) // the toy's retransmissions, all unroutable
    expect(sends.every((s) => s.fate === 'dropped' && s.reason === 'unroutable' && s.to === undefined)).toBe(true)
    expect(ofType(steps, 'event')[0]?.event).toMatchObject({ status: 408 })
  })

  it('crashes a node (packets to it are dropped) and restarts it from its initial state', () => {
    const faults: FaultPlan = { ...noFaults(3), crashes: [{ node: 'bob', at: 0, restartAt: 2000 }] }
    const steps = worldSteps(drain(createWorld(toyPing, faults, toyFactory)))
    expect(ofType(steps, 'fault').map((f) => `${f.fault}@${f.at}`)).toEqual(['crash@0', 'restart@2000', 'heal@16000'])
    expect(ofType(steps, 'drop').map((d) => d.at)).toEqual([10, 510, 1510]) // retransmissions at 0, 500, 1500
    expect(ofType(steps, 'event')[0]?.event).toMatchObject({ status: 200 })
  })

  it('holds a link and releases its packets together at the end of the hold', () => {
    const faults: FaultPlan = { ...noFaults(3), holds: [{ from: 'alice', to: 'bob', start: 0, end: 1200 }] }
    const steps = worldSteps(drain(createWorld(toyPing, faults, toyFactory)))
    const toBob = ofType(steps, 'send').filter((s) => s.to === 'bob')
    expect(toBob.map((s) => s.deliverAt[0])).toEqual([1200, 1200])
    expect(ofType(steps, 'deliver').filter((d) => d.to === 'bob').map((d) => d.packet)).toEqual([1, 2])
  })

  it('partitions one way only, and heals', () => {
    const faults: FaultPlan = { ...noFaults(3), partitions: [{ a: ['bob'], b: ['alice'], oneWay: true, start: 0, end: 1000 }] }
    const steps = worldSteps(drain(createWorld(toyPing, faults, toyFactory)))
    const sends = ofType(steps, 'send')
    expect(sends.filter((s) => s.from === 'alice').every((s) => s.fate === 'delivered')).toBe(true)
    expect(sends.filter((s) => s.from === 'bob' && s.at < 1000).every((s) => s.reason === 'partition')).toBe(true)
    expect(sends.filter((s) => s.from === 'bob' && s.at >= 1000).every((s) => s.fate === 'delivered')).toBe(true)
  })

  it('runs reactions with fields of the event filled in', () => {
    const steps = worldSteps(drain(createWorld(toyTriangle, noFaults(9), toyFactory)))
    const reaction = ofType(steps, 'command').find((c) => c.origin === 'reaction')
    expect(reaction).toMatchObject({ node: 'alice', at: 120, command: { type: 'options', target: 'sip:carol@10.0.0.3' } })
  })

  it('gives each node a stream of its own: another node does not change alice', () => {
    const seen: Array<readonly [string, number]> = []
    const factory: NodeFactory = (p, seed) => {
      seen.push([p.name, seed])
      return toyFactory(p, seed)
    }
    createWorld(toyPing, noFaults(5), factory)
    createWorld(toyTriangle, noFaults(5), factory)
    const alice = seen.filter(([n]) => n === 'alice').map(([, s]) => s)
    expect(new Set(alice).size).toBe(1)
    expect(new Set(seen.map(([, s]) => s)).size).toBe(3)
  })

  it('keeps jitter and latency but no loss once healed', () => {
    const faults: FaultPlan = { ...noFaults(1), healAt: 0, links: { ...cleanLink(10), loss: { type: 'random', p: 1 }, jitter: 5 } }
    const steps = worldSteps(drain(createWorld(toyPing, faults, toyFactory)))
    for (const s of ofType(steps, 'send')) {
      expect(s.fate).toBe('delivered')
      expect((s.deliverAt[0] ?? 0) - s.at).toBeGreaterThanOrEqual(10)
      expect((s.deliverAt[0] ?? 0) - s.at).toBeLessThanOrEqual(15)
    }
  })

  it('still spreads delays by the jitter once healed (uniform over 0..jitter, not a constant)', () => {
    const faults: FaultPlan = { ...noFaults(3), healAt: 0, links: { ...cleanLink(10), jitter: 5 } }
    const extra = ofType(worldSteps(drain(createWorld(toyBurst(10, 20), faults, toyFactory))), 'send').map((s) => (s.deliverAt[0] ?? 0) - s.at - 10)
    const mean = extra.reduce((a, b) => a + b, 0) / extra.length
    const variance = extra.reduce((a, b) => a + (b - mean) ** 2, 0) / (extra.length - 1)
    expect(extra.length).toBeGreaterThanOrEqual(400)
    // Uniform on 0..5: mean 2.5, variance (6² − 1)/12 ≈ 2.92 (standard errors ≈ 0.09 and ≈ 0.13 here).
    expect(new Set(extra)).toEqual(new Set([0, 1, 2, 3, 4, 5]))
    expect(Math.abs(mean - 2.5)).toBeLessThan(0.4)
    expect(Math.abs(variance - 35 / 12)).toBeLessThan(0.5)
  })
})
