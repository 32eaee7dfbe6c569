/**
 * The driver's copy of the UA's keyed deadlines (DESIGN.md: timers are data), kept from
 * `timer` outputs: set when `at` is given, cleared when it is not.
 *
 * A binary min-heap on (deadline, order set) with lazy deletion: setting a key again or
 * clearing it leaves the old heap entry behind, skipped when it reaches the top. So
 * arming, clearing and finding the next due timer cost O(log n) with thousands of calls
 * armed, where a scan of every key cost O(n) per packet.
 */
import type { Millis, Output } from '../../core/ua/index.ts'

interface Entry {
  readonly key: string
  readonly at: Millis
  readonly seq: number
}

export interface TimerTable {
  /** Each armed key's live entry. */
  readonly live: Map<string, Entry>
  readonly heap: Array<Entry>
  seq: number
}

export const emptyTimerTable = (): TimerTable => ({ live: new Map(), heap: [], seq: 0 })

const before = (a: Entry, b: Entry): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq)

const push = (heap: Array<Entry>, e: Entry): void => {
  heap.push(e)
  let i = heap.length - 1
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (!before(heap[i]!, heap[parent]!)) break
    ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
    i = parent
  }
}

const pop = (heap: Array<Entry>): void => {
  const last = heap.pop()
  if (last === undefined || heap.length === 0) return
  heap[0] = last
  let i = 0
  for (;;) {
    const l = 2 * i + 1
    const r = l + 1
    let m = i
    if (l < heap.length && before(heap[l]!, heap[m]!)) m = l
    if (r < heap.length && before(heap[r]!, heap[m]!)) m = r
    if (m === i) return
    ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
    i = m
  }
}

/** The earliest live entry, dropping stale ones from the top. */
const top = (table: TimerTable): Entry | undefined => {
  for (;;) {
    const e = table.heap[0]
    if (e === undefined || table.live.get(e.key) === e) return e
    pop(table.heap)
  }
}

export const applyTimer = (table: TimerTable, output: Extract<Output, { type: 'timer' }>): void => {
  if (output.at === undefined) {
    table.live.delete(output.key)
    if (table.live.size === 0) table.heap.length = 0
    return
  }
  const entry: Entry = { key: output.key, at: output.at, seq: table.seq++ }
  table.live.set(output.key, entry)
  push(table.heap, entry)
  // Stale entries never outnumber live ones by much: rebuild when they would.
  if (table.heap.length > 64 && table.heap.length > 4 * table.live.size) {
    table.heap.length = 0
    for (const e of [...table.live.values()].sort((a, b) => (before(a, b) ? -1 : 1))) table.heap.push(e)
  }
}

/** The earliest deadline, or undefined when no timer is armed. */
export const earliest = (table: TimerTable): Millis | undefined => top(table)?.at

/** The key of the earliest timer due at `now` (ties: the one set first), taken off the table. */
export const takeDue = (table: TimerTable, now: Millis): string | undefined => {
  const e = top(table)
  if (e === undefined || e.at > now) return undefined
  pop(table.heap)
  table.live.delete(e.key)
  return e.key
}

/** How many timers are armed. */
export const armedCount = (table: TimerTable): number => table.live.size
