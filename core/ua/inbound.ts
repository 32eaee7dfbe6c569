/**
 * Requests that reach the UA core (RFC 3261 §8.2, §12.2.2): validation, the digest
 * server, dialog matching (481 when nothing matches), and the method handlers.
 */
import * as E from 'fp-ts/lib/Either.js'
import { createChallenge, verifyCredentials } from '../auth/index.ts'
import { dialogKey, receiveRequest, requestDialogId } from '../dialog/index.ts'
import { codecs, field, headerValue, headerValues, type HeaderField, type SipRequest } from '../message/index.ts'
import { matchCancel, type TransactionId } from '../transaction/index.ts'
import { clearCallTimer, endCall, putDialog, sendBye } from './call-common.ts'
import { answerCall, cancelIncoming, confirmedByPeer, onAckOfInvite, onIncomingInvite, respond } from './call-uas.ts'
import { callOfDialog, emit, send, token, type Ctx } from './context.ts'
import type { HostPort, TransportName } from './io.ts'
import { onReinviteAck, onReinviteRequest } from './reinvite.ts'
import { makeResponse } from './responses.ts'
import { acceptHeader, allowHeader, checkRequest, supportedHeader } from './validate-request.ts'
import { allowedMethods } from './config.ts'
import { targetDialogKey } from '../transfer/index.ts'
import { grantedSeconds, refreshNotifier } from './subscriptions.ts'
import { onReplacingInvite } from './target.ts'
import { onRefer } from './transferee.ts'
import { onReferNotify, subscriberFor } from './transferor.ts'
import type { BadRequestProblem } from '../transaction/index.ts'

export interface RequestArrival {
  readonly transaction: TransactionId
  readonly request: SipRequest
  readonly source: HostPort
  readonly transport: TransportName
}

/** Answer on the server transaction; a To tag is added to non-100 finals that lack one (§8.2.6.2). */
const answer = (ctx: Ctx, arrival: RequestArrival, status: number, options: { readonly reason?: string; readonly headers?: ReadonlyArray<HeaderField> } = {}): void =>
  respond(ctx, arrival.transaction, makeResponse(arrival.request, status, { ...options, toTag: token(ctx, 10) }))

/** A new server transaction from the transaction layer. */
export const onRequest = (ctx: Ctx, arrival: RequestArrival): void => {
  const req = arrival.request
  const rejection = checkRequest(req, ctx.ua.config)
  if (rejection !== undefined) return answer(ctx, arrival, rejection.status, rejection)
  if (!authorized(ctx, arrival)) return
  if (req.method === 'CANCEL') return onCancel(ctx, arrival)
  const id = requestDialogId(req)
  if (E.isLeft(id)) return answer(ctx, arrival, 400, { reason: id.left })
  if (id.right.localTag !== '') return inDialog(ctx, arrival, dialogKey(id.right))
  switch (req.method) {
    case 'INVITE':
      if (ctx.ua.config.extensions.replaces && req.headers.some((h) => h.key === 'replaces')) return onReplacingInvite(ctx, arrival)
      onIncomingInvite(ctx, req, arrival)
      return
    case 'OPTIONS':
      // §11.2: what we can do.
      return answer(ctx, arrival, 200, { headers: [allowHeader(ctx.ua.config), acceptHeader(), supportedHeader(ctx.ua.config)] })
    case 'SUBSCRIBE':
      // RFC 3515 §2.4.4 (R3515-16): only REFER creates a refer subscription.
      return answer(ctx, arrival, isReferEvent(req) ? 403 : 489)
    case 'REFER':
      return outOfDialogRefer(ctx, arrival)
    default:
      // BYE, NOTIFY and the rest need a dialog (§12.2.2).
      return answer(ctx, arrival, 481)
  }
}

const isReferEvent = (req: SipRequest): boolean => {
  const events = headerValues(req, codecs.event)
  return E.isRight(events) && events.right.some((e) => e.package.toLowerCase() === 'refer')
}

