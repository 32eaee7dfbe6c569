/**
 * One simulator run of real user agents, judged as the swarm, the property harness and
 * the bench judge it: the UA indexes agree with their maps after every step (an
 * invariant: a drift stops the run), the outcome is expected for its plan, the RFC oracle
 * finds nothing, and no node leaks state at quiescence.
 */
import { withCrashSafetyNet } from './crash-safety-net.ts'
import { outcomeExpected } from './cli.ts'
import type { FaultPlan } from './fault-plan.ts'
import { checkTrace, type Violation } from './oracle/index.ts'
import { runScenario, type RunOptions } from './run.ts'
import type { Scenario } from './scenario.ts'
import type { Trace } from './trace.ts'
import { uaIndexesConsistent } from './ua-indexes.ts'
import { uaFactory } from './ua-node.ts'
import { uaQuiescence } from './ua-quiescence.ts'

export interface CheckedRun {
  readonly trace: Trace
  readonly violations: ReadonlyArray<Violation>
  readonly ok: boolean
}

/** What every checked run checks inside the nodes: the sipxfer CLI passes the same. */
export const checkedRunOptions: RunOptions = { invariants: [uaIndexesConsistent], finalChecks: [uaQuiescence] }

export const runChecked = (scenario: Scenario, plan: FaultPlan): CheckedRun => {
  const { trace } = runScenario(withCrashSafetyNet(scenario, plan), plan, uaFactory, checkedRunOptions)
  const violations = checkTrace(trace)
  return { trace, violations, ok: outcomeExpected(trace.outcome, plan) && violations.length === 0 }
}
