/**
 * Re-INVITE (RFC 3261 §14) for hold and resume (RFC 3264 §8.4): one offer at a time in
 * each dialog, 491 for an offer that crosses ours, and the §14.1 randomised retry.
 */
import * as E from 'fp-ts/lib/Either.js'
import { codecs, headerValue, type SipRequest, type SipResponse } from '../message/index.ts'
import { nextInt } from '../random/index.ts'
import { formatSdp, parseSdp } from '../sdp/index.ts'
import { makeOffer, receiveAnswer, rollbackOffer, sdpFor2xx } from '../session/index.ts'
import { transactionOf, type TransactionId } from '../transaction/index.ts'
import { ackOfInvite, receiveRefreshResponse } from '../dialog/index.ts'
import { callTimerKey, capabilityHeaders, clearCallTimer, dialogOf, endCall, putDialog, reportHold, sendBye, sendInDialog, syncMedia } from './call-common.ts'
import { ack2xx, ackAgain } from './call-uac.ts'
import { respond } from './call-uas.ts'
import { emit, newBranch, putCall, send, setTimer, transact, type Ctx } from './context.ts'
import { localContact, localVia } from './identity.ts'
import { makeResponse } from './responses.ts'
import type { Call } from './state.ts'

const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
const encoder = new TextEncoder()
type Purpose = 'hold' | 'resume' | 'refresh'

/** Send a re-INVITE with a new offer: hold (sendonly/inactive), resume (sendrecv) or refresh. */
export const startReinvite = (ctx: Ctx, call: Call, purpose: Purpose): Call => {
  if (call.state !== 'Confirmed' || call.reinvite !== undefined) {
    // §14.1: no re-INVITE while another INVITE transaction is in progress in the dialog.
    emit(ctx, { type: 'error', call: call.id, reason: `cannot ${purpose} now: ${call.reinvite ? 'another offer is in progress' : `the call is ${call.state}`}` })
    return call
  }
  const hold = purpose === 'hold' ? true : purpose === 'resume' ? false : call.media.localHold
  const [offer, media] = makeOffer(call.media, hold)
  const sent = sendInDialog(ctx, { ...call }, 'INVITE', { type: 'reinvite', call: call.id }, {
    headers: capabilityHeaders(ctx.ua.config),
    body: encoder.encode(formatSdp(offer)),
    contentType: 'application/sdp',
  })
  if (sent === undefined) return call
  const next: Call = { ...(ctx.ua.calls.get(call.id) ?? call), media, reinvite: { role: 'uac', transaction: sent.transaction, purpose, request: sent.request }, glareRetry: undefined }
  putCall(ctx, next)
  // An INVITE in Proceeding has no timeout of its own (§17.1.1.2): give up after 64*T1 as if 408.
  setTimer(ctx, callTimerKey(next, 'reinvite-timeout'), ctx.at + 64 * ctx.ua.transactions.config.t1)
  return next
}

/** A response to our re-INVITE. */
export const onReinviteResponse = (ctx: Ctx, call: Call, transaction: TransactionId, response: SipResponse): void => {
  if (response.status < 200) return
  if (call.state === 'Terminated') return ackAfterEnd(ctx, call, transaction, response)
  // Only the response of the re-INVITE in progress moves the session; a 2xx of an earlier one is a retransmission.
  const pending = call.reinvite?.role === 'uac' && call.reinvite.transaction === transaction ? call.reinvite : undefined
  if (pending !== undefined) clearCallTimer(ctx, call, 'reinvite-timeout')
  const dialog = dialogOf(ctx, call)
  if (response.status < 300) {
    if (dialog === undefined) return
    if (pending === undefined) {
      // A retransmitted 2xx: the same ACK again (§13.2.2.4), with that re-INVITE's CSeq.
      ackAgain(ctx, call, dialog, response)
      return
    }
    // §12.2.1.2: a 2xx to a target refresh replaces the remote target with its Contact; the ACK goes there too.
    const refreshed = receiveRefreshResponse(dialog, 'INVITE', response)
    putDialog(ctx, refreshed)
    const ack = ack2xx(ctx, refreshed, response)
    const sdp = response.body.length === 0 ? undefined : parseSdp(decoder.decode(response.body))
    const media = sdp !== undefined && E.isRight(sdp) ? receiveAnswer(call.media, sdp.right) : undefined
    if (media === undefined || E.isLeft(media)) {
      emit(ctx, { type: 'error', call: call.id, reason: 'the re-INVITE 2xx carried no acceptable answer; ending the call' })
      sendBye(ctx, { ...call, reinvite: undefined, ...(ack ? { ack } : {}) })
      return
    }
    const next: Call = { ...call, media: media.right, reinvite: undefined, ...(ack ? { ack } : {}) }
    putCall(ctx, next)
    // Hold is reported against the session before our offer (makeOffer already set localHold).
    reportHold(ctx, { ...call, media: rollbackOffer(call.media) }, next)
    syncMedia(ctx, next)
    return
  }
  if (pending === undefined) return
  const rolled: Call = { ...call, media: rollbackOffer(call.media), reinvite: undefined }
  putCall(ctx, rolled)
  if (response.status === 491) {
    putCall(ctx, { ...rolled, glareRetry: pending.purpose })
    armGlareRetry(ctx, rolled)
    return
  }
  emit(ctx, { type: 'error', call: call.id, reason: `${pending.purpose} failed: ${response.status} ${response.reason}` })
  // §12.2.1.2: 481 or 408 to a request in the dialog ends the dialog.
  if (response.status === 481) endCall(ctx, rolled, 'failed', 481)
  else if (response.status === 408) sendBye(ctx, rolled)
}