/** §12.2.2: a request with a To tag belongs to a dialog, or gets 481. */
const inDialog = (ctx: Ctx, arrival: RequestArrival, key: string): void => {
  const req = arrival.request
  const dialog = ctx.ua.dialogs.get(key)
  if (dialog === undefined) {
    // The first NOTIFY of an out-of-dialog REFER may arrive before its 2xx made the dialog (R3515-14).
    const sub = req.method === 'NOTIFY' ? subscriberFor(ctx, undefined, req) : undefined
    if (sub !== undefined) return onReferNotify(ctx, arrival, sub)
    return answer(ctx, arrival, 481)
  }
  const accepted = receiveRequest(dialog, req)
  if (E.isLeft(accepted)) return answer(ctx, arrival, accepted.left.status, { reason: accepted.left.reason })
  putDialog(ctx, accepted.right)
  const found = callOfDialog(ctx, key)
  const call = found === undefined ? undefined : confirmedByPeer(ctx, found)
  if (call?.byePending === true && req.method !== 'BYE') sendBye(ctx, call)
  switch (req.method) {
    case 'BYE':
      return onBye(ctx, arrival, key)
    case 'INVITE':
      if (call === undefined || call.state === 'Terminated') return answer(ctx, arrival, 481)
      return onReinviteRequest(ctx, call, req, arrival.transaction)
    case 'OPTIONS':
      return answer(ctx, arrival, 200, { headers: [allowHeader(ctx.ua.config), acceptHeader(), supportedHeader(ctx.ua.config)] })
    case 'SUBSCRIBE':
      return onReferSubscribe(ctx, arrival, key)
    case 'NOTIFY': {
      const sub = subscriberFor(ctx, key, req)
      // R6665-7: a NOTIFY matching no subscription gets 481 (after our BYE too, as long as the subscription lives).
      return sub === undefined ? answer(ctx, arrival, 481) : onReferNotify(ctx, arrival, sub)
    }
    case 'REFER':
      if (call === undefined || call.state === 'Terminated') return answer(ctx, arrival, 481)
      return onRefer(ctx, arrival, call, key)
    default:
      return answer(ctx, arrival, 405, { headers: [allowHeader(ctx.ua.config)] })
  }
}

/** RFC 4538: a REFER outside any dialog must name the dialog it concerns in Target-Dialog, or gets 481. */
const outOfDialogRefer = (ctx: Ctx, arrival: RequestArrival): void => {
  const td = headerValue(arrival.request, codecs.targetDialog)
  const key = E.isRight(td) && td.right !== undefined ? targetDialogKey(td.right) : undefined
  const found = key === undefined ? undefined : callOfDialog(ctx, key)
  if (found === undefined || found.state === 'Terminated') return answer(ctx, arrival, 481, { reason: 'No Target Dialog' })
  // Naming our tag proves the peer has our 2xx, as an in-dialog request would (§13.3.1.4).
  onRefer(ctx, arrival, confirmedByPeer(ctx, found), undefined)
}

/**
 * SUBSCRIBE for a refer subscription (R3515-15/16): a refresh gets 200 and the current
 * state; Expires: 0 ends the reports (not the referenced call); anything else is 403.
 */
const onReferSubscribe = (ctx: Ctx, arrival: RequestArrival, key: string): void => {
  const req = arrival.request
  if (!isReferEvent(req)) return answer(ctx, arrival, 489)
  const event = headerValue(req, codecs.event)
  const id = E.isRight(event) ? event.right?.id : undefined
  const sub = [...ctx.ua.subscriptions.values()].find((s) => s.role === 'notifier' && s.dialog === key && (id === undefined || s.event === id))
  if (sub === undefined) return answer(ctx, arrival, 403)
  if (sub.finalQueued === true) return answer(ctx, arrival, 481)
  const expires = headerValue(req, codecs.expires)
  const requested = E.isRight(expires) ? expires.right : undefined
  // The 2xx first, then the NOTIFY it promises (R6665-14, R6665-20).
  const reply = makeResponse(req, 200, { headers: [field(codecs.expires, grantedSeconds(ctx, requested))] })
  respond(ctx, arrival.transaction, reply)
  refreshNotifier(ctx, sub, requested)
}

/** §15.1.2: BYE ends the session usage; other usages of the dialog (a refer subscription) go on. */
const onBye = (ctx: Ctx, arrival: RequestArrival, key: string): void => {
  const call = callOfDialog(ctx, key)
  respond(ctx, arrival.transaction, makeResponse(arrival.request, 200))
  if (call === undefined || call.state === 'Terminated') return
  if (call.state === 'Incoming') {
    // §15.1.2: the INVITE still pending gets 487.
    respond(ctx, call.inviteTransaction, makeResponse(call.invite, 487, { toTag: call.localTag }))
  }
  if (call.reinvite?.role === 'uas' && call.reinvite.response === undefined) {
    respond(ctx, call.reinvite.transaction, makeResponse(call.invite, 487, { toTag: call.localTag }))
  }
  endCall(ctx, call, 'remote-hangup')
}

