/**
 * The refer event package (RFC 3515 §2.4, RFC 6665): one implicit subscription per
 * accepted REFER, told apart by `Event: refer;id=<REFER CSeq>` (§2.4.6), living as its
 * own usage of a dialog (RFC 5057) so that a BYE of the session leaves it running.
 */
import type { Millis } from '../transaction/index.ts'

/** RFC 6665 §4.1.3 names the states: pending, active, terminated. */
export type SubscriptionStatus = 'pending' | 'active' | 'terminated'

/** A sipfrag status line reported in a NOTIFY (RFC 3515 §2.4.5). */
export interface FragStatus {
  readonly status: number
  readonly reason: string
}

export interface ReferSubscription {
  /** The UA's own handle ("s1"). */
  readonly id: string
  readonly role: 'notifier' | 'subscriber'
  /** The `id` event parameter: the REFER's CSeq number (RFC 3515 §2.4.6). */
  readonly event: string
  /** The dialog carrying the subscription, once it exists (RFC 6665 §4.4.1). */
  readonly dialog?: string
  /** Call-ID and our tag, to recognise a NOTIFY that creates the dialog (out-of-dialog REFER). */
  readonly callId: string
  readonly localTag: string
  readonly status: SubscriptionStatus
  /** The call being transferred (the transferor's call with the transferee, or the transferee's with the transferor). */
  readonly call: string
  readonly expiresAt: Millis
  /** Notifier: the call the REFER triggered. */
  readonly triggered?: string
  /** Notifier: a NOTIFY in flight (one at a time keeps their CSeqs in order) and when the last one left. */
  readonly inFlight?: string
  readonly lastNotifyAt?: Millis
  /** Notifier: the state to report once the one in flight completes (the latest provisional wins). */
  readonly queued?: { readonly frag: FragStatus; readonly final: boolean; readonly reason: TerminationReason }
  readonly finalQueued?: boolean
  /** Notifier: the last state reported, repeated on a refresh (RFC 6665 §4.2.1.2). */
  readonly lastReport?: FragStatus
  /** Subscriber: the last status reported. */
  readonly lastStatus?: number
  /** Subscriber: a SUBSCRIBE is out (a refresh, or an unsubscribe); Timer N waits for its NOTIFY (R6665-5). */
  readonly refreshing?: boolean
  /** Subscriber: we unsubscribed (R3515-15); the outcome may stay unknown, and that is no failure. */
  readonly unsubscribed?: boolean
}

/** Why a subscription ends (RFC 6665 §4.1.3): the report is complete, or it expired or was ended by the subscriber (R6665-16, R6665-20). */
export type TerminationReason = 'noresource' | 'timeout'

/** RFC 3515 §3.10 (R3515-23): no more than one NOTIFY a second. */
export const notifyInterval: Millis = 1000

/** How long the notifier offers the subscription (R3515-17: longer than the referenced INVITE may take). */
export const referSubscriptionSeconds = 180

/**
 * The Subscription-State of a NOTIFY (RFC 6665 §4.2.2). R3515-20: the final report is
 * terminated;reason=noresource; an expired or unsubscribed one is reason=timeout (R6665-16, R6665-20).
 */
export const subscriptionStateValue = (final: boolean, remainingMs: Millis, reason: TerminationReason = 'noresource'): string =>
  final ? `terminated;reason=${reason}` : `active;expires=${Math.max(0, Math.ceil(remainingMs / 1000))}`

/**
 * When the subscriber refreshes (RFC 6665 §4.1.2.2 leaves it to us): early enough that the
 * SUBSCRIBE's transaction (64·T1 at most) ends before the subscription does, and never
 * later than halfway through a short one. Undefined: too short to refresh.
 */
export const refreshAt = (at: Millis, expiresAt: Millis, t1: Millis): Millis | undefined => {
  const duration = expiresAt - at
  if (duration <= 0) return undefined
  return expiresAt - Math.min(64 * t1, Math.floor(duration / 2))
}

/** The Event header of a refer NOTIFY or SUBSCRIBE (R3515-19). */
export const referEventValue = (event: string): string => `refer;id=${event}`
