/** Settings of the transaction layer. */
import { defaultTimerConfig, type TimerConfig } from './timers.ts'

export interface TransactionConfig extends TimerConfig {
  /**
   * §17.2.1: the INVITE server transaction sends 100 Trying unless the TU answers
   * within 200 ms. `auto` sends it on creation; `tu` leaves it to the TU.
   */
  readonly trying: 'auto' | 'tu'
  /**
   * RFC 4475 §3.2.1 (badbranch): `branch=z9hG4bK` with nothing after it carries no
   * transaction identifier. `reject` reports it as `bad-request` so the UA answers
   * 400 statelessly (the preferred choice); `rfc2543` matches it as a cookie-less branch.
   * An ACK is never rejected: it is always matched the RFC 2543 way.
   */
  readonly badBranch: 'reject' | 'rfc2543'
  /**
   * Live transactions at most. A request that would create one more server transaction is
   * reported as `overloaded` (the UA answers 503 statelessly, RFC 3261 §21.5.4) and
   * creates nothing; retransmissions of transactions already there still match.
   */
  readonly maxTransactions: number
}

export const defaultTransactionConfig: TransactionConfig = { ...defaultTimerConfig, trying: 'auto', badBranch: 'reject', maxTransactions: Number.POSITIVE_INFINITY }
