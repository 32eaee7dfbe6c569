/**
 * Finding the transaction a message belongs to.
 * - Responses (§17.1.3): top-Via branch and CSeq method. The client transaction id
 *   is built from exactly these, so matching is a lookup.
 * - Requests (§17.2.3): with the `z9hG4bK` cookie, branch + sent-by + method, where
 *   an ACK matches the INVITE and a CANCEL is its own transaction; without it
 *   (RFC 2543, T-M-2), Request-URI, tags, Call-ID, CSeq and top Via.
 * - CANCEL (§9.2): the INVITE server transaction it targets.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { CSeq, SipMessage, SipRequest, Via } from '../message/index.ts'
import { branchOf, callIdOf, cseqOf, fromTagOf, magicCookie, sameVia, sentByOf, toTagOf, topVia } from './fields.ts'
import type { InviteServerState } from './invite-server.ts'
import type { BadRequestProblem } from './output.ts'
import { clientTransactionId, type TransactionId } from './transaction-id.ts'
import { isServer, type InviteServerTransaction, type ServerKey, type ServerTransaction, type Transaction } from './transaction.ts'

export type BranchKind =
  /** Starts with the cookie and has more after it (§8.1.1.7). */
  | 'rfc3261'
  /** Exactly `z9hG4bK` (RFC 4475 §3.2.1 badbranch). */
  | 'magic-cookie-only'
  /** No branch, or one without the cookie (RFC 2543). */
  | 'rfc2543'

export const branchKind = (branch: string | undefined): BranchKind =>
  branch === undefined || !branch.startsWith(magicCookie) ? 'rfc2543' : branch === magicCookie ? 'magic-cookie-only' : 'rfc3261'

/**
 * The client transaction a message belongs to (§17.1.3): top Via branch and CSeq method. For a
 * response, the one it answers; for a request we sent, its own. Left when it can belong to none.
 */
export const clientTransactionIdOf = (message: SipMessage): E.Either<string, TransactionId> => {
  const via = topVia(message)
  if (E.isLeft(via)) return via
  const cseq = cseqOf(message)
  if (E.isLeft(cseq)) return cseq
  const branch = branchOf(via.right)
  return branch === undefined ? E.left('the top Via has no branch') : E.right(clientTransactionId(cseq.right.method, branch))
}

/** A received request, read once. */
export interface RequestView {
  readonly request: SipRequest
  readonly via: Via
  readonly cseq: CSeq
  readonly branch: string | undefined
}

/** Why a request cannot enter the layer: drop it, or let the UA answer 400. */
export type RequestProblem =
  | { readonly type: 'drop'; readonly reason: string }
  | { readonly type: 'bad-request'; readonly problem: BadRequestProblem; readonly reason: string }

const badRequest = (request: SipRequest, problem: BadRequestProblem, reason: string): RequestProblem =>
  // An ACK is never answered (§17.1.1.3, §17.2.1).
  request.method === 'ACK' ? { type: 'drop', reason } : { type: 'bad-request', problem, reason }

export const readRequest = (request: SipRequest): E.Either<RequestProblem, RequestView> => {
  const via = topVia(request)
  // Without a usable Via there is nowhere to send a response (§18.2.2).
  if (E.isLeft(via)) return E.left({ type: 'drop', reason: via.left })
  const cseq = cseqOf(request)
  if (E.isLeft(cseq)) return E.left(badRequest(request, 'bad-cseq', cseq.left))
  // RFC 4475 §3.1.2.17 mismatch01: a 400 (methods are case-sensitive, §7.1).
  if (cseq.right.method !== request.method)
    return E.left(badRequest(request, 'cseq-method-mismatch', `CSeq method ${cseq.right.method} differs from ${request.method}`))
  return E.right({ request, via: via.right, cseq: cseq.right, branch: branchOf(via.right) })
}

/** The key a request is matched (or a new server transaction is filed) under. `rfc2543` chooses the fallback. */
export const serverKeyOf = (view: RequestView, rfc2543: boolean): E.Either<RequestProblem, ServerKey> => {
  if (!rfc2543 && view.branch !== undefined) {
    // §17.2.3: the ACK of a non-2xx matches the INVITE's transaction.
    const method = view.request.method === 'ACK' ? 'INVITE' : view.request.method
    return E.right({ type: 'rfc3261', branch: view.branch, sentBy: sentByOf(view.via), method })
  }
  const fromTag = fromTagOf(view.request)
  if (E.isLeft(fromTag)) return E.left(badRequest(view.request, 'bad-from-or-to', fromTag.left))
  const toTag = toTagOf(view.request)
  if (E.isLeft(toTag)) return E.left(badRequest(view.request, 'bad-from-or-to', toTag.left))
  return E.right({
    type: 'rfc2543',
    uri: view.request.uri,
    callId: callIdOf(view.request),
    fromTag: fromTag.right,
    toTag: toTag.right,
    cseq: view.cseq,
    via: view.via,
  })
}

