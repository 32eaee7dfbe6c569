/**
 * A trace: the versioned JSON record of one run (seed, scenario, fault plan, every
 * step, the outcome) sealed with a sha256 over its canonical encoding. Enough to
 * re-run it (`replay`) and to check it (the RFC oracle).
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { decodeJsonText } from './decode-error.ts'
import { faultPlanCodec, seedCodec, type FaultPlan } from './fault-plan.ts'
import { canonicalJson } from './json.ts'
import { outcomeCodec, type Outcome } from './outcome.ts'
import { scenarioCodec, type Scenario } from './scenario.ts'
import { traceStepCodec, type TraceStep } from './trace-step.ts'

export const TRACE_FORMAT = 'sipxfer-trace'
export const TRACE_VERSION = 1

export interface Trace {
  readonly format: typeof TRACE_FORMAT
  readonly version: typeof TRACE_VERSION
  readonly seed: number
  readonly scenario: Scenario
  readonly faults: FaultPlan
  /** Names of the invariants checked during the run (replay must check the same). */
  readonly invariants: ReadonlyArray<string>
  readonly steps: ReadonlyArray<TraceStep>
  readonly outcome: Outcome
  /** sha256, hex, of the canonical JSON of every other field. */
  readonly hash: string
}

export type UnsealedTrace = Omit<Trace, 'hash'>

/** The hash a trace must carry: sha256 over canonical JSON (sorted keys) without `hash`. */
export const traceHash = (trace: UnsealedTrace): string => {
  const { format, version, seed, scenario, faults, invariants, steps, outcome } = trace
  return bytesToHex(sha256(utf8ToBytes(canonicalJson({ format, version, seed, scenario, faults, invariants, steps, outcome }))))
}

/**
 * The trace with its hash. The hash is computed the first time it is read (then kept):
 * most runs (swarm seeds, benchmarks) never look at it, and it is the same value either way.
 */
export const sealTrace = (trace: UnsealedTrace): Trace => {
  let hash: string | undefined
  return Object.defineProperty({ ...trace }, 'hash', {
    enumerable: true,
    get: (): string => (hash ??= traceHash(trace)),
  }) as Trace
}

/** Whether the recorded hash matches the content (the trace was not edited). */
export const traceHashValid = (trace: Trace): boolean => traceHash(trace) === trace.hash

const shapeCodec = t.type({
  format: t.literal(TRACE_FORMAT),
  version: t.literal(TRACE_VERSION),
  seed: seedCodec,
  scenario: scenarioCodec,
  faults: faultPlanCodec,
  invariants: t.readonlyArray(t.string),
  steps: t.readonlyArray(traceStepCodec),
  outcome: outcomeCodec,
  hash: t.string,
})

export const traceCodec: t.Type<Trace, unknown, unknown> = new t.Type<Trace, unknown, unknown>(
  'Trace',
  (u): u is Trace => shapeCodec.is(u) && u.seed === u.faults.seed,
  (u, c) =>
    pipe(
      shapeCodec.validate(u, c),
      E.chain((tr) => (tr.seed === tr.faults.seed ? t.success(tr) : t.failure(u, c, `seed ${tr.seed} differs from faults.seed ${tr.faults.seed}`))),
    ),
  t.identity,
)

export const decodeTrace = (text: string): E.Either<string, Trace> => decodeJsonText(traceCodec, 'trace')(text)

/** JSON text with one step per line, so traces diff well. */
export const encodeTrace = (trace: Trace): string => {
  const field = (k: string, v: unknown): string => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`
  return [
    '{',
    [
      field('format', trace.format),
      field('version', trace.version),
      field('seed', trace.seed),
      field('hash', trace.hash),
      field('scenario', trace.scenario),
      field('faults', trace.faults),
      field('invariants', trace.invariants),
      `  "steps": [\n${trace.steps.map((s) => `    ${JSON.stringify(s)}`).join(',\n')}\n  ]`,
      field('outcome', trace.outcome),
    ].join(',\n'),
    '}',
    '',
  ].join('\n')
}
