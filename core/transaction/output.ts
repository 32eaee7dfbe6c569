/** What the transaction layer gives out: sends, timers and notices for the TU. */
import type { SipMessage, SipRequest, SipResponse } from '../message/index.ts'
import type { HostPort, TransportName } from './endpoint.ts'
import type { Millis } from './timers.ts'
import type { TransactionId } from './transaction-id.ts'

/** Why a request is answered 400 statelessly by the UA, without a transaction. */
export type BadRequestProblem =
  /** RFC 4475 §3.2.1 badbranch: `branch=z9hG4bK` and nothing after it. */
  | 'branch-is-magic-cookie'
  /** RFC 4475 §3.1.2.17/18 mismatch01/02: the CSeq method differs from the Request-Line's (501 is fine for an unknown method). */
  | 'cseq-method-mismatch'
  /** No CSeq, or one that does not parse (§8.1.1, §20.16). */
  | 'bad-cseq'
  /** RFC 2543 matching needs the From and To tags, and those did not parse. */
  | 'bad-from-or-to'

export type TransactionOutput =
  /** Send a message; the UA serializes it. */
  | {
      readonly type: 'send'
      readonly transaction: TransactionId
      readonly message: SipMessage
      readonly destination: HostPort
      readonly transport: TransportName
      readonly source?: HostPort
    }
  /** Set (`at` given) or clear (`at` undefined) the deadline of one timer key. */
  | { readonly type: 'timer'; readonly key: string; readonly at: Millis | undefined }
  /** A new server transaction: the TU must answer it with `send-response`. */
  | {
      readonly type: 'request'
      readonly transaction: TransactionId
      readonly request: SipRequest
      readonly source: HostPort
      readonly transport: TransportName
      readonly local?: HostPort
    }
  /**
   * A response for a client transaction. `passThrough` marks a 2xx that arrived when
   * the INVITE client transaction was already Accepted (a retransmission or another
   * fork, RFC 6026 §8.4): the TU ACKs each one (§13.2.2.4).
   */
  | { readonly type: 'response'; readonly transaction: TransactionId; readonly response: SipResponse; readonly passThrough: boolean }
  /**
   * An ACK for the TU: one that matched an INVITE server transaction in Accepted
   * (RFC 6026 §8.7, T-IS-8), or one that matched no transaction (`transaction`
   * undefined: the ACK of a 2xx, §17.2.3 and §13.3.1.4).
   */
  | {
      readonly type: 'ack'
      readonly transaction: TransactionId | undefined
      readonly request: SipRequest
      readonly source: HostPort
      readonly transport: TransportName
      readonly local?: HostPort
    }
  /** B or F fired (the request timed out), or H fired (no ACK came: the transaction failed). */
  | { readonly type: 'timeout'; readonly transaction: TransactionId; readonly timer: 'B' | 'F' | 'H' }
  | { readonly type: 'transport-error'; readonly transaction: TransactionId }
  /** The transaction reached Terminated and is gone; its timers were cleared. */
  | { readonly type: 'terminated'; readonly transaction: TransactionId }
  /** The UA should answer 400 statelessly (never to an ACK). */
  | {
      readonly type: 'bad-request'
      readonly problem: BadRequestProblem
      readonly reason: string
      readonly request: SipRequest
      readonly source: HostPort
      readonly transport: TransportName
      readonly local?: HostPort
    }
  /** A new request the layer had no room for (`maxTransactions`): the UA answers 503 statelessly. */
  | {
      readonly type: 'overloaded'
      readonly request: SipRequest
      readonly source: HostPort
      readonly transport: TransportName
      readonly local?: HostPort
    }
  /** A message the layer discarded, and why (for logs and traces). */
  | { readonly type: 'dropped'; readonly reason: string; readonly message: SipMessage }
  /** A TU input the layer cannot honour (unknown transaction, an ACK as a client transaction …). */
  | { readonly type: 'error'; readonly reason: string }
