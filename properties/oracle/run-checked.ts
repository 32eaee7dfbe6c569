/**
 * The property harness's runs: a checked run (sim/checked-run.ts: UA index invariant after
 * every step, expected outcome, RFC oracle, leak check) from a `sipxfer sim` command line,
 * and on failure a report with the ladder and the command to replay.
 */
import * as E from 'fp-ts/lib/Either.js'
import { runChecked, type CheckedRun } from '../../sim/checked-run.ts'
import { simRunOf } from '../../sim/cli.ts'
import { describeFaults } from '../../sim/describe-faults.ts'
import { ladderText } from '../../sim/ladder-text.ts'
import { showViolation } from '../../sim/oracle/index.ts'
import { describeOutcome } from '../../sim/outcome.ts'
import type { Scenario } from '../../sim/scenario.ts'

export { checkedRunOptions, runChecked, type CheckedRun } from '../../sim/checked-run.ts'

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
