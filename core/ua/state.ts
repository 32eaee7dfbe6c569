/** The state of a user agent: plain readonly data, advanced only by `step`. */
import { emptyClientAuthState, emptyNonceStore, freshAuthAttempt, type AuthAttempt, type ClientAuthState, type NonceStore } from '../auth/index.ts'
import { emptyMap, type PersistentMap } from '../data/index.ts'
import type { Dialog } from '../dialog/index.ts'
import type { SipRequest, SipResponse } from '../message/index.ts'
import { derivePrng, type Prng } from '../random/index.ts'
import type { MediaSession, Sdp2xx, SessionState } from '../session/index.ts'
import type { ReferSubscription } from '../subscription/index.ts'
import type { Referral } from '../transfer/index.ts'
import { emptyLayer, nextDeadline as layerDeadline, type TransactionId, type TransactionLayer } from '../transaction/index.ts'
import { withDefaults, type UaConfig, type UaConfigInput } from './config.ts'
import type { Command } from './command.ts'
import type { EndReason } from './event.ts'
import type { HostPort, Millis, TransportName } from './io.ts'

/** A re-INVITE in progress on a call (RFC 3261 §14). */
export type Reinvite =
  | { readonly role: 'uac'; readonly transaction: TransactionId; readonly purpose: 'hold' | 'resume' | 'refresh'; readonly request: SipRequest }
  | {
      readonly role: 'uas'
      readonly transaction: TransactionId
      /** CSeq number of the re-INVITE: its ACK carries the same (§13.2.2.4). */
      readonly seq: number
      /** The 2xx retransmitted until its ACK (§13.3.1.4), once sent. */
      readonly response?: SipResponse
      readonly interval: Millis
      /** We offered in the 2xx (re-INVITE without SDP): the answer comes in the ACK. */
      readonly offeredInResponse: boolean
    }

/** One call: an INVITE session usage of a dialog, seen from the application. */
export interface Call {
  readonly id: string
  readonly role: 'uac' | 'uas'
  readonly state: SessionState
  readonly callId: string
  readonly localTag: string
  /** The dialog of the call (confirmed, or the latest early one). */
  readonly dialog?: string
  /** Every early dialog of a forked INVITE (§13.2.2.4). */
  readonly earlyDialogs: ReadonlyArray<string>
  /** The initial INVITE, sent or received. */
  readonly invite: SipRequest
  readonly inviteTransaction: TransactionId
  readonly destination: HostPort
  readonly transport: TransportName
  /** The peer's URI, for events. */
  readonly peer: string
  readonly media: MediaSession
  readonly mediaOpen: boolean
  /** UAC: hang-up asked before any provisional; CANCEL goes out with the first 1xx (§9.1). */
  readonly cancelPending: boolean
  readonly gotProvisional: boolean
  /** UAS: hang-up asked before the ACK; BYE goes out when it arrives (§15). */
  readonly byePending: boolean
  /** UAS: the 2xx retransmitted until ACK, and its current interval (§13.3.1.4). */
  readonly final2xx?: SipResponse
  readonly retransmitInterval: Millis
  /** UAC: the ACK sent for the 2xx, sent again for each retransmitted 2xx (§13.2.2.4). */
  readonly ack?: SipRequest
  readonly reinvite?: Reinvite
  /** A re-INVITE that met 491 and waits for its randomised retry (§14.1). */
  readonly glareRetry?: 'hold' | 'resume' | 'refresh'
  /** UAS offered in its 2xx (INVITE without SDP): the answer arrives in the ACK. */
  readonly offeredInResponse: boolean
  readonly auth: AuthAttempt
  readonly endReason?: EndReason
  readonly endStatus?: number
  /** Option tags the peer listed in Supported on the INVITE or its 2xx. */
  readonly peerSupported: ReadonlyArray<string>
  /** This call's transfers, oldest first. */
  readonly transfers: ReadonlyArray<TransferRecord>
  /** Transferor: the consultation call started from this one, and the reverse link. */
  readonly consultation?: string
  readonly consultationOf?: string
  /** Transferor: an attended transfer waiting for the consultation to be answered (RFC 5589 §7.6 Fig. 11). */
  readonly pendingAttended?: string
  /**
   * UAS: the 2xx's SDP, made when the INVITE's offer was checked, for as long as `media` is
   * that very session (any change to the session makes a new object, and this goes unused).
   */
  readonly prepared2xx?: { readonly media: MediaSession; readonly sdp: Sdp2xx }
  /** How long this outgoing call may ring (from its first provisional) before we CANCEL it. */
  readonly ringTimeoutMs?: number
  /** Transferee: this call was triggered by a REFER on `call` (reported through `subscription`). */
  readonly triggeredBy?: { readonly call: string; readonly subscription?: string }
  /** Target: this call replaces another dialog (RFC 3891), ended once we answer. */
  readonly replacing?: { readonly dialog: string; readonly end: 'bye' | 'cancel' }
  /** The reason to report when our BYE completes (a transfer or a replacement ends calls too). */
  readonly endAs?: EndReason
  /**
   * Commands given while our 2xx waits for its ACK, run once the session is confirmed
   * (§14.1: no re-INVITE while the INVITE server transaction is not yet confirmed).
   */
  readonly deferred?: ReadonlyArray<Command>
}

