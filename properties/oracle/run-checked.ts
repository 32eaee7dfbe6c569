/**
 * One simulator run of real user agents, judged as the property harness and the swarm
 * judge it: the UA indexes agree with their maps after every step (an invariant: a drift
 * stops the run), the outcome is expected for its plan, the RFC oracle finds nothing, and
 * no node leaks state. On failure, a report with the ladder and the command to replay.
 */
import { withCrashSafetyNet } from '../../sim/crash-safety-net.ts'
import * as E from 'fp-ts/lib/Either.js'
import { outcomeExpected, simRunOf } from '../../sim/cli.ts'
import { describeFaults } from '../../sim/describe-faults.ts'
import type { FaultPlan } from '../../sim/fault-plan.ts'
import { ladderText } from '../../sim/ladder-text.ts'
import { checkTrace, showViolation, type Violation } from '../../sim/oracle/index.ts'
import { describeOutcome } from '../../sim/outcome.ts'
import { runScenario, type RunOptions } from '../../sim/run.ts'
import type { Scenario } from '../../sim/scenario.ts'
import type { Trace } from '../../sim/trace.ts'
import { uaIndexesConsistent } from '../../sim/ua-indexes.ts'
import { uaFactory } from '../../sim/ua-node.ts'
import { uaQuiescence } from '../../sim/ua-quiescence.ts'

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

/** Runs a `sipxfer sim` command line (without `sim`); throws on a bad line (a harness bug). */
export const runArgv = (argv: ReadonlyArray<string>, scenarios: ReadonlyArray<Scenario>): CheckedRun => {
  const run = simRunOf(argv, { scenarios, readFile: () => E.left('the harness reads no files') })
  if (E.isLeft(run)) throw new Error(`bad command line ${argv.join(' ')}: ${run.left}`)
  return runChecked(run.right.scenario, run.right.plan)
}

/** What to print for a failed run: outcome, violations, the plan, the ladder, the command. */
export const failureReport = (run: CheckedRun, reproduce: string): string =>
  [
    describeOutcome(run.trace.outcome),
    ...run.violations.map((v) => `  ${showViolation(v)}`),
    describeFaults(run.trace.faults),
    '',
    ladderText(run.trace),
    `replay: ${reproduce}`,
  ].join('\n')
