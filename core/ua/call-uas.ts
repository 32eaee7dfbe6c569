/**
 * The called side (UAS) of an INVITE session: ringing, answer, reject, the 2xx
 * retransmitted until its ACK (RFC 3261 §13.3.1.4), CANCEL (§9.2).
 */
import * as E from 'fp-ts/lib/Either.js'
import { addUsage, dialogFromUas, dialogKey } from '../dialog/index.ts'
import { codecs, formatNameAddr, headerValue, rawHeader, type SipRequest, type SipResponse } from '../message/index.ts'
import { formatSdp, parseSdp } from '../sdp/index.ts'
import { receiveAnswer, sdpFor2xx } from '../session/index.ts'
import type { TransactionId } from '../transaction/index.ts'
import { advance, callTimerKey, capabilityHeaders, clearCallTimer, endCall, putDialog, reportHold, sendBye, supportedOf, syncMedia } from './call-common.ts'
import { newCallId, newCallMedia } from './call-uac.ts'
import { emit, putCall, send, setTimer, token, transact, type Ctx } from './context.ts'
import { localContact } from './identity.ts'
import type { HostPort, TransportName } from './io.ts'
import { makeResponse } from './responses.ts'
import { newCall, type Call } from './state.ts'

const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
const optional = <K extends string>(key: K, value: string | undefined): { [k in K]?: string } => (value === undefined ? {} : ({ [key]: value } as { [k in K]: string }))
const encoder = new TextEncoder()

export const respond = (ctx: Ctx, transaction: TransactionId, response: SipResponse): void =>
  transact(ctx, { type: 'send-response', at: ctx.at, transaction, response })

export interface IncomingContext {
  readonly transaction: TransactionId
  readonly source: HostPort
  readonly transport: TransportName
}

/** A new INVITE: check the offer, ring (180 with our tag: an early dialog), tell the application. */
export const onIncomingInvite = (ctx: Ctx, request: SipRequest, incoming: IncomingContext, replacing?: Call['replacing']): Call | undefined => {
  const config = ctx.ua.config
  if (ctx.ua.liveCalls >= config.limits.maxCalls) {
    respond(ctx, incoming.transaction, makeResponse(request, 486, { toTag: token(ctx, 10) }))
    return undefined
  }
  const n = ctx.ua.nextCall
  const id = newCallId(ctx)
  const localTag = token(ctx, 10)
  let media = newCallMedia(ctx, n)
  let prepared2xx: Call['prepared2xx']
  if (request.body.length > 0) {
    const sdp = parseSdp(decoder.decode(request.body))
    if (E.isRight(sdp)) media = { ...media, remote: sdp.right, state: 'remote-offer' }
    const answer = E.isLeft(sdp) ? undefined : sdpFor2xx(media, sdp.right)
    if (answer === undefined || E.isLeft(answer)) {
      // §13.3.1.1: an offer we cannot accept gets 488.
      respond(ctx, incoming.transaction, makeResponse(request, 488, { toTag: localTag }))
      return undefined
    }
    prepared2xx = { media, sdp: answer.right }
  }
  const from = headerValue(request, codecs.from)
  const to = headerValue(request, codecs.to)
  const callId = headerValue(request, codecs.callId)
  const call = newCall({
    id,
    role: 'uas',
    state: 'Incoming',
    callId: E.isRight(callId) ? (callId.right ?? '') : '',
    localTag,
    invite: request,
    inviteTransaction: incoming.transaction,
    destination: incoming.source,
    transport: incoming.transport,
    peer: E.isRight(from) && from.right !== undefined ? formatNameAddr(from.right) : '',
    media,
    peerSupported: supportedOf(request),
    ...(prepared2xx === undefined ? {} : { prepared2xx }),
    ...(replacing === undefined ? {} : { replacing }),
  })
  const dialog = dialogFromUas(request, localTag, 1, true)
  let ringing = call
  if (E.isRight(dialog)) {
    const key = dialogKey(dialog.right.id)
    putDialog(ctx, addUsage(dialog.right, { type: 'invite' }))
    ringing = { ...call, dialog: key, earlyDialogs: [key] }
  }
  putCall(ctx, ringing)
  // A replacement (RFC 3891) is answered at once by the caller of this function: no ringing.
  if (replacing === undefined) respond(ctx, incoming.transaction, makeResponse(request, 180, { toTag: localTag, contact: localContact(config, incoming.transport) }))
  emit(ctx, {
    type: 'incoming',
    call: id,
    from: ringing.peer,
    to: E.isRight(to) && to.right !== undefined ? formatNameAddr(to.right) : '',
    ...optional('replaces', rawHeader(request, 'Replaces')),
    ...optional('referredBy', rawHeader(request, 'Referred-By')),
  })
  if (config.autoAnswerMs !== undefined) setTimer(ctx, callTimerKey(ringing, 'answer'), ctx.at + config.autoAnswerMs)
  // A caller that vanished (crashed, or its CANCEL lost for good) must not leave us ringing forever.
  setTimer(ctx, callTimerKey(ringing, 'ring'), ctx.at + config.ringTimeoutMs)
  return ringing
}