/** One transfer in a call's history. */
export interface TransferRecord {
  readonly role: 'transferor' | 'transferee'
  readonly target: string
  readonly kind: 'blind' | 'attended'
  /** `unknown`: we unsubscribed (R3515-15) before a final report came; neither success nor failure. */
  readonly outcome: 'pending' | 'accepted' | 'succeeded' | 'failed' | 'unknown'
  readonly status?: number
  readonly subscription?: string
  /** Transferee: what the REFER asked for, until the transfer is accepted or rejected. */
  readonly referral?: Referral
  readonly referredBy?: string
}

/** The application's handle of the n-th call: c1, c2 … */
export const callHandle = (n: number): string => `c${n}`

/** The fields every new call starts with; the role-specific ones are given. */
export const newCall = (
  fields: Pick<Call, 'id' | 'role' | 'state' | 'callId' | 'localTag' | 'invite' | 'inviteTransaction' | 'destination' | 'transport' | 'peer' | 'media' | 'peerSupported'> &
    Partial<Pick<Call, 'replacing' | 'prepared2xx'>>,
): Call => ({
  // Every field, optional ones as undefined, in one order: all calls share one shape, so
  // V8 keeps one hidden class for them and \`{ ...call, field }\` only ever overwrites.
  id: fields.id,
  role: fields.role,
  state: fields.state,
  callId: fields.callId,
  localTag: fields.localTag,
  dialog: undefined,
  earlyDialogs: [],
  invite: fields.invite,
  inviteTransaction: fields.inviteTransaction,
  destination: fields.destination,
  transport: fields.transport,
  peer: fields.peer,
  media: fields.media,
  mediaOpen: false,
  cancelPending: false,
  gotProvisional: false,
  byePending: false,
  final2xx: undefined,
  retransmitInterval: 0,
  ack: undefined,
  reinvite: undefined,
  glareRetry: undefined,
  offeredInResponse: false,
  auth: freshAuthAttempt,
  endReason: undefined,
  endStatus: undefined,
  peerSupported: fields.peerSupported,
  transfers: [],
  consultation: undefined,
  consultationOf: undefined,
  pendingAttended: undefined,
  prepared2xx: fields.prepared2xx,
  ringTimeoutMs: undefined,
  triggeredBy: undefined,
  replacing: fields.replacing,
  endAs: undefined,
  deferred: undefined,
})

/** Who started a client transaction, and so who gets its response. */
export type TxOwner =
  | { readonly type: 'invite'; readonly call: string }
  | { readonly type: 'reinvite'; readonly call: string }
  /** `fork`: the BYE ends a second fork's dialog (§13.2.2.4), not the call's own. */
  | { readonly type: 'bye'; readonly call: string; readonly fork?: boolean }
  | { readonly type: 'cancel'; readonly call: string }
  | { readonly type: 'keepalive'; readonly call: string }
  | { readonly type: 'options'; readonly target: string; readonly auth: AuthAttempt; readonly request: SipRequest }
  | { readonly type: 'register'; readonly registrar: string; readonly auth: AuthAttempt; readonly request: SipRequest }
  /** `request` is kept for an out-of-dialog REFER, whose 2xx creates the subscription's dialog. */
  | { readonly type: 'refer'; readonly call: string; readonly subscription: string; readonly request?: SipRequest; readonly earlyBye: boolean }
  | { readonly type: 'notify'; readonly subscription: string; readonly final: boolean }
  /** A subscriber's SUBSCRIBE: a refresh, or (`ending`) an unsubscribe. */
  | { readonly type: 'subscribe'; readonly subscription: string; readonly ending: boolean }

