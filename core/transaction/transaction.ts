/** The four kinds of transaction, as plain records. */
import type { Mutable } from '../data/index.ts'
import type { CSeq, SipRequest, SipResponse, Via } from '../message/index.ts'
import type { HostPort, TransportName } from './endpoint.ts'
import type { InviteClientState } from './invite-client.ts'
import type { InviteServerState } from './invite-server.ts'
import type { NonInviteClientState } from './non-invite-client.ts'
import type { NonInviteServerState } from './non-invite-server.ts'
import type { Millis, TimerName } from './timers.ts'
import type { TransactionId } from './transaction-id.ts'

/** Running timers and their deadlines. */
export type TimerDeadlines = Readonly<Partial<Record<TimerName, Millis>>>

interface Common {
  readonly id: TransactionId
  readonly transport: TransportName
  readonly createdAt: Millis
  readonly timers: TimerDeadlines
  /** The current interval of the retransmit timer (A, E or G). */
  readonly interval: Millis
}

interface ClientCommon extends Common {
  readonly request: SipRequest
  readonly branch: string
  readonly destination: HostPort
  /** Local address to send from, if the TU chose one. */
  readonly source?: HostPort
}

export interface InviteClientTransaction extends ClientCommon {
  readonly type: 'invite-client'
  readonly state: InviteClientState
}

export interface NonInviteClientTransaction extends ClientCommon {
  readonly type: 'non-invite-client'
  readonly state: NonInviteClientState
}

/**
 * How a server transaction is found again (§17.2.3). With the magic cookie:
 * branch, sent-by and method (INVITE for an ACK). Without it (RFC 2543): the
 * Request-URI, tags, Call-ID, CSeq and top Via of the request that created it.
 */
export type ServerKey =
  | { readonly type: 'rfc3261'; readonly branch: string; readonly sentBy: string; readonly method: string }
  | {
      readonly type: 'rfc2543'
      readonly uri: string
      readonly callId: string | undefined
      readonly fromTag: string | undefined
      readonly toTag: string | undefined
      readonly cseq: CSeq
      readonly via: Via
    }

interface ServerCommon extends Common {
  /**
   * The request that created the transaction, while its final response is still to come
   * (Trying, Proceeding). After that the transaction matches by `key` and answers from
   * `response` alone (§17.2.1, §17.2.2), and an ended call's INVITE and BYE transactions
   * wait 64·T1 (Timers J, L): the request is dropped then so they hold only what they use.
   */
  readonly request?: SipRequest
  readonly key: ServerKey
  /** Where responses go: the request's source unless the TU says otherwise (§18.2.2 is the UA's). */
  readonly peer: HostPort
  /** The local address the request arrived on, used as the source of responses. */
  readonly local?: HostPort
  /** The latest response sent, for retransmission. */
  readonly response?: SipResponse
}

export interface InviteServerTransaction extends ServerCommon {
  readonly type: 'invite-server'
  readonly state: InviteServerState
}

export interface NonInviteServerTransaction extends ServerCommon {
  readonly type: 'non-invite-server'
  readonly state: NonInviteServerState
}

export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction
export type Transaction = ClientTransaction | ServerTransaction

export const isServer = (tx: Transaction): tx is ServerTransaction => tx.type === 'invite-server' || tx.type === 'non-invite-server'

/**
 * A copy of a transaction to write the changed fields into (see `Mutable`): the sites that
 * change transactions see the shapes of all four kinds.
 */
export const copyOf = <T extends Transaction>(tx: T): Mutable<T> => ({ ...tx })