/** The To tag of the latest response an INVITE server transaction sent. */
const sentToTag = (tx: ServerTransaction): string | undefined => {
  if (tx.response === undefined) return undefined
  const tag = toTagOf(tx.response)
  return E.isRight(tag) ? tag.right : undefined
}

/** §17.2.3 for one transaction. `ack` is true when the request is an ACK. */
export const keyMatches = (tx: ServerTransaction, key: ServerKey, ack: boolean): boolean => {
  const own = tx.key
  if (own.type === 'rfc3261' && key.type === 'rfc3261') {
    return own.branch === key.branch && own.sentBy === key.sentBy && own.method === key.method
  }
  if (own.type === 'rfc2543' && key.type === 'rfc2543') {
    const common =
      own.uri === key.uri && own.callId === key.callId && own.fromTag === key.fromTag && own.cseq.seq === key.cseq.seq && sameVia(own.via, key.via)
    if (!common) return false
    // T-M-2: an ACK matches the INVITE when its To tag is the one of the response the server sent.
    if (ack) return tx.type === 'invite-server' && key.toTag === sentToTag(tx)
    return own.cseq.method === key.cseq.method && own.toTag === key.toTag
  }
  return false
}

/** The index key of an RFC 3261 server key (branch, sent-by, method; §17.2.3). */
export const indexKeyOf = (key: ServerKey): string | undefined =>
  key.type === 'rfc3261' ? `${key.branch}\n${key.sentBy}\n${key.method}` : undefined

/**
 * §17.2.3: the server transaction a request belongs to. RFC 3261 keys are looked up in
 * the layer's index (one map lookup, whatever the number of live transactions); the RFC
 * 2543 fallback compares field by field, over the transactions in creation order.
 */
export const findServerTransaction = (
  layer: { readonly transactions: ReadonlyMap<TransactionId, Transaction>; readonly serverIndex: ReadonlyMap<string, TransactionId> },
  key: ServerKey,
  ack: boolean,
): ServerTransaction | undefined => {
  const indexed = indexKeyOf(key)
  if (indexed !== undefined) {
    const tx = layer.transactions.get(layer.serverIndex.get(indexed) ?? '')
    return tx !== undefined && isServer(tx) && keyMatches(tx, key, ack) ? tx : undefined
  }
  for (const tx of layer.transactions.values()) if (isServer(tx) && keyMatches(tx, key, ack)) return tx
  return undefined
}

/** What `matchCancel` finds: the INVITE server transaction and where it is. */
export interface CancelTarget {
  readonly transaction: TransactionId
  readonly state: InviteServerState
}

/**
 * §9.2: the INVITE server transaction a CANCEL targets, matched by §17.2.3 as if the
 * CANCEL's method were INVITE. Undefined: the UA answers 481. Found in Proceeding:
 * 200 to the CANCEL and 487 to the INVITE. Found later: 200, nothing else changes.
 */
export const matchCancel = (
  layer: { readonly transactions: ReadonlyMap<TransactionId, Transaction>; readonly serverIndex: ReadonlyMap<string, TransactionId> },
  cancel: SipRequest,
): CancelTarget | undefined => {
  if (cancel.method !== 'CANCEL') return undefined
  const view = readRequest(cancel)
  if (E.isLeft(view)) return undefined
  const key = serverKeyOf(view.right, branchKind(view.right.branch) !== 'rfc3261')
  if (E.isLeft(key)) return undefined
  const asInvite: ServerKey =
    key.right.type === 'rfc3261' ? { ...key.right, method: 'INVITE' } : { ...key.right, cseq: { seq: key.right.cseq.seq, method: 'INVITE' } }
  const tx = findServerTransaction(layer, asInvite, false)
  return tx?.type === 'invite-server' ? target(tx) : undefined
}

const target = (tx: InviteServerTransaction): CancelTarget => ({ transaction: tx.id, state: tx.state })
