/**
 * The calling side (UAC) of an INVITE session: dial, provisional and final responses,
 * forked 2xx, the ACK of a 2xx (RFC 3261 §13.2), and CANCEL (§9.1).
 */
import * as E from 'fp-ts/lib/Either.js'
import { addUsage, confirmDialog, dialogFromUac, dialogKey, inDialogRequest, outOfDialogRequest, requestDialogId, responseDialogId, type Dialog } from '../dialog/index.ts'
import { codecs, headerValue, parseUri, rawField, type HeaderField, type SipRequest, type SipResponse } from '../message/index.ts'
import { nextU32 } from '../random/index.ts'
import { parseSdp } from '../sdp/index.ts'
import { transactionOf } from '../transaction/index.ts'
import { makeOffer, newMediaSession, receiveAnswer, receiveOffer, type MediaSession } from '../session/index.ts'
import { formatSdp } from '../sdp/index.ts'
import type { Command } from './command.ts'
import {
  advance,
  callTimerKey,
  capabilityHeaders,
  clearCallTimer,
  armKeepalive,
  dialogDestination,
  dropDialog,
  endCall,
  fitTransport,
  putDialog,
  sendBye,
  supportedOf,
  sendRequest,
  syncMedia,
} from './call-common.ts'
import { emit, newBranch, putCall, send, setTimer, token, type Ctx } from './context.ts'
import { localAor, localContact, localVia, resolveUri, transportOf } from './identity.ts'
import { retryWithCredentials } from './digest-client.ts'
import { callHandle, newCall, type Call } from './state.ts'

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { ignoreBOM: true })

/** The media template of a new call: the next even RTP port, fresh o= ids. */
export const newCallMedia = (ctx: Ctx, n: number): MediaSession => {
  const [u, prng] = nextU32(ctx.ua.prng)
  ctx.ua.prng = prng
  const m = ctx.ua.config.media
  return newMediaSession({
    address: m.address ?? ctx.ua.config.address,
    port: m.portBase + 2 * ((n - 1) % 5000),
    codecs: m.codecs,
    direction: 'sendrecv',
    sessionId: String(u),
    version: '1',
  })
}

export const newCallId = (ctx: Ctx): string => {
  const n = ctx.ua.nextCall
  ctx.ua.nextCall = n + 1
  return callHandle(n)
}

export interface DialOptions {
  readonly headers?: ReadonlyArray<HeaderField>
  readonly call?: string
}

/** Place a call: INVITE with an SDP offer (or none, RFC 3264 §4 delayed offer). */
export const dial = (ctx: Ctx, command: Extract<Command, { type: 'dial' }>, extraHeaders: ReadonlyArray<HeaderField> = []): Call | undefined => {
  const config = ctx.ua.config
  if (ctx.ua.liveCalls >= config.limits.maxCalls) {
    emit(ctx, { type: 'error', reason: `call limit (${config.limits.maxCalls}) reached` })
    return undefined
  }
  const target = parseUri(command.target)
  if (E.isLeft(target)) {
    emit(ctx, { type: 'error', reason: `dial: invalid URI "${command.target}": ${target.left.reason} at ${target.left.index + 1}` })
    return undefined
  }
  const destination = resolveUri(config, target.right)
  if (destination === undefined) {
    emit(ctx, { type: 'error', reason: `dial: cannot resolve ${command.target} (no DNS in the core; use an IP address or the hosts table)` })
    return undefined
  }
  if (command.call !== undefined && ctx.ua.calls.has(command.call)) {
    emit(ctx, { type: 'error', call: command.call, reason: `call id ${command.call} is in use` })
    return undefined
  }
  // Every call takes the next RTP port, named by the application or not (as the UAS does).
  const n = ctx.ua.nextCall
  const id = command.call ?? newCallId(ctx)
  if (command.call !== undefined) ctx.ua.nextCall = n + 1
  const wanted = transportOf(config, target.right)
  const [offer, media] = config.offerInInvite ? makeOffer(newCallMedia(ctx, n)) : [undefined, newCallMedia(ctx, n)]
  const callId = `${token(ctx, 16)}@${config.address.includes(':') ? `[${config.address}]` : config.address}`
  const localTag = token(ctx, 10)
  const headers = [...capabilityHeaders(config), ...(command.headers ?? []).map(([n, v]) => rawField(n, v)), ...extraHeaders]
  // The INVITE as it will really go (§18.1.1 may move a large one to TCP): CANCEL and ACK copy its Via.
  const [request, transport] = fitTransport(
    outOfDialogRequest(
      { method: 'INVITE', uri: target.right, from: localAor(config), fromTag: localTag, to: { uri: target.right, params: [] }, callId, seq: 1, via: localVia(config, newBranch(ctx), wanted) },
      {
        contact: localContact(config, wanted),
        headers,
        ...(offer === undefined ? {} : { body: encoder.encode(formatSdp(offer)), contentType: 'application/sdp' }),
      },
    ),
    wanted,
  )
  const call = newCall({ id, role: 'uac', state: 'Calling', callId, localTag, invite: request, inviteTransaction: '', destination, transport, peer: command.target, media, peerSupported: [] })
  putCall(ctx, call)
  const tx = sendRequest(ctx, request, destination, transport, { type: 'invite', call: id })
  if (tx === undefined) return endCall(ctx, call, 'failed')
  const started = { ...(ctx.ua.calls.get(id) ?? call), inviteTransaction: tx, ringTimeoutMs: config.ringTimeoutMs }
  putCall(ctx, started)
  return started
}

