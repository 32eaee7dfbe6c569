/**
 * One directed link in the netem model. Every packet takes the same number of draws
 * from the link's own stream whatever the knobs, so turning one knob (say loss) does
 * not shift the draws of another (say jitter), and links do not perturb each other.
 */
import { derivePrng, nextFloat, type Prng } from '../core/random/index.ts'
import type { Millis, TransportName } from '../core/ua/io.ts'
import type { LinkFaults } from './fault-plan.ts'
import type { DropReason, Fate } from './trace-step.ts'

export interface LinkState {
  readonly prng: Prng
  /** Gilbert–Elliott: in the bad (bursty loss) state. */
  readonly bad: boolean
  /** Latest delivery time so far: a reliable transport (TCP) never overtakes it. */
  readonly lastDelivery: Millis
}

export const linkKey = (from: string, to: string): string => `${from}->${to}`

export const initialLink = (seed: number, from: string, to: string): LinkState => ({
  prng: derivePrng(seed, `link:${linkKey(from, to)}`),
  bad: false,
  lastDelivery: 0,
})

export interface Transmission {
  readonly link: LinkState
  readonly fate: Fate
  readonly reason?: DropReason
  readonly deliverAt: ReadonlyArray<Millis>
}

/** Draws per packet: GE transition, loss, duplicate, then jitter and reorder for two copies. */
const DRAWS = 7

const draws = (prng: Prng): readonly [ReadonlyArray<number>, Prng] => {
  const out: number[] = []
  let p = prng
  for (let i = 0; i < DRAWS; i++) {
    const [f, q] = nextFloat(p)
    out.push(f)
    p = q
  }
  return [out, p]
}

/**
 * Sends one packet at `at`. With `faulty` false (the healed network) only latency and
 * jitter apply. TCP is reliable and in order: no loss, duplication or reordering.
 */
export const transmit = (
  link: LinkState,
  faults: LinkFaults,
  faulty: boolean,
  transport: TransportName,
  at: Millis,
): Transmission => {
  const [[uState = 0, uLoss = 0, uDup = 0, uJitter1 = 0, uReorder1 = 0, uJitter2 = 0, uReorder2 = 0], prng] = draws(link.prng)
  const lossy = faulty && transport === 'udp'
  const loss = faults.loss
  const bad =
    loss.type === 'gilbert-elliott' && lossy ? (link.bad ? !(uState < loss.r) : uState < loss.p) : link.bad
  const lossP =
    !lossy ? 0 : loss.type === 'random' ? loss.p : loss.type === 'gilbert-elliott' ? (bad ? loss.lossBad : loss.lossGood) : 0
  const delay = (uJitter: number, uReorder: number): Millis =>
    faults.latency +
    Math.floor(uJitter * (faults.jitter + 1)) +
    (lossy && uReorder < faults.reorder ? faults.reorderGap : 0)
  if (uLoss < lossP) return { link: { ...link, prng, bad }, fate: 'dropped', reason: 'loss', deliverAt: [] }
  const first = at + delay(uJitter1, uReorder1)
  if (transport === 'tcp') {
    const due = Math.max(first, link.lastDelivery)
    return { link: { prng, bad, lastDelivery: due }, fate: 'delivered', deliverAt: [due] }
  }
  const deliverAt = lossy && uDup < faults.duplicate ? [first, at + delay(uJitter2, uReorder2)] : [first]
  return {
    link: { prng, bad, lastDelivery: Math.max(link.lastDelivery, ...deliverAt) },
    fate: deliverAt.length === 2 ? 'duplicated' : 'delivered',
    deliverAt,
  }
}