/** Nobody answered within `ringTimeoutMs`: 480, the callee is unavailable (RFC 3261 §21.4.18). */
export const declineUnanswered = (ctx: Ctx, call: Call): void => {
  if (call.state !== 'Incoming') return
  respond(ctx, call.inviteTransaction, makeResponse(call.invite, 480, { toTag: call.localTag }))
  endCall(ctx, advance(ctx, call, 'reject'), 'timeout', 480)
}

const t1 = (ctx: Ctx): number => ctx.ua.transactions.config.t1
const t2 = (ctx: Ctx): number => ctx.ua.transactions.config.t2

/** Answer an incoming call: 200 with our answer (or our offer, §13.2.1), retransmitted until ACK. */
export const answerCall = (ctx: Ctx, call: Call): Call => {
  if (call.state !== 'Incoming') {
    emit(ctx, { type: 'error', call: call.id, reason: `cannot answer a call in state ${call.state}` })
    return call
  }
  clearCallTimer(ctx, call, 'answer')
  clearCallTimer(ctx, call, 'ring')
  const sdp = call.prepared2xx?.media === call.media ? E.right(call.prepared2xx.sdp) : sdpFor2xx(call.media, call.media.state === 'remote-offer' ? call.media.remote : undefined)
  if (E.isLeft(sdp)) {
    respond(ctx, call.inviteTransaction, makeResponse(call.invite, 488, { toTag: call.localTag }))
    return endCall(ctx, advance(ctx, call, 'reject'), 'failed', 488)
  }
  const { session: media, offeredInResponse } = sdp.right
  const body = formatSdp(sdp.right.sdp)
  const response = makeResponse(call.invite, 200, {
    toTag: call.localTag,
    contact: localContact(ctx.ua.config, call.transport),
    headers: capabilityHeaders(ctx.ua.config),
    body: encoder.encode(body),
    contentType: 'application/sdp',
  })
  respond(ctx, call.inviteTransaction, response)
  const dialog = call.dialog === undefined ? undefined : ctx.ua.dialogs.get(call.dialog)
  if (dialog !== undefined) putDialog(ctx, { ...dialog, state: 'Confirmed' })
  let next: Call = { ...call, media, final2xx: response, retransmitInterval: t1(ctx), offeredInResponse, prepared2xx: undefined }
  next = advance(ctx, next, 'answer')
  // The user answered: that is what `answered` means on this side; the ACK only confirms it.
  emit(ctx, { type: 'answered', call: call.id })
  if (call.transport === 'udp') setTimer(ctx, callTimerKey(next, '2xx'), ctx.at + t1(ctx))
  setTimer(ctx, callTimerKey(next, 'ack'), ctx.at + 64 * t1(ctx))
  if (!offeredInResponse) next = syncMedia(ctx, next)
  return next
}

