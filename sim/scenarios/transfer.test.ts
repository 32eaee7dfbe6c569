import { describe, expect, it } from 'vitest'
import { isQuiescent, type UserAgent } from '../../core/ua/index.ts'
import { noFaults, type FaultPlan } from '../fault-plan.ts'
import { ladderText } from '../ladder-text.ts'
import { checkTrace } from '../oracle/index.ts'
import { showViolation } from '../oracle/violation.ts'
import { describeOutcome } from '../outcome.ts'
import { runScenario } from '../run.ts'
import type { Scenario } from '../scenario.ts'
import { uaFactory } from '../ua-node.ts'
import { transferScenarios } from './transfers.ts'

const lossy = (seed: number): FaultPlan => ({
  ...noFaults(seed),
  links: { latency: 20, jitter: 10, loss: { type: 'random', p: 0.2 }, duplicate: 0.1, reorder: 0.1, reorderGap: 30 },
})

const run = (scenario: Scenario, faults: FaultPlan) => {
  const result = runScenario(scenario, faults, uaFactory)
  const leaks = result.world.nodes.filter((n) => !isQuiescent(n.state as UserAgent)).map((n) => n.name)
  const violations = checkTrace(result.trace).map(showViolation)
  return { result, leaks, violations, why: () => `${describeOutcome(result.trace.outcome)}\n${violations.join('\n')}\n${ladderText(result.trace)}` }
}

describe.each(transferScenarios)('$name', (scenario) => {
  it('passes with no faults, leaves nothing open, breaks no RFC rule', () => {
    const { result, leaks, violations, why } = run(scenario, noFaults(1))
    expect(result.trace.outcome.type, why()).toBe('pass')
    expect(leaks, why()).toEqual([])
    expect(violations, why()).toEqual([])
  })
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('passes under 20 percent loss, duplication and reordering with no RFC rule broken, seed %i', (seed) => {
    const { result, leaks, violations, why } = run(scenario, lossy(seed))
    expect(result.trace.outcome.type, why()).toBe('pass')
    expect(leaks, why()).toEqual([])
    expect(violations, why()).toEqual([])
  })
})
