/**
 * Transaction timers as data (RFC 3261 §17 and App. A Table 4, RFC 6026 §7–8).
 * A timer is a keyed deadline: the layer emits `{ type: 'timer', key, at }` and the
 * driver feeds `{ type: 'timer', key, at }` back when the deadline passes.
 */
import type { TransactionId } from './transaction-id.ts'

export type Millis = number

export type TimerName = 'A' | 'B' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M'

export const timerNames: ReadonlyArray<TimerName> = ['A', 'B', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M']

/** The base values every timer derives from, plus Timer D. */
export interface TimerConfig {
  /** RTT estimate, 500 ms default (§17.1.1.1). */
  readonly t1: Millis
  /** Cap on non-INVITE request and INVITE response retransmit intervals, 4 s (§17.1.2.2). */
  readonly t2: Millis
  /** Longest time a message stays in the network, 5 s (§17.1.2.2). */
  readonly t4: Millis
  /** Timer D on unreliable transports: "at least 32 seconds" (§17.1.1.2, RFC 6026 §8.4). */
  readonly d: Millis
}

export const defaultTimerConfig: TimerConfig = { t1: 500, t2: 4000, t4: 5000, d: 32_000 }

/**
 * How a duration is computed when a timer is started. The retransmit intervals
 * (A, E, G) keep their current value in the transaction, so `double` and
 * `double-capped` are relative to the previous interval.
 */
export type Interval =
  | 'T1' // first retransmit interval (A, E, G)
  | 'T2' // E once Proceeding (§17.1.2.2)
  | 'double' // A: 2× previous, no cap (§17.1.1.2)
  | 'double-capped' // E, G: MIN(2× previous, T2) (§17.1.2.2, §17.2.1)
  | '64*T1' // B, F, H, J, L, M
  | 'T4' // I, K
  | 'D' // D (config.d)

/**
 * What happens to a timer on a reliable transport:
 * - `kept`: runs as on UDP;
 * - `not-started`: retransmission timers A, E, G are never started (§17.1.1.2, §17.1.2.2, §17.2.1);
 * - `zero`: D, I, J, K are zero, so the state they guard is left at once.
 */
export type OnReliable = 'kept' | 'not-started' | 'zero'

export interface TimerRule {
  readonly onReliable: OnReliable
  /** Where the rule is written. */
  readonly section: string
  readonly meaning: string
}

export const timerRules: { readonly [T in TimerName]: TimerRule } = {
  A: { onReliable: 'not-started', section: '3261 §17.1.1.2', meaning: 'INVITE request retransmit, T1 doubling without cap' },
  B: { onReliable: 'kept', section: '3261 §17.1.1.2', meaning: 'INVITE client timeout in Calling, 64*T1' },
  D: { onReliable: 'zero', section: '3261 §17.1.1.2, 6026 §8.4', meaning: 'INVITE client absorbs non-2xx retransmissions, >= 32 s' },
  E: { onReliable: 'not-started', section: '3261 §17.1.2.2', meaning: 'non-INVITE request retransmit, T1 doubling capped at T2' },
  F: { onReliable: 'kept', section: '3261 §17.1.2.2', meaning: 'non-INVITE client timeout, 64*T1' },
  G: { onReliable: 'not-started', section: '3261 §17.2.1', meaning: 'INVITE non-2xx final retransmit, T1 doubling capped at T2' },
  H: { onReliable: 'kept', section: '3261 §17.2.1', meaning: 'INVITE server waits for the ACK, 64*T1' },
  I: { onReliable: 'zero', section: '3261 §17.2.1', meaning: 'INVITE server absorbs ACK retransmissions, T4' },
  J: { onReliable: 'zero', section: '3261 §17.2.2', meaning: 'non-INVITE server absorbs request retransmissions, 64*T1' },
  K: { onReliable: 'zero', section: '3261 §17.1.2.2', meaning: 'non-INVITE client absorbs response retransmissions, T4' },
  L: { onReliable: 'kept', section: '6026 §7.1, §8.7', meaning: 'INVITE server stays Accepted after a 2xx, 64*T1' },
  M: { onReliable: 'kept', section: '6026 §7.2, §8.4', meaning: 'INVITE client stays Accepted after a 2xx, 64*T1' },
}

/** The duration of one timer start, given the transaction's current retransmit interval. */
export const intervalValue = (config: TimerConfig, interval: Interval, previous: Millis): Millis => {
  switch (interval) {
    case 'T1':
      return config.t1
    case 'T2':
      return config.t2
    case 'double':
      return previous * 2
    case 'double-capped':
      return Math.min(previous * 2, config.t2)
    case '64*T1':
      return 64 * config.t1
    case 'T4':
      return config.t4
    case 'D':
      return config.d
  }
}

/** True for the retransmit intervals, whose value the transaction remembers. */
export const isRetransmitInterval = (interval: Interval): boolean =>
  interval === 'T1' || interval === 'T2' || interval === 'double' || interval === 'double-capped'

const prefix = 'tx/'

/** The timer key of one transaction's timer: `tx/<id>/<name>`. */
export const timerKey = (id: TransactionId, name: TimerName): string => `${prefix}${id}/${name}`

/** True when a timer key belongs to the transaction layer (the UA routes on this). */
export const isTransactionTimerKey = (key: string): boolean => key.startsWith(prefix)

const isTimerName = (s: string): s is TimerName => (timerNames as ReadonlyArray<string>).includes(s)

/** The transaction and timer a key names, or undefined for a key that is not ours. */
export const parseTimerKey = (key: string): { readonly id: TransactionId; readonly timer: TimerName } | undefined => {
  if (!key.startsWith(prefix)) return undefined
  const slash = key.lastIndexOf('/')
  const name = key.slice(slash + 1)
  const id = key.slice(prefix.length, slash)
  return slash > prefix.length - 1 && id.length > 0 && isTimerName(name) ? { id, timer: name } : undefined
}