/** §9.1: CANCEL repeats the INVITE's Request-URI, Call-ID, From, To, CSeq number, top Via and Route. */
const buildCancel = (invite: SipRequest): SipRequest => {
  const keep = new Set(['from', 'to', 'call-id', 'route', 'max-forwards'])
  const via = invite.headers.find((h) => h.key === 'via')
  const cseq = headerValue(invite, codecs.cseq)
  const seq = E.isRight(cseq) && cseq.right !== undefined ? cseq.right.seq : 1
  const headers: Array<HeaderField> = []
  if (via !== undefined) headers.push(via)
  for (const h of invite.headers) if (keep.has(h.key)) headers.push(h)
  headers.push(rawField('CSeq', `${seq} CANCEL`), rawField('Content-Length', '0'))
  return { type: 'request', method: 'CANCEL', uri: invite.uri, version: invite.version, headers, body: new Uint8Array(0) }
}

/** Hang up an outgoing call before it is answered: CANCEL now, or after the first provisional (§9.1). */
export const cancelCall = (ctx: Ctx, call: Call): Call => {
  if (!call.gotProvisional) {
    const next = advance(ctx, { ...call, cancelPending: true }, 'cancel')
    return next
  }
  sendRequest(ctx, buildCancel(call.invite), call.destination, call.transport, { type: 'cancel', call: call.id })
  // Stored before `advance`: a CANCEL that waited for this 1xx finds the call in Terminating
  // already, where `advance` keeps (and does not store) it; a later 1xx must not CANCEL again.
  const sent: Call = { ...call, cancelPending: false }
  putCall(ctx, sent)
  const next = advance(ctx, sent, 'cancel')
  // §9.1: no final response within 64*T1 after CANCEL: give the INVITE up.
  setTimer(ctx, callTimerKey(next, 'cancel'), ctx.at + 64 * (ctx.ua.transactions.config.t1))
  return next
}

/** The ACK of a 2xx is a new request in the dialog with the INVITE's CSeq number (§13.2.2.4). */
export const ack2xx = (ctx: Ctx, dialog: Dialog, response: SipResponse, body?: string): SipRequest | undefined => {
  const hop = dialogDestination(ctx, dialog)
  const cseq = headerValue(response, codecs.cseq)
  if (hop === undefined || E.isLeft(cseq) || cseq.right === undefined) return undefined
  const [ack] = inDialogRequest(
    dialog,
    'ACK',
    localVia(ctx.ua.config, newBranch(ctx), hop.transport),
    body === undefined ? {} : { body: encoder.encode(body), contentType: 'application/sdp' },
    cseq.right.seq,
  )
  send(ctx, ack, hop.destination, hop.transport)
  return ack
}

/**
 * §13.2.2.4: a retransmitted 2xx gets the ACK it triggered, sent again. `call.ack` holds
 * the ACK of the latest INVITE or re-INVITE only: an older one (a late copy of the first
 * 2xx after a re-INVITE) gets a fresh ACK with its own CSeq number.
 */
export const ackAgain = (ctx: Ctx, call: Call, dialog: Dialog, response: SipResponse): void => {
  const seq = headerValue(response, codecs.cseq)
  const acked = call.ack === undefined ? undefined : headerValue(call.ack, codecs.cseq)
  const same = E.isRight(seq) && acked !== undefined && E.isRight(acked) && seq.right?.seq === acked.right?.seq
  const hop = dialogDestination(ctx, dialog)
  if (same && call.ack !== undefined && hop !== undefined) send(ctx, call.ack, hop.destination, hop.transport)
  else if (!same) ack2xx(ctx, dialog, response)
}

