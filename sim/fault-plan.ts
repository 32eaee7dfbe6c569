/**
 * A fault plan: plain data describing the network and node faults of one run, in the
 * netem model. Faults apply during the safety phase only; at `healAt` the network heals
 * (partitions and holds end, crashed nodes restart, no more loss, duplication or
 * reordering; latency and jitter stay).
 */
import * as t from 'io-ts'
import type { Millis } from '../core/ua/io.ts'

/** Per-packet loss. Gilbert–Elliott: a two-state chain, `p` good→bad, `r` bad→good. */
export type LossModel =
  | { readonly type: 'none' }
  | { readonly type: 'random'; readonly p: number }
  | {
      readonly type: 'gilbert-elliott'
      readonly p: number
      readonly r: number
      /** Loss probability in the good state (netem's 1-k). */
      readonly lossGood: number
      /** Loss probability in the bad state (netem's 1-h). */
      readonly lossBad: number
    }

/** The knobs of one directed link. */
export interface LinkFaults {
  readonly latency: Millis
  /** Extra delay drawn uniformly from [0, jitter]. */
  readonly jitter: Millis
  readonly loss: LossModel
  /** Probability that a packet is delivered twice. */
  readonly duplicate: number
  /** Probability that a packet is held back `reorderGap` ms, letting later ones overtake it. */
  readonly reorder: number
  readonly reorderGap: Millis
}

export interface LinkOverride {
  readonly from: string
  readonly to: string
  readonly faults: LinkFaults
}

/** Drops packets from side `a` to side `b` (and back unless `oneWay`) sent in [start, end). */
export interface Partition {
  readonly a: ReadonlyArray<string>
  readonly b: ReadonlyArray<string>
  readonly oneWay: boolean
  readonly start: Millis
  /** Heal time; the plan's `healAt` when absent. */
  readonly end?: Millis
}

/** Holds the directed link: packets due in [start, end) are released together at `end`. */
export interface Hold {
  readonly from: string
  readonly to: string
  readonly start: Millis
  readonly end?: Millis
}

/** The node loses its state and timers at `at` and restarts from its initial state. */
export interface Crash {
  readonly node: string
  readonly at: Millis
  /** The plan's `healAt` when absent. */
  readonly restartAt?: Millis
}

export interface FaultPlan {
  /** The world seed: every random choice of the run derives from it. */
  readonly seed: number
  /** How the knobs were chosen: given explicitly or derived from the seed (swarm). */
  readonly mode: 'explicit' | 'swarm'
  /** End of the safety phase. */
  readonly healAt: Millis
  /** Knobs of every directed link without an override. */
  readonly links: LinkFaults
  readonly overrides: ReadonlyArray<LinkOverride>
  readonly partitions: ReadonlyArray<Partition>
  readonly holds: ReadonlyArray<Hold>
  readonly crashes: ReadonlyArray<Crash>
}

/** Half of Timer B/F (64·T1): long enough for a SIP exchange to be disturbed. */
export const DEFAULT_HEAL_AT: Millis = 16_000

export const cleanLink = (latency: Millis = 10): LinkFaults => ({
  latency,
  jitter: 0,
  loss: { type: 'none' },
  duplicate: 0,
  reorder: 0,
  reorderGap: 0,
})

/** A plan with no faults at all: only a fixed latency. */
export const noFaults = (seed: number, latency: Millis = 10): FaultPlan => ({
  seed,
  mode: 'explicit',
  healAt: DEFAULT_HEAL_AT,
  links: cleanLink(latency),
  overrides: [],
  partitions: [],
  holds: [],
  crashes: [],
})

/** The knobs of the directed link `from` → `to`. */
export const linkFaultsOf = (plan: FaultPlan, from: string, to: string): LinkFaults =>
  plan.overrides.find((o) => o.from === from && o.to === to)?.faults ?? plan.links

/** Whether a packet `from` → `to` sent at `at` is cut by a partition. */
export const partitioned = (plan: FaultPlan, from: string, to: string, at: Millis): boolean =>
  plan.partitions.some((p) => {
    if (at < p.start || at >= Math.min(p.end ?? plan.healAt, plan.healAt)) return false
    const forward = p.a.includes(from) && p.b.includes(to)
    const backward = p.b.includes(from) && p.a.includes(to)
    return forward || (!p.oneWay && backward)
  })

/** When a packet due at `due` on `from` → `to` is actually delivered, given holds. */
export const releaseTime = (plan: FaultPlan, from: string, to: string, due: Millis): Millis =>
  plan.holds.reduce((time, h) => {
    const end = Math.min(h.end ?? plan.healAt, plan.healAt)
    return h.from === from && h.to === to && time >= h.start && time < end ? end : time
  }, due)

// ---------------------------------------------------------------------------
// Codec

const bounded = (name: string, min: number, max: number, integer = false): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && u >= min && u <= max && (!integer || Number.isInteger(u)),
    (u, c) =>
      typeof u === 'number' && u >= min && u <= max && (!integer || Number.isInteger(u))
        ? t.success(u)
        : t.failure(u, c, `expected ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`),
    t.identity,
  )

export const probabilityCodec = bounded('Probability', 0, 1)
export const millisCodec = bounded('Millis', 0, Number.MAX_SAFE_INTEGER)
export const seedCodec = bounded('Seed', 0, 0xffffffff, true)

const lossCodec: t.Type<LossModel, unknown, unknown> = t.union([
  t.type({ type: t.literal('none') }),
  t.type({ type: t.literal('random'), p: probabilityCodec }),
  t.type({
    type: t.literal('gilbert-elliott'),
    p: probabilityCodec,
    r: probabilityCodec,
    lossGood: probabilityCodec,
    lossBad: probabilityCodec,
  }),
])

export const linkFaultsCodec: t.Type<LinkFaults, unknown, unknown> = t.type({
  latency: millisCodec,
  jitter: millisCodec,
  loss: lossCodec,
  duplicate: probabilityCodec,
  reorder: probabilityCodec,
  reorderGap: millisCodec,
})

const partitionCodec: t.Type<Partition, unknown, unknown> = t.intersection([
  t.type({ a: t.readonlyArray(t.string), b: t.readonlyArray(t.string), oneWay: t.boolean, start: millisCodec }),
  t.partial({ end: millisCodec }),
])

const holdCodec: t.Type<Hold, unknown, unknown> = t.intersection([
  t.type({ from: t.string, to: t.string, start: millisCodec }),
  t.partial({ end: millisCodec }),
])

const crashCodec: t.Type<Crash, unknown, unknown> = t.intersection([
  t.type({ node: t.string, at: millisCodec }),
  t.partial({ restartAt: millisCodec }),
])

export const faultPlanCodec: t.Type<FaultPlan, unknown, unknown> = t.type({
  seed: seedCodec,
  mode: t.union([t.literal('explicit'), t.literal('swarm')]),
  healAt: millisCodec,
  links: linkFaultsCodec,
  overrides: t.readonlyArray(t.type({ from: t.string, to: t.string, faults: linkFaultsCodec })),
  partitions: t.readonlyArray(partitionCodec),
  holds: t.readonlyArray(holdCodec),
  crashes: t.readonlyArray(crashCodec),
})
