/**
 * Swarm testing (TigerBeetle VOPR style): every knob of a fault plan derived from the
 * seed alone, so a failing run is replayed from its seed. Knobs are rounded so that
 * `describeFaults` prints them exactly.
 */
import { derivePrng, nextFloat, nextInt, type Prng } from '../core/random/index.ts'
import type { Millis } from '../core/ua/io.ts'
import type { Crash, FaultPlan, Hold, LinkFaults, LinkOverride, LossModel, Partition } from './fault-plan.ts'

/** A cursor over the PRNG, local to one call, so the draws read in order. */
interface Draw {
  prng: Prng
}
const float = (d: Draw): number => {
  const [f, q] = nextFloat(d.prng)
  d.prng = q
  return f
}
const int = (d: Draw, min: number, max: number): number => {
  const [n, q] = nextInt(d.prng, min, max)
  d.prng = q
  return n
}
const chance = (d: Draw, p: number): boolean => float(d) < p
const round3 = (x: number): number => Math.round(x * 1000) / 1000
const between = (d: Draw, min: number, max: number): number => round3(min + float(d) * (max - min))

const drawLoss = (d: Draw): LossModel => {
  const kind = int(d, 0, 2)
  if (kind === 0) return { type: 'none' }
  if (kind === 1) return { type: 'random', p: between(d, 0, 0.3) }
  return {
    type: 'gilbert-elliott',
    p: between(d, 0.01, 0.1),
    r: between(d, 0.2, 0.8),
    lossGood: between(d, 0, 0.02),
    lossBad: between(d, 0.3, 0.9),
  }
}

const drawLink = (d: Draw): LinkFaults => {
  const latency = int(d, 1, 150)
  return {
    latency,
    jitter: int(d, 0, Math.floor(latency / 2)),
    loss: drawLoss(d),
    duplicate: chance(d, 0.5) ? between(d, 0, 0.1) : 0,
    reorder: chance(d, 0.5) ? between(d, 0, 0.2) : 0,
    reorderGap: int(d, 10, 100),
  }
}

const pick = <A>(d: Draw, xs: ReadonlyArray<A>): A | undefined => xs[int(d, 0, Math.max(0, xs.length - 1))]

export interface SwarmOptions {
  /** Fix the end of the safety phase instead of drawing it. */
  readonly healAt?: Millis
}

/** A fault plan whose every knob derives from `seed` (nodes by name, in scenario order). */
export const swarmFaults = (seed: number, nodes: ReadonlyArray<string>, options: SwarmOptions = {}): FaultPlan => {
  const d: Draw = { prng: derivePrng(seed, 'faults') }
  const drawnHeal = int(d, 5, 40) * 1000
  const healAt = options.healAt ?? drawnHeal
  const links = drawLink(d)
  const overrides: LinkOverride[] = []
  const partitions: Partition[] = []
  const holds: Hold[] = []
  const crashes: Crash[] = []
  const window = (): { start: Millis; end: Millis } => {
    const start = int(d, 0, Math.floor(healAt / 2))
    return { start, end: Math.min(healAt, start + int(d, 100, Math.floor(healAt / 2))) }
  }
  if (nodes.length >= 2) {
    if (chance(d, 0.3)) {
      const from = pick(d, nodes) ?? ''
      const to = pick(d, nodes.filter((n) => n !== from)) ?? ''
      overrides.push({ from, to, faults: drawLink(d) })
    }
    if (chance(d, 0.3)) {
      const a = nodes.filter(() => chance(d, 0.5))
      const side = a.length === 0 || a.length === nodes.length ? nodes.slice(0, 1) : a
      partitions.push({ a: side, b: nodes.filter((n) => !side.includes(n)), oneWay: chance(d, 0.5), ...window() })
    }
    if (chance(d, 0.2)) {
      const from = pick(d, nodes) ?? ''
      const to = pick(d, nodes.filter((n) => n !== from)) ?? ''
      holds.push({ from, to, ...window() })
    }
  }
  if (nodes.length >= 1 && chance(d, 0.2)) {
    const { start, end } = window()
    crashes.push({ node: pick(d, nodes) ?? '', at: start, restartAt: end })
  }
  return { seed, mode: 'swarm', healAt, links, overrides, partitions, holds, crashes }
}
