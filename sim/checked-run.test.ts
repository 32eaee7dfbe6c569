import { describe, expect, it } from 'vitest'
import { checkedRunOptions, runChecked } from './checked-run.ts'
import { noFaults } from './fault-plan.ts'
import { basicCall } from './scenarios/basic-call.ts'
import { swarmFaults } from './swarm-faults.ts'
import { uaIndexesConsistent } from './ua-indexes.ts'
import { uaQuiescence } from './ua-quiescence.ts'

describe('checked run', () => {
  it('checks the UA indexes after every step and leaks at quiescence', () => {
    expect(checkedRunOptions.invariants).toEqual([uaIndexesConsistent])
    expect(checkedRunOptions.finalChecks).toEqual([uaQuiescence])
  })

  it('judges a run by outcome and oracle', () => {
    const clean = runChecked(basicCall, noFaults(1))
    expect(clean).toMatchObject({ ok: true, violations: [], trace: { outcome: { type: 'pass' } } })
    const faulty = runChecked(basicCall, swarmFaults(3, basicCall.participants.map((p) => p.name)))
    expect(faulty.trace.faults.mode).toBe('swarm')
    expect(faulty.ok).toBe(faulty.violations.length === 0 && ['pass', 'expectation-failed'].includes(faulty.trace.outcome.type))
  })
})
