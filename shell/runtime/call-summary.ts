/** What `calls` shows of a user agent's calls. */
import { transferHistory, type TransferSummary, type UserAgent } from '../../core/ua/index.ts'

export interface CallSummary {
  readonly call: string
  readonly role: 'uac' | 'uas'
  readonly state: string
  readonly peer: string
  readonly held: boolean
  readonly consultation?: string
  /** The call's transfers so far, oldest first (also on its `ended` event). */
  readonly transfers?: ReadonlyArray<TransferSummary>
}

export const summarizeCalls = (ua: UserAgent): ReadonlyArray<CallSummary> =>
  [...ua.calls.values()].map((c) => ({
    call: c.id,
    role: c.role,
    state: c.state,
    peer: c.peer,
    held: c.media.localHold || c.media.remoteHold,
    ...(c.consultation === undefined ? {} : { consultation: c.consultation }),
    ...(c.transfers.length === 0 ? {} : { transfers: transferHistory(c) }),
  }))

/**
 * Nothing worth waiting for at shutdown: every call ended and no refer subscription open.
 * Transactions left in Completed only absorb retransmissions (RFC 3261 §17.2.2, Timer J).
 */
export const isSettled = (ua: UserAgent): boolean => ua.subscriptions.size === 0 && ua.liveCalls === 0
