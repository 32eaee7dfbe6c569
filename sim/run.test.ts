import { describe, expect, it } from 'vitest'
import { noFaults } from './fault-plan.ts'
import { clockNeverGoesBack, type Invariant } from './invariant.ts'
import { runScenario } from './run.ts'
import type { Scenario } from './scenario.ts'
import { foreverTicking, spinning, throwing } from './testing/fixture-nodes.ts'
import { toyFactory } from './testing/toy-node.ts'
import { toyPing, toyTriangle } from './testing/toy-scenarios.ts'

const once: Scenario = { ...toyPing, commands: [{ node: 'alice', at: 0, command: { type: 'hold', call: 'c' } }], expect: { events: [] } }

describe('runScenario', () => {
  it('passes a healthy scenario: quiescent and every expected event seen', () => {
    const { trace } = runScenario(toyTriangle, noFaults(1), toyFactory, { invariants: [clockNeverGoesBack] })
    expect(trace.outcome).toEqual({ type: 'pass', at: 16_000 })
    expect(trace.invariants).toEqual(['clock-never-goes-back'])
  })

  it('fails liveness when a timer is still armed at the deadline, naming it', () => {
    const { trace } = runScenario({ ...once, livenessDeadline: 5000 }, noFaults(1), () => foreverTicking)
    expect(trace.outcome).toMatchObject({ type: 'not-quiescent', at: 21_000, packets: 0, commands: 0, timers: [{ node: 'alice', key: 'tick' }] })
  })

  it('fails when an expected event never comes', () => {
    const scenario: Scenario = { ...toyPing, expect: { events: [{ node: 'alice', type: 'optionsResult', where: { status: 486 } }] } }
    const { trace } = runScenario(scenario, noFaults(1), toyFactory)
    expect(trace.outcome).toMatchObject({ type: 'expectation-failed', missing: [{ node: 'alice', where: { status: 486 } }] })
  })

  it('expected events of one node must come in order', () => {
    const scenario: Scenario = {
      ...toyTriangle,
      expect: {
        events: [
          { node: 'alice', type: 'optionsResult', where: { target: 'sip:carol@10.0.0.3' } },
          { node: 'alice', type: 'optionsResult', where: { target: 'sip:bob@10.0.0.2' } },
        ],
      },
    }
    expect(runScenario(scenario, noFaults(1), toyFactory).trace.outcome.type).toBe('expectation-failed')
  })

  it('stops at the first invariant violation, in the safety phase', () => {
    const noTwoHundred: Invariant = {
      name: 'no-200',
      check: (w) => (w.log?.step.type === 'event' ? 'alice saw a result' : undefined),
    }
    const { trace } = runScenario(toyPing, noFaults(1), toyFactory, { invariants: [noTwoHundred] })
    expect(trace.outcome).toMatchObject({ type: 'invariant-violated', at: 20, invariant: 'no-200', message: 'alice saw a result' })
    expect(trace.steps[trace.steps.length - 1]?.type).toBe('event')
  })

  it('reports a node that throws instead of crashing the run', () => {
    const { trace } = runScenario(once, noFaults(1), () => throwing)
    expect(trace.outcome).toMatchObject({ type: 'node-threw', at: 0, message: 'boom' })
  })

  it('stops a node looping at one instant', () => {
    const { trace } = runScenario(once, noFaults(1), () => spinning, { maxSteps: 500 })
    expect(trace.outcome).toMatchObject({ type: 'step-limit', at: 0, step: 500 })
  })
})