/** §9.2: CANCEL matches an INVITE server transaction, or gets 481. */
const onCancel = (ctx: Ctx, arrival: RequestArrival): void => {
  const target = matchCancel(ctx.ua.transactions, arrival.request)
  if (target === undefined) return answer(ctx, arrival, 481)
  respond(ctx, arrival.transaction, makeResponse(arrival.request, 200, { toTag: token(ctx, 10) }))
  const id = ctx.ua.txCalls.get(target.transaction)
  const call = id === undefined ? undefined : ctx.ua.calls.get(id)
  if (call !== undefined && call.inviteTransaction === target.transaction) {
    clearCallTimer(ctx, call, 'answer')
    cancelIncoming(ctx, call)
  }
}

/** An ACK for a 2xx (of an INVITE or a re-INVITE), passed up by the transaction layer. */
export const onAck = (ctx: Ctx, ack: SipRequest): void => {
  const id = requestDialogId(ack)
  if (E.isLeft(id)) return
  const call = callOfDialog(ctx, dialogKey(id.right))
  const cseq = headerValue(ack, codecs.cseq)
  if (call === undefined || E.isLeft(cseq) || cseq.right === undefined) return
  // An ACK acknowledges the INVITE with the same CSeq number (§13.2.2.4); a late one for an older INVITE is ignored.
  const seq = cseq.right.seq
  const inviteSeq = headerValue(call.invite, codecs.cseq)
  if (call.state === 'Accepted' && E.isRight(inviteSeq) && inviteSeq.right?.seq === seq) return onAckOfInvite(ctx, call, ack)
  if (call.reinvite?.role === 'uas' && call.reinvite.seq === seq) return onReinviteAck(ctx, call, ack)
}

/**
 * A request answered without a transaction (§8.2, RFC 4475): a malformed request gets
 * 400 with whatever of Via, From, To, Call-ID and CSeq it has (RFC 4475 insuf: the Via
 * alone routes the answer back); without a Via, or for an ACK, it is dropped.
 */
export const statelessReject = (
  ctx: Ctx,
  request: { readonly headers: ReadonlyArray<HeaderField>; readonly method?: string },
  source: HostPort,
  transport: TransportName,
  status: number,
  reason: string,
): void => {
  const isAck = request.method === 'ACK' || request.headers.some((h) => h.key === 'cseq' && /\bACK\s*$/i.test(h.value))
  if (!request.headers.some((h) => h.key === 'via') || isAck) {
    emit(ctx, { type: 'log', level: 'debug', message: `dropped an unanswerable request: ${reason}` })
    return
  }
  const headers = status === 501 || status === 405 ? [allowHeader(ctx.ua.config)] : status === 503 ? [field(codecs.retryAfter, { seconds: 5, params: [] })] : []
  send(ctx, makeResponse(request, status, { reason: status === 400 ? `Bad Request (${reason})`.slice(0, 120) : undefined, headers, toTag: token(ctx, 10) }), source, transport)
}

/** The transaction layer could not take a request (RFC 4475 badbranch, mismatch01/02). */
export const onBadRequest = (ctx: Ctx, problem: BadRequestProblem, reason: string, request: SipRequest, source: HostPort, transport: TransportName): void => {
  // RFC 4475 mismatch02: an unknown method is 501 even when CSeq disagrees.
  const status = problem === 'cseq-method-mismatch' && !allowedMethods.includes(request.method) ? 501 : 400
  statelessReject(ctx, request, source, transport, status, reason)
}

/** Digest server (RFC 3261 §22.1): challenge configured methods; true when the request may go on. */
const authorized = (ctx: Ctx, arrival: RequestArrival): boolean => {
  const auth = ctx.ua.config.authenticate
  const req = arrival.request
  if (auth === undefined || !auth.methods.includes(req.method) || req.method === 'ACK' || req.method === 'CANCEL') return true
  const credentials = headerValues(req, codecs.authorization)
  const mine = E.isRight(credentials) ? credentials.right.find((c) => c.params.some((p) => p.name.toLowerCase() === 'realm' && p.value === auth.realm)) : undefined
  const verified = verifyCredentials({
    credentials: mine,
    method: req.method,
    body: req.body,
    secretFor: (username) => {
      const password = auth.users[username]
      return password === undefined ? undefined : { type: 'password', password }
    },
    store: ctx.ua.nonces,
    now: ctx.at,
  })
  ctx.ua.nonces = verified.store
  if (verified.result.type === 'ok') return true
  const created = createChallenge({
    realm: auth.realm,
    algorithms: auth.algorithms,
    now: ctx.at,
    prng: ctx.ua.prng,
    nonceTtlMs: auth.nonceTtlMs,
    store: ctx.ua.nonces,
    stale: verified.result.type === 'stale',
  })
  ctx.ua.nonces = created.store
  ctx.ua.prng = created.prng
  answer(ctx, arrival, 401, { headers: created.challenges.map((c) => field(codecs.wwwAuthenticate, c)) })
  return false
}

export { answerCall }