const sdpOf = (msg: SipResponse | SipRequest) => (msg.body.length === 0 ? undefined : parseSdp(decoder.decode(msg.body)))

/** A response to the call's initial INVITE. */
export const onInviteResponse = (ctx: Ctx, call: Call, response: SipResponse): void => {
  const status = response.status
  if (status < 200) return onProvisional(ctx, call, response)
  clearCallTimer(ctx, call, 'ring')
  if (status < 300) return onSuccess(ctx, call, response)
  clearCallTimer(ctx, call, 'cancel')
  if ((status === 401 || status === 407) && call.state !== 'Terminating') {
    const retry = retryWithCredentials(ctx, call.invite, response, call.auth)
    if (retry !== undefined) {
      const tx = sendRequest(ctx, retry.request, call.destination, call.transport, { type: 'invite', call: call.id })
      if (tx !== undefined) {
        putCall(ctx, { ...call, invite: retry.request, inviteTransaction: tx, auth: retry.attempt })
        return
      }
    }
  }
  const failed = advance(ctx, call, 'failure')
  const reason = call.state === 'Terminating' || status === 487 ? 'cancelled' : 'rejected'
  endCall(ctx, failed, reason, status)
}

const onProvisional = (ctx: Ctx, call: Call, response: SipResponse): void => {
  let next: Call = { ...call, gotProvisional: true }
  const id = responseDialogId(response)
  if (response.status > 100 && E.isRight(id) && id.right.remoteTag !== '') {
    // §13.2.2.1: a provisional with a To tag creates (or refreshes) an early dialog.
    const key = dialogKey(id.right)
    if (!ctx.ua.dialogs.has(key)) {
      const dialog = dialogFromUac(call.invite, response)
      if (E.isRight(dialog)) {
        putDialog(ctx, addUsage(dialog.right, { type: 'invite' }))
        next = { ...next, dialog: key, earlyDialogs: [...next.earlyDialogs, key] }
      }
    }
  }
  putCall(ctx, next)
  if (next.cancelPending) {
    cancelCall(ctx, next)
    return
  }
  // The ring limit counts from the first provisional: before it, Timer B decides (§17.1.1.2).
  const ring = callTimerKey(next, 'ring')
  if (next.ringTimeoutMs !== undefined && !ctx.ua.timers.has(ring)) setTimer(ctx, ring, ctx.at + next.ringTimeoutMs)
  next = advance(ctx, next, 'provisional')
  if (response.status > 100) emit(ctx, { type: 'progress', call: call.id, status: response.status, reason: response.reason })
}

