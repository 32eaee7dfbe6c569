/**
 * Shared timing helper for every benchmark: warm-up, then N runs of about T ms each,
 * reported as the median rate. Uses `performance.now()` only.
 *
 * A "pass" is one unit of work (e.g. parse every corpus message once) that returns how
 * many operations it did; a run repeats passes until T ms have elapsed, so the clock is
 * read once per pass, not once per operation.
 */

/** Time budget for one measurement. */
export interface Budget {
  /**
   * Least warm-up before measuring. Warm-up then continues, in windows of ~100 ms,
   * until the rate stops improving (3 windows without a 5% gain) or `maxWarmupMs`:
   * parsers built from big generated grammars (jssip, sip.js) take seconds to reach
   * their steady state, small ones a few hundred milliseconds.
   */
  readonly warmupMs: number
  /** Cap on the adaptive warm-up; at least `warmupMs`. */
  readonly maxWarmupMs: number
  /** How many timed runs; the median of their rates is reported. */
  readonly runs: number
  /** Length of one timed run. */
  readonly runMs: number
}

/** Options every registered benchmark receives from `bench/main.ts`. */
export interface BenchOptions extends Budget {
  /** Output mode: the dispatcher prints JSON instead of tables. Progress goes to stderr. */
  readonly json: boolean
  /** Arguments main.ts did not understand (benchmark-specific flags such as `--only=`). */
  readonly args: ReadonlyArray<string>
}

/** What a benchmark hands back to the dispatcher. */
export interface BenchOutcome {
  /** The value placed under the benchmark's name in the `--json` object. */
  readonly json: unknown
  /** Human-readable report (a table and its footnotes). */
  readonly text: string
}

export const defaultBudget: Budget = { warmupMs: 300, maxWarmupMs: 4000, runs: 5, runMs: 300 }
/** `--quick`: enough to see the order of magnitude while developing. */
export const quickBudget: Budget = { warmupMs: 100, maxWarmupMs: 1000, runs: 3, runMs: 100 }

export interface Measurement {
  /** Median of the per-run rates, operations per second. */
  readonly perSec: number
  /** Every run's rate, in run order. */
  readonly samples: ReadonlyArray<number>
  /** Operations done in the timed runs. */
  readonly ops: number
  /** How long the adaptive warm-up ran. */
  readonly warmupMs: number
}

/**
 * Results flow here so the optimiser cannot drop work whose result is unused.
 * Passes add a cheap checksum of what they read.
 */
let sinkValue = 0
export function sink(n: number): void {
  sinkValue = (sinkValue + n) | 0
}
export function sunk(): number {
  return sinkValue
}

export function median(xs: ReadonlyArray<number>): number {
  if (xs.length === 0) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  const hi = s[mid] ?? Number.NaN
  if (s.length % 2 === 1) return hi
  const lo = s[mid - 1] ?? hi
  return (lo + hi) / 2
}

/** Repeat `pass` for at least `ms` (and at least once); returns [ops, elapsed ms]. */
function runFor(pass: () => number, ms: number): readonly [number, number] {
  let ops = 0
  const t0 = performance.now()
  let elapsed = 0
  do {
    ops += pass()
    elapsed = performance.now() - t0
  } while (elapsed < ms)
  return [ops, elapsed]
}

/** Adaptive warm-up (see `Budget.warmupMs`); returns the time it took. */
export function warmUp(pass: () => number, budget: Budget): number {
  if (budget.warmupMs <= 0 && budget.maxWarmupMs <= 0) return 0
  const max = Math.max(budget.warmupMs, budget.maxWarmupMs)
  const window = Math.min(100, Math.max(1, budget.warmupMs))
  const t0 = performance.now()
  let best = 0
  let stale = 0
  let elapsed = 0
  while (elapsed < max) {
    const [ops, ms] = runFor(pass, window)
    const rate = ms > 0 ? ops / ms : 0
    if (rate > best * 1.05) {
      best = rate
      stale = 0
    } else stale++
    elapsed = performance.now() - t0
    if (elapsed >= budget.warmupMs && stale >= 3) break
  }
  return elapsed
}

export function measure(pass: () => number, budget: Budget): Measurement {
  const warmed = warmUp(pass, budget)
  const samples: number[] = []
  let total = 0
  const runs = Math.max(1, Math.floor(budget.runs))
  for (let i = 0; i < runs; i++) {
    const [ops, elapsed] = runFor(pass, budget.runMs)
    total += ops
    samples.push(elapsed > 0 ? (ops * 1000) / elapsed : Number.POSITIVE_INFINITY)
  }
  return { perSec: median(samples), samples, ops: total, warmupMs: warmed }
}

/**
 * Measure several passes fairly on a noisy machine: warm every pass up, then do the
 * runs round-robin (run 1 of each pass, run 2 of each, …), so a burst of load from
 * elsewhere lands on all of them rather than on whichever was being timed.
 */
export function measureInterleaved(passes: ReadonlyArray<() => number>, budget: Budget): ReadonlyArray<Measurement> {
  const warmed = passes.map((pass) => warmUp(pass, budget))
  const samples = passes.map((): number[] => [])
  const totals = passes.map(() => 0)
  const runs = Math.max(1, Math.floor(budget.runs))
  for (let r = 0; r < runs; r++) {
    passes.forEach((pass, i) => {
      const [ops, elapsed] = runFor(pass, budget.runMs)
      totals[i] = (totals[i] ?? 0) + ops
      samples[i]?.push(elapsed > 0 ? (ops * 1000) / elapsed : Number.POSITIVE_INFINITY)
    })
  }
  return samples.map((xs, i) => ({ perSec: median(xs), samples: xs, ops: totals[i] ?? 0, warmupMs: warmed[i] ?? 0 }))
}
