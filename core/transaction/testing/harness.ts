/**
 * A virtual-clock driver for tests (quinn-proto style): it keeps the timer table the
 * layer's outputs describe, feeds inputs, and fires due timers in deadline order.
 */
import type { TransactionInput } from '../input.ts'
import { step, type TransactionLayer } from '../layer.ts'
import type { TransactionOutput } from '../output.ts'
import type { Millis } from '../timers.ts'

export interface Harness {
  readonly layer: TransactionLayer
  readonly now: Millis
  /** The timer table as the driver sees it. */
  readonly timers: ReadonlyMap<string, Millis>
  /** Every output so far, each with the time and the kind of the input that produced it. */
  readonly log: ReadonlyArray<{ readonly at: Millis; readonly cause: TransactionInput['type']; readonly output: TransactionOutput }>
}

export const harness = (layer: TransactionLayer, now: Millis = 0): Harness => ({ layer, now, timers: new Map(), log: [] })

const apply = (h: Harness, input: TransactionInput, outputs: ReadonlyArray<TransactionOutput>, layer: TransactionLayer): Harness => {
  const timers = new Map(h.timers)
  for (const o of outputs) {
    if (o.type !== 'timer') continue
    if (o.at === undefined) timers.delete(o.key)
    else timers.set(o.key, o.at)
  }
  const { at, type: cause } = input
  return { layer, now: at, timers, log: [...h.log, ...outputs.map((output) => ({ at, cause, output }))] }
}

/** Feed one input (its `at` becomes the clock). */
export const feed = (h: Harness, input: TransactionInput): Harness => {
  const [layer, outputs] = step(h.layer, input)
  return apply(h, input, outputs, layer)
}

/** Fire every timer due at or before `until`, earliest first, then set the clock to `until`. */
export const runUntil = (h: Harness, until: Millis): Harness => {
  let cur = h
  for (;;) {
    let next: readonly [string, Millis] | undefined
    for (const entry of cur.timers) if (entry[1] <= until && (next === undefined || entry[1] < next[1])) next = entry
    if (next === undefined) return { ...cur, now: Math.max(cur.now, until) }
    const [key, at] = next
    const timers = new Map(cur.timers)
    timers.delete(key)
    cur = feed({ ...cur, timers }, { type: 'timer', key, at })
  }
}

/** The outputs logged since index `from`. */
export const outputsSince = (h: Harness, from: number): ReadonlyArray<TransactionOutput> => h.log.slice(from).map((e) => e.output)

export type Sent = { readonly at: Millis; readonly cause: TransactionInput['type']; readonly output: Extract<TransactionOutput, { type: 'send' }> }

export const sentMessages = (h: Harness): ReadonlyArray<Sent> =>
  h.log.flatMap((e) => (e.output.type === 'send' ? [{ at: e.at, cause: e.cause, output: e.output }] : []))