/** §14.1: retry after 2.1–4 s if we own the Call-ID (we started the dialog), else 0–2 s, in 10 ms units. */
const armGlareRetry = (ctx: Ctx, call: Call): void => {
  const owner = dialogOf(ctx, call)?.initiator === 'local'
  const [units, prng] = owner ? nextInt(ctx.ua.prng, 210, 400) : nextInt(ctx.ua.prng, 0, 200)
  ctx.ua.prng = prng
  setTimer(ctx, callTimerKey(call, 'glare'), ctx.at + units * 10)
}

/** The call ended while our re-INVITE was out: ACK its 2xx all the same (the dialog is gone), then forget it. */
const ackAfterEnd = (ctx: Ctx, call: Call, transaction: TransactionId, response: SipResponse): void => {
  const tx = transactionOf(ctx.ua.transactions, transaction)
  const pending = call.reinvite?.role === 'uac' && call.reinvite.transaction === transaction ? call.reinvite : undefined
  if (response.status >= 300 || tx === undefined || tx.type !== 'invite-client') {
    if (pending !== undefined) putCall(ctx, { ...call, reinvite: undefined })
    clearCallTimer(ctx, call, 'reinvite-timeout')
    return
  }
  if (pending !== undefined) {
    const ack = ackOfInvite(pending.request, response, localVia(ctx.ua.config, newBranch(ctx), tx.transport))
    send(ctx, ack, tx.destination, tx.transport)
    putCall(ctx, { ...call, reinvite: undefined, ack })
    clearCallTimer(ctx, call, 'reinvite-timeout')
    return
  }
  // A retransmission of a 2xx we ACKed before the call ended: our ACK was lost, send it again.
  const seq = headerValue(response, codecs.cseq)
  const acked = call.ack === undefined ? undefined : headerValue(call.ack, codecs.cseq)
  if (call.ack !== undefined && acked !== undefined && E.isRight(acked) && E.isRight(seq) && acked.right?.seq === seq.right?.seq) {
    send(ctx, call.ack, tx.destination, tx.transport)
  }
}

/**
 * The 491 back-off expired: offer again. If the peer's re-INVITE that won the race still
 * waits for its ACK, that INVITE transaction is in progress (§14.1): wait another
 * back-off instead of dropping what the user asked for.
 */
export const retryAfterGlare = (ctx: Ctx, call: Call): void => {
  if (call.glareRetry === undefined || call.state !== 'Confirmed') return
  if (call.reinvite !== undefined) return armGlareRetry(ctx, call)
  startReinvite(ctx, { ...call, glareRetry: undefined }, call.glareRetry)
}

