/**
 * Replay: re-run a trace from its seed, scenario and fault plan, and compare. Same
 * hash ⇒ identical run. Otherwise the first differing step is reported with both sides.
 */
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
  const fields = (x: unknown): Record<string, unknown> => (typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : {})
  const a = fields(d.recorded)
  const b = fields(d.replayed)
  const differing = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]))
  return [
    ...lines,
    `  first difference at step ${d.index}${differing.length > 0 && a.type === b.type ? ` (in ${differing.join(', ')})` : ''}:`,
    `    recorded: ${d.recorded === undefined ? '(none)' : canonicalJson(d.recorded)}`,
    `    replayed: ${d.replayed === undefined ? '(none)' : canonicalJson(d.replayed)}`,
  ].join('\n')
}