/**
 * Dialogs that ended lately, for the 603 of RFC 3891 §3 (R3891-8): key -> when. Two
 * generations of 64*T1 each, so forgetting old ones costs nothing per step.
 */
export interface EndedDialogs {
  readonly recent: PersistentMap<Millis>
  readonly older: PersistentMap<Millis>
  /** When `recent` was started. */
  readonly since: Millis
}

/**
 * The UA's maps are persistent (core/data): a step that changes one call, timer or
 * transaction shares the rest with the state it was given, so a step costs the same
 * with ten calls or ten thousand.
 */
export interface UserAgent {
  readonly config: UaConfig
  readonly prng: Prng
  readonly now: Millis
  readonly transactions: TransactionLayer
  readonly dialogs: PersistentMap<Dialog>
  readonly calls: PersistentMap<Call>
  /** Calls not yet Terminated (the `maxCalls` limit counts these). */
  readonly liveCalls: number
  /** Which call owns each dialog (its own and its early ones): a lookup, not a scan of every call. */
  readonly dialogCalls: PersistentMap<string>
  /** Client and server transactions the UA is waiting on, and what they are for. */
  readonly owners: PersistentMap<TxOwner>
  /** How many owned transactions work for each call (a call is forgotten only at zero). */
  readonly callOwners: PersistentMap<number>
  /** The INVITE and re-INVITE transactions of calls, by transaction: its end may let its call go. */
  readonly txCalls: PersistentMap<string>
  /** Calls holding commands until the session allows them (`Call.deferred`). */
  readonly deferredCalls: PersistentMap<true>
  /** UA-level timers (2xx retransmission, ACK wait, 491 back-off, auto-answer …): key -> deadline. */
  readonly timers: PersistentMap<Millis>
  readonly nextCall: number
  readonly nextCSeq: number
  readonly auth: ClientAuthState
  readonly nonces: NonceStore
  /** Refer subscriptions, as notifier or subscriber (RFC 3515), by the UA's handle. */
  readonly subscriptions: PersistentMap<ReferSubscription>
  readonly nextSubscription: number
  readonly endedDialogs: EndedDialogs
}

export const createUserAgent = (input: UaConfigInput): UserAgent => {
  const config = withDefaults(input)
  return {
    config,
    prng: derivePrng(config.seed, `ua:${config.user}@${config.address}:${config.port}`),
    now: 0,
    transactions: emptyLayer({ ...config.timers, maxTransactions: config.limits.maxTransactions }),
    dialogs: emptyMap(),
    calls: emptyMap(),
    liveCalls: 0,
    dialogCalls: emptyMap(),
    owners: emptyMap(),
    callOwners: emptyMap(),
    txCalls: emptyMap(),
    deferredCalls: emptyMap(),
    timers: emptyMap(),
    nextCall: 1,
    nextCSeq: 1,
    auth: emptyClientAuthState,
    nonces: emptyNonceStore,
    subscriptions: emptyMap(),
    nextSubscription: 1,
    endedDialogs: { recent: emptyMap(), older: emptyMap(), since: 0 },
  }
}

/** The earliest deadline of any timer, for the driver's sleep (DESIGN.md drain loop). */
export const nextDeadline = (ua: UserAgent): Millis | undefined => {
  let min = layerDeadline(ua.transactions)
  for (const at of ua.timers.values()) if (min === undefined || at < min) min = at
  return min
}

/** True when nothing is left open: no transaction, timer, dialog or call, nor an index entry for one (the simulator's quiescence). */
export const isQuiescent = (ua: UserAgent): boolean =>
  ua.transactions.transactions.size === 0 &&
  ua.timers.size === 0 &&
  ua.dialogs.size === 0 &&
  ua.calls.size === 0 &&
  ua.owners.size === 0 &&
  ua.subscriptions.size === 0 &&
  ua.callOwners.size === 0 &&
  ua.txCalls.size === 0 &&
  ua.deferredCalls.size === 0

export { freshAuthAttempt }
