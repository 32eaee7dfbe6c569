/** What the transaction layer takes in. Every input carries the time (`at`). */
import type { SipRequest, SipResponse } from '../message/index.ts'
import type { HostPort, TransportName } from './endpoint.ts'
import type { Millis } from './timers.ts'
import type { TransactionId } from './transaction-id.ts'

export type TransactionInput =
  /**
   * The TU sends a request: a new client transaction. The request already holds its
   * top Via with a `z9hG4bK` branch; the id is `clientTransactionId(method, branch)`.
   * Never an ACK: the non-2xx ACK is built here, the 2xx ACK is sent by the TU directly.
   */
  | {
      readonly type: 'send-request'
      readonly at: Millis
      readonly request: SipRequest
      readonly destination: HostPort
      readonly transport: TransportName
      readonly source?: HostPort
    }
  /** A response arrived from the network (already parsed). */
  | {
      readonly type: 'receive-response'
      readonly at: Millis
      readonly response: SipResponse
      readonly source: HostPort
      readonly transport: TransportName
    }
  /** A request arrived from the network (already parsed). */
  | {
      readonly type: 'receive-request'
      readonly at: Millis
      readonly request: SipRequest
      readonly source: HostPort
      readonly transport: TransportName
      /** The local address it arrived on; responses leave from there. */
      readonly local?: HostPort
    }
  /** The TU responds on a server transaction; `destination` overrides the request's source. */
  | {
      readonly type: 'send-response'
      readonly at: Millis
      readonly transaction: TransactionId
      readonly response: SipResponse
      readonly destination?: HostPort
    }
  /** A timer set by this layer fired. */
  | { readonly type: 'timer'; readonly at: Millis; readonly key: string }
  /** Sending a message of this transaction failed (§17.1.4, §17.2.4). */
  | { readonly type: 'transport-error'; readonly at: Millis; readonly transaction: TransactionId }
  /**
   * The TU destroys a transaction, e.g. §9.1: an INVITE whose CANCEL got no final
   * response within 64*T1. The transaction ends without telling the peer.
   */
  | { readonly type: 'abandon'; readonly at: Millis; readonly transaction: TransactionId }
