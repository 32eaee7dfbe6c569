/**
 * Replay: re-run a trace from its seed, scenario and fault plan, and compare. Same
 * hash ⇒ identical run. Otherwise the first differing step is reported with both sides,
 * as two ladders side by side (sim/divergence-ladder.ts).
 */
import { divergenceLadder } from './divergence-ladder.ts'
import { canonicalJson } from './json.ts'
import type { NodeFactory } from './node-behaviour.ts'
import type { Outcome } from './outcome.ts'
import { runScenario, type RunOptions } from './run.ts'
import { traceHashValid, type Trace } from './trace.ts'
import type { TraceStep } from './trace-step.ts'

export interface Divergence {
  /** Index into `steps`, or `steps.length` when only the outcome differs. */
  readonly index: number
  readonly recorded: TraceStep | Outcome | undefined
  readonly replayed: TraceStep | Outcome | undefined
}

export type ReplayResult =
  | { readonly type: 'identical'; readonly hash: string; readonly recordedHashValid: true; readonly replayed: Trace }
  | {
      readonly type: 'diverged'
      readonly recordedHash: string
      readonly replayedHash: string
      readonly recordedHashValid: boolean
      /** Undefined when steps and outcome agree and only metadata differs. */
      readonly divergence: Divergence | undefined
      readonly recorded: Trace
      readonly replayed: Trace
    }

/** The first step where two traces differ (or their outcomes, after equal steps). */
export const firstDivergence = (recorded: Trace, replayed: Trace): Divergence | undefined => {
  const n = Math.max(recorded.steps.length, replayed.steps.length)
  for (let i = 0; i < n; i++) {
    const a = recorded.steps[i]
    const b = replayed.steps[i]
    if (canonicalJson(a) !== canonicalJson(b)) return { index: i, recorded: a, replayed: b }
  }
  if (canonicalJson(recorded.outcome) !== canonicalJson(replayed.outcome))
    return { index: n, recorded: recorded.outcome, replayed: replayed.outcome }
  return undefined
}

/** Re-runs `trace` with the given node factory (and the invariants it was run with). */
export const replay = (trace: Trace, factory: NodeFactory, options: RunOptions = {}): ReplayResult => {
  const { trace: replayed } = runScenario(trace.scenario, trace.faults, factory, options)
  const recordedHashValid = traceHashValid(trace)
  // An edited trace can keep its old hash: then the content, not the hash, must agree.
  if (replayed.hash === trace.hash && recordedHashValid) return { type: 'identical', hash: trace.hash, recordedHashValid, replayed }
  return {
    type: 'diverged',
    recordedHash: trace.hash,
    replayedHash: replayed.hash,
    recordedHashValid,
    divergence: firstDivergence(trace, replayed),
    recorded: trace,
    replayed,
  }
}

export const describeReplay = (r: ReplayResult): string => {
  if (r.type === 'identical') return `identical: ${r.hash}`
  const lines = [
    `DIVERGED: recorded ${r.recordedHash}, replayed ${r.replayedHash}`,
    ...(r.recordedHashValid ? [] : ['  the recorded hash does not match the recorded content (edited trace?)']),
  ]
  if (r.divergence === undefined) return [...lines, '  steps and outcome agree; metadata differs'].join('\n')
  const d = r.divergence
  const at = d.index < Math.max(r.recorded.steps.length, r.replayed.steps.length) ? `step ${d.index}` : `the outcome (after ${d.index} equal steps)`
  return [...lines, `  first difference at ${at}, marked >> (recorded || replayed):`, divergenceLadder(r.recorded, r.replayed, d.index)].join('\n')
}