/** Decline an incoming call with a final non-2xx (486 Busy Here by default). */
export const rejectCall = (ctx: Ctx, call: Call, status: number): Call => {
  if (call.state !== 'Incoming') {
    emit(ctx, { type: 'error', call: call.id, reason: `cannot reject a call in state ${call.state}` })
    return call
  }
  const code = status >= 300 && status <= 699 ? status : 486
  respond(ctx, call.inviteTransaction, makeResponse(call.invite, code, { toTag: call.localTag }))
  return endCall(ctx, advance(ctx, call, 'reject'), 'rejected', code)
}

/** §13.3.1.4: retransmit the 2xx at T1, 2T1 … capped at T2, until the ACK. */
export const retransmit2xx = (ctx: Ctx, call: Call): void => {
  if (call.state !== 'Accepted' || call.final2xx === undefined) return
  send(ctx, call.final2xx, call.destination, call.transport)
  const interval = Math.min(call.retransmitInterval * 2, t2(ctx))
  putCall(ctx, { ...call, retransmitInterval: interval })
  setTimer(ctx, callTimerKey(call, '2xx'), ctx.at + interval)
}

/** §13.3.1.4: no ACK within 64*T1: the dialog is confirmed, but ended with BYE. */
export const ackTimeout = (ctx: Ctx, call: Call): void => {
  if (call.state !== 'Accepted') return
  clearCallTimer(ctx, call, '2xx')
  emit(ctx, { type: 'error', call: call.id, reason: 'no ACK for the 2xx within 64*T1; ending the call with BYE' })
  sendBye(ctx, { ...call, state: 'Confirmed' })
}

/** The ACK of our 2xx: the session is up; an answer may ride in it (§13.2.1). A BYE asked for earlier goes now. */
export const onAckOfInvite = (ctx: Ctx, call: Call, ack: SipRequest): void => {
  if (call.state !== 'Accepted') return
  clearCallTimer(ctx, call, '2xx')
  clearCallTimer(ctx, call, 'ack')
  let next: Call = advance(ctx, { ...call, final2xx: undefined }, 'ack')
  if (call.offeredInResponse) {
    const sdp = ack.body.length === 0 ? undefined : parseSdp(decoder.decode(ack.body))
    const media = sdp !== undefined && E.isRight(sdp) ? receiveAnswer(next.media, sdp.right) : undefined
    if (media !== undefined && E.isRight(media)) {
      next = { ...next, media: media.right, offeredInResponse: false }
      putCall(ctx, next)
      reportHold(ctx, call, next)
      next = syncMedia(ctx, next)
    } else {
      emit(ctx, { type: 'error', call: call.id, reason: 'the ACK carried no acceptable answer; ending the call' })
      sendBye(ctx, next)
      return
    }
  }
  if (next.byePending) sendBye(ctx, next)
}

/** §9.2: CANCEL of a call still ringing: 487 to the INVITE, the call is over. */
export const cancelIncoming = (ctx: Ctx, call: Call): void => {
  if (call.state !== 'Incoming') return
  respond(ctx, call.inviteTransaction, makeResponse(call.invite, 487, { toTag: call.localTag }))
  endCall(ctx, advance(ctx, call, 'cancel'), 'cancelled', 487)
}

/**
 * A request from the peer in the dialog while we wait for the ACK of our 2xx: it could
 * only send it after getting the 2xx, so the session is up even though the ACK was lost.
 */
export const confirmedByPeer = (ctx: Ctx, call: Call): Call => {
  // We offered in the 2xx: only the ACK brings the answer (§13.2.1), and the peer sends it
  // again only for a retransmitted 2xx. Keep retransmitting; a re-INVITE meanwhile gets 491 (§14.2).
  if (call.state !== 'Accepted' || call.offeredInResponse) return call
  clearCallTimer(ctx, call, '2xx')
  clearCallTimer(ctx, call, 'ack')
  return advance(ctx, { ...call, final2xx: undefined }, 'ack')
}
