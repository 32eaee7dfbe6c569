/**
 * The driver's copy of the UA's keyed deadlines (DESIGN.md: timers are data), kept from
 * `timer` outputs: set when `at` is given, cleared when it is not.
 */
import type { Millis, Output } from '../../core/ua/index.ts'

export type TimerTable = Map<string, Millis>

export const applyTimer = (table: TimerTable, output: Extract<Output, { type: 'timer' }>): void => {
  if (output.at === undefined) table.delete(output.key)
  else table.set(output.key, output.at)
}

/** The earliest deadline, or undefined when no timer is armed. */
export const earliest = (table: TimerTable): Millis | undefined => {
  let min: Millis | undefined
  for (const at of table.values()) if (min === undefined || at < min) min = at
  return min
}

/** The key of the earliest timer due at `now` (ties: the one set first). */
export const dueTimer = (table: TimerTable, now: Millis): string | undefined => {
  let key: string | undefined
  let min = Infinity
  for (const [k, at] of table) {
    if (at <= now && at < min) {
      key = k
      min = at
    }
  }
  return key
}
