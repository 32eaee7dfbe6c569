import { describe, expect, it } from 'vitest'
import { isQuiescent, type UserAgent } from '../../core/ua/index.ts'
import { noFaults, type FaultPlan } from '../fault-plan.ts'
import { describeOutcome } from '../outcome.ts'
import { runScenario } from '../run.ts'
import type { Scenario } from '../scenario.ts'
import { uaFactory } from '../ua-node.ts'
import { basicCall } from './basic-call.ts'
import { holdResume } from './hold-resume.ts'
import { ladderText } from '../ladder-text.ts'

const lossy = (seed: number, p: number): FaultPlan => ({
  ...noFaults(seed),
  links: { latency: 20, jitter: 10, loss: { type: 'random', p }, duplicate: 0.1, reorder: 0, reorderGap: 0 },
})

const run = (scenario: Scenario, faults: FaultPlan) => {
  const result = runScenario(scenario, faults, uaFactory)
  const leaks = result.world.nodes.filter((n) => !isQuiescent(n.state as UserAgent)).map((n) => n.name)
  return { result, leaks, ladder: () => ladderText(result.trace) }
}

describe.each([basicCall, holdResume])('$name on the simulator', (scenario) => {
  it('passes with no faults and leaves nothing open', () => {
    const { result, leaks, ladder } = run(scenario, noFaults(1))
    expect(result.trace.outcome.type, `${describeOutcome(result.trace.outcome)}\n${ladder()}`).toBe('pass')
    expect(leaks).toEqual([])
  })
  it.each(Array.from({ length: 60 }, (_, i) => i + 1))('passes with 30 percent loss and 10 percent duplication, seed %i', (seed) => {
    const { result, leaks, ladder } = run(scenario, lossy(seed, 0.3))
    expect(result.trace.outcome.type, `${describeOutcome(result.trace.outcome)}\n${ladder()}`).toBe('pass')
    expect(leaks).toEqual([])
  })
})