/** A re-INVITE from the peer: 491 if offers cross (§14.2), else answer it. */
export const onReinviteRequest = (ctx: Ctx, call: Call, request: SipRequest, transaction: TransactionId): void => {
  const toTag = call.localTag
  // §14.2: 491 while our own offer is out (glare) or an offer of theirs is still unanswered.
  if (call.state !== 'Confirmed' || call.reinvite?.role === 'uac' || call.media.state !== 'stable') {
    respond(ctx, transaction, makeResponse(request, 491, { toTag }))
    return
  }
  if (call.reinvite?.role === 'uas') {
    // The previous exchange is complete (its answer went in our 2xx); its ACK is overtaken by this INVITE.
    clearCallTimer(ctx, call, 'reinvite-2xx')
    clearCallTimer(ctx, call, 'reinvite-ack')
  }
  const offer = request.body.length > 0 ? parseSdp(decoder.decode(request.body)) : undefined
  const sdp = offer !== undefined && E.isLeft(offer) ? undefined : sdpFor2xx(call.media, offer?.right)
  if (sdp === undefined || E.isLeft(sdp)) {
    respond(ctx, transaction, makeResponse(request, 488, { toTag }))
    return
  }
  const { session: media, offeredInResponse } = sdp.right
  const body = formatSdp(sdp.right.sdp)
  const response = makeResponse(request, 200, {
    toTag,
    contact: localContact(ctx.ua.config, call.transport),
    headers: capabilityHeaders(ctx.ua.config),
    body: encoder.encode(body),
    contentType: 'application/sdp',
  })
  respond(ctx, transaction, response)
  const t1 = ctx.ua.transactions.config.t1
  const cseq = headerValue(request, codecs.cseq)
  const seq = E.isRight(cseq) && cseq.right !== undefined ? cseq.right.seq : 0
  const next: Call = { ...call, media, reinvite: { role: 'uas', transaction, seq, response, interval: t1, offeredInResponse } }
  putCall(ctx, next)
  if (call.transport === 'udp') setTimer(ctx, callTimerKey(next, 'reinvite-2xx'), ctx.at + t1)
  setTimer(ctx, callTimerKey(next, 'reinvite-ack'), ctx.at + 64 * t1)
  if (!offeredInResponse) {
    reportHold(ctx, call, next)
    syncMedia(ctx, next)
  }
}

/** The ACK of our re-INVITE 2xx (it may carry the answer to an offer we made in the 2xx). */
export const onReinviteAck = (ctx: Ctx, call: Call, ack: SipRequest): void => {
  const pending = call.reinvite?.role === 'uas' ? call.reinvite : undefined
  if (pending === undefined) return
  clearCallTimer(ctx, call, 'reinvite-2xx')
  clearCallTimer(ctx, call, 'reinvite-ack')
  let next: Call = { ...call, reinvite: undefined }
  if (pending.offeredInResponse) {
    const sdp = ack.body.length === 0 ? undefined : parseSdp(decoder.decode(ack.body))
    const media = sdp !== undefined && E.isRight(sdp) ? receiveAnswer(call.media, sdp.right) : undefined
    if (media !== undefined && E.isRight(media)) next = { ...next, media: media.right }
    else next = { ...next, media: rollbackOffer(call.media) }
  }
  putCall(ctx, next)
  if (pending.offeredInResponse) {
    reportHold(ctx, call, next)
    syncMedia(ctx, next)
  }
}

/** §13.3.1.4 for a re-INVITE's 2xx: retransmit until ACK, give up with BYE after 64*T1. */
export const retransmitReinvite2xx = (ctx: Ctx, call: Call): void => {
  const pending = call.reinvite?.role === 'uas' ? call.reinvite : undefined
  if (pending?.response === undefined) return
  send(ctx, pending.response, call.destination, call.transport)
  const interval = Math.min(pending.interval * 2, ctx.ua.transactions.config.t2)
  putCall(ctx, { ...call, reinvite: { ...pending, interval } })
  setTimer(ctx, callTimerKey(call, 'reinvite-2xx'), ctx.at + interval)
}

export const reinviteAckTimeout = (ctx: Ctx, call: Call): void => {
  if (call.reinvite?.role !== 'uas') return
  clearCallTimer(ctx, call, 'reinvite-2xx')
  // A BYE of ours already ends the dialog: a second one (a new CSeq) would reach a dialog the peer may have ended.
  if (call.state !== 'Confirmed') {
    putCall(ctx, { ...call, reinvite: undefined })
    return
  }
  emit(ctx, { type: 'error', call: call.id, reason: 'no ACK for the re-INVITE 2xx within 64*T1; ending the call with BYE' })
  sendBye(ctx, { ...call, reinvite: undefined })
}

/** Our re-INVITE got no final response within 64*T1: abandon it and keep the session as it was. */
export const reinviteTimeout = (ctx: Ctx, call: Call): void => {
  if (call.reinvite?.role !== 'uac') return
  const transaction = call.reinvite.transaction
  transact(ctx, { type: 'abandon', at: ctx.at, transaction })
  const current = ctx.ua.calls.get(call.id) ?? call
  onReinviteResponse(ctx, current, transaction, { type: 'response', version: 'SIP/2.0', status: 408, reason: 'Request Timeout', headers: [], body: new Uint8Array(0) })
}