const onSuccess = (ctx: Ctx, call: Call, response: SipResponse): void => {
  clearCallTimer(ctx, call, 'cancel')
  const id = responseDialogId(response)
  if (E.isLeft(id) || id.right.remoteTag === '') return
  const key = dialogKey(id.right)
  // A retransmission of the 2xx we took: send the same ACK again (§13.2.2.4).
  if (call.dialog === key && call.ack !== undefined && (call.state === 'Confirmed' || call.state === 'Terminating' || call.state === 'Terminated')) {
    const dialog = ctx.ua.dialogs.get(key)
    if (dialog !== undefined) ackAgain(ctx, call, dialog, response)
    else {
      // The call is over and its dialog gone, but our ACK was lost: send it again to where the
      // INVITE went (its client transaction lingers in Accepted for Timer M, RFC 6026).
      const tx = transactionOf(ctx.ua.transactions, call.inviteTransaction)
      if (tx !== undefined && tx.type === 'invite-client') send(ctx, call.ack, tx.destination, tx.transport)
    }
    return
  }
  const existing = ctx.ua.dialogs.get(key)
  const made = existing !== undefined ? E.right(confirmDialog(existing, response)) : dialogFromUac(call.invite, response)
  if (E.isLeft(made)) return
  // §13.2.2.4: a 2xx from a second fork gets its own dialog, an ACK, and a BYE.
  if (call.ack !== undefined && call.dialog !== key) {
    const fork = addUsage(made.right, { type: 'invite' })
    ack2xx(ctx, fork, response)
    // A retransmission of that fork's 2xx: ACKed again (above), but its BYE is already out.
    if (byeInProgress(ctx, fork)) return
    putDialog(ctx, fork)
    endFork(ctx, call, fork)
    return
  }
  const dialog = addUsage({ ...made.right, state: 'Confirmed' }, { type: 'invite' })
  putDialog(ctx, dialog)
  for (const other of call.earlyDialogs) if (other !== key) dropDialog(ctx, other)
  // Offer/answer: the 2xx holds the answer to our offer, or the offer we answer in the ACK.
  const sdp = sdpOf(response)
  let media = call.media
  let ackBody: string | undefined
  let mediaFailed = false
  if (call.media.state === 'local-offer') {
    const answer = sdp === undefined ? undefined : E.isRight(sdp) ? receiveAnswer(call.media, sdp.right) : undefined
    if (answer !== undefined && E.isRight(answer)) media = answer.right
    else mediaFailed = true
  } else if (sdp !== undefined && E.isRight(sdp)) {
    const answered = receiveOffer(call.media, sdp.right)
    if (E.isRight(answered)) {
      media = answered.right[1]
      ackBody = formatSdp(answered.right[0])
    } else mediaFailed = true
  } else mediaFailed = true
  let next: Call = { ...call, dialog: key, earlyDialogs: [], media, peerSupported: supportedOf(response) }
  const ack = ack2xx(ctx, dialog, response, ackBody)
  next = { ...next, ...(ack === undefined ? {} : { ack }) }
  putCall(ctx, next)
  if (call.state === 'Terminating') {
    if (call.consultationOf === undefined && call.triggeredBy === undefined) {
      // We hung up (CANCEL) and the 2xx won the race: ACK, then BYE (§9.1, §15).
      putCall(ctx, { ...next, state: 'Confirmed' })
      sendBye(ctx, { ...next, state: 'Confirmed' })
      return
    }
    // RFC 5589 §7.6 Fig. 13: a consultation answered despite our CANCEL is kept, so the
    // transfer can go on with Replaces; media plays to the target meanwhile. Likewise a
    // transferee keeps a referenced call the target answered just as it gave up: the
    // transfer succeeded, and hanging up on the person who answered helps nobody.
    next = { ...next, state: 'Confirmed', cancelPending: false }
    putCall(ctx, next)
    armKeepalive(ctx, next)
  } else next = advance(ctx, next, 'success')
  emit(ctx, { type: 'answered', call: call.id })
  if (mediaFailed) {
    // RFC 3261 §13.2.1 / RFC 3264: no usable answer: the call cannot go on.
    emit(ctx, { type: 'error', call: call.id, reason: 'the 2xx carried no acceptable SDP; ending the call' })
    sendBye(ctx, next)
    return
  }
  syncMedia(ctx, next)
}

/** One of our BYE client transactions for this dialog is still alive (same Call-ID, From tag, To tag). */
const byeInProgress = (ctx: Ctx, dialog: Dialog): boolean =>
  [...ctx.ua.transactions.transactions.values()].some((tx) => {
    if (tx.type !== 'non-invite-client' || tx.request.method !== 'BYE') return false
    const id = requestDialogId(tx.request)
    // Our own request: its From tag is our local tag, its To tag the remote one.
    return E.isRight(id) && id.right.callId === dialog.id.callId && id.right.remoteTag === dialog.id.localTag && id.right.localTag === dialog.id.remoteTag
  })

/** BYE a dialog created by a second 2xx of a forked INVITE, outside the call's own dialog. */
const endFork = (ctx: Ctx, call: Call, fork: Dialog): void => {
  const hop = dialogDestination(ctx, fork)
  if (hop === undefined) return
  const [bye, next] = inDialogRequest(fork, 'BYE', localVia(ctx.ua.config, newBranch(ctx), hop.transport))
  putDialog(ctx, { ...next, usages: [], state: 'Terminated' })
  sendRequest(ctx, bye, hop.destination, hop.transport, { type: 'bye', call: call.id, fork: true })
}

/** Nobody answered within the ring timeout: CANCEL (its 487, or 64*T1 without one, ends the call). */
export const onRingTimeout = (ctx: Ctx, call: Call): void => {
  if (call.state === 'Calling' || call.state === 'Proceeding') cancelCall(ctx, call)
}

/** Timer B fired: the INVITE got no answer at all (§17.1.1.2). */
/** No final response: Timer B (408), or a transport error, taken as a 503 (§8.1.3.1: so the call reads as rejected). */
export const onInviteTimeout = (ctx: Ctx, call: Call, status: 408 | 503 = 408): void => {
  const failed = advance(ctx, call, 'failure')
  endCall(ctx, failed, status === 503 ? 'rejected' : 'timeout', status)
}
