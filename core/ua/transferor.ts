/**
 * The transferor (RFC 5589 TR; RFC 3515 referrer): blind and attended transfer, the
 * consultation call, and the refer subscription's subscriber side. The transferee's
 * call ends only after the final 2xx sipfrag (or right after the REFER in the early-BYE
 * variant); a failed transfer takes the call off hold and keeps it (RFC 5589 §6.3).
 */
import * as E from 'fp-ts/lib/Either.js'
import { dialogFromUac, dialogFromUas, dialogKey, outOfDialogRequest } from '../dialog/index.ts'
import { codecs, field, formatNameAddr, headerValue, rawField, type NameAddr, type SipRequest, type SipResponse } from '../message/index.ts'
import { parseSipFrag } from '../sipfrag/index.ts'
import type { ReferSubscription } from '../subscription/index.ts'
import { attendedReferTo, targetDialogFor } from '../transfer/index.ts'
import type { TransactionId } from '../transaction/index.ts'
import { callTimerKey, dialogDestination, dialogOf, putDialog, sendBye, sendInDialog, sendRequest } from './call-common.ts'
import { dial } from './call-uac.ts'
import { referOutOfDialog, requireReplacesFor } from './refer-options.ts'
import { respond } from './call-uas.ts'
import type { Command } from './command.ts'
import { emit, newBranch, putCall, setOwner, setTimer, token, updateCall, type Ctx } from './context.ts'
import type { UaEvent } from './event.ts'
import { hangupCall } from './hangup.ts'
import { localAor, localContact, localVia } from './identity.ts'
import { startReinvite } from './reinvite.ts'
import { makeResponse } from './responses.ts'
import type { Call, TransferRecord, TxOwner } from './state.ts'
import { adoptExpiry, attachToDialog, clearSubTimer, dropSubscription, newSubscription, putSubscription, sendSubscribe, setSubTimer } from './subscriptions.ts'

interface ReferOptions {
  readonly kind: 'blind' | 'attended'
  readonly outOfDialog: boolean
  readonly noSubscription: boolean
  readonly earlyBye: boolean
}

const confirmedCall = (ctx: Ctx, id: string, what: string): Call | undefined => {
  const call = ctx.ua.calls.get(id)
  if (call === undefined || call.state !== 'Confirmed' || call.dialog === undefined) {
    emit(ctx, { type: 'error', call: id, reason: `${what}: call ${id} is not an established call` })
    return undefined
  }
  return call
}

/** One transfer of a call at a time: a second REFER while the first is undecided could only race it. */
const transferInProgress = (ctx: Ctx, call: Call, what: string): boolean => {
  const busy = call.pendingAttended !== undefined || call.transfers.some((t) => t.role === 'transferor' && (t.outcome === 'pending' || t.outcome === 'accepted'))
  if (busy) emit(ctx, { type: 'error', call: call.id, reason: `${what}: a transfer of call ${call.id} is already in progress` })
  return busy
}

const setRecord = (ctx: Ctx, callId: string, subscription: string, change: Partial<TransferRecord>): void => {
  updateCall(ctx, callId, (c) => ({ ...c, transfers: c.transfers.map((t) => (t.subscription === subscription ? { ...t, ...change } : t)) }))
}

/**
 * Send the REFER (RFC 3515 §2.4.1) for `call`: in its dialog, or in a new one with
 * Target-Dialog and Require: tdialog (RFC 4538 §3, RFC 5589 §6.1), with Referred-By
 * (RFC 3892) and, on request, Refer-Sub: false (RFC 4488).
 */
const sendRefer = (ctx: Ctx, call: Call, referTo: NameAddr, options: ReferOptions): void => {
  const dialog = dialogOf(ctx, call)
  if (dialog === undefined) return
  const config = ctx.ua.config
  const headers = [
    field(codecs.referTo, referTo),
    field(codecs.referredBy, localAor(config)),
    ...(options.noSubscription ? [field(codecs.referSub, { value: false, params: [] })] : []),
    rawField('Supported', 'replaces, tdialog, norefersub'),
  ]
  const t1 = ctx.ua.transactions.config.t1
  if (!options.outOfDialog) {
    const event = String(dialog.localSeq + 1)
    const sub = newSubscription(ctx, { role: 'subscriber', event, dialog: call.dialog, callId: dialog.id.callId, localTag: dialog.id.localTag, status: 'pending', call: call.id, expiresAt: ctx.at + 64 * t1 })
    const owner: TxOwner = { type: 'refer', call: call.id, subscription: sub.id, earlyBye: options.earlyBye }
    const sent = sendInDialog(ctx, call, 'REFER', owner, { headers })
    if (sent === undefined) return dropSubscription(ctx, sub)
    begin(ctx, call, sub, referTo, options, sent.transaction, sent.request)
    return
  }
  const hop = dialogDestination(ctx, dialog)
  if (hop === undefined) return
  const callId = `${token(ctx, 16)}@${config.address}`
  const localTag = token(ctx, 10)
  const request = outOfDialogRequest(
    { method: 'REFER', uri: dialog.remoteTarget, from: localAor(config), fromTag: localTag, to: dialog.remoteUri, callId, seq: 1, via: localVia(config, newBranch(ctx), hop.transport) },
    { contact: localContact(config, hop.transport), headers: [...headers, field(codecs.targetDialog, targetDialogFor(dialog)), rawField('Require', 'tdialog')] },
  )
  const sub = newSubscription(ctx, { role: 'subscriber', event: '1', callId, localTag, status: 'pending', call: call.id, expiresAt: ctx.at + 64 * t1 })
  const transaction = sendRequest(ctx, request, hop.destination, hop.transport, { type: 'refer', call: call.id, subscription: sub.id, request, earlyBye: options.earlyBye })
  if (transaction === undefined) return dropSubscription(ctx, sub)
  begin(ctx, call, sub, referTo, options, transaction, request)
}

const begin = (ctx: Ctx, call: Call, sub: ReferSubscription, referTo: NameAddr, options: ReferOptions, transaction: TransactionId, request: SipRequest): void => {
  const owner = ctx.ua.owners.get(transaction)
  if (owner?.type === 'refer') setOwner(ctx, transaction, { ...owner, request })
  // RFC 6665 §4.1.2.4: Timer N waits for the first NOTIFY (not needed without a subscription).
  if (!options.noSubscription) setSubTimer(ctx, sub, 'N', ctx.at + 64 * ctx.ua.transactions.config.t1)
  const current = ctx.ua.calls.get(call.id) ?? call
  putCall(ctx, { ...current, transfers: [...current.transfers, { role: 'transferor', target: formatNameAddr(referTo), kind: options.kind, outcome: 'pending', subscription: sub.id }] })
}

/** Hold or resume now, or once the re-INVITE in progress on the call completes (§14.1). */
const reinviteWhenFree = (ctx: Ctx, call: Call, purpose: 'hold' | 'resume'): void => {
  if (call.reinvite === undefined) startReinvite(ctx, call, purpose)
  else putCall(ctx, { ...call, deferred: [...(call.deferred ?? []), { type: purpose, call: call.id }] })
}

/** `transfer`: blind transfer to a URI (RFC 5589 §6). */
export const blindTransfer = (ctx: Ctx, command: Extract<Command, { type: 'transfer' }>): void => {
  const call = confirmedCall(ctx, command.call, 'transfer')
  if (call === undefined || transferInProgress(ctx, call, 'transfer')) return
  const target = codecs.referTo.parse(command.target)
  if (E.isLeft(target)) {
    emit(ctx, { type: 'error', call: call.id, reason: `transfer: invalid target "${command.target}": ${target.left.reason}` })
    return
  }
  sendRefer(ctx, call, target.right, {
    kind: 'blind',
    outOfDialog: referOutOfDialog(ctx, call, command.outOfDialog === true),
    noSubscription: command.noSubscription === true,
    earlyBye: command.earlyBye === true,
  })
}

/** `startConsultation`: hold the call and call the target (RFC 5589 §7.3 steps 1–2). */
export const startConsultation = (ctx: Ctx, command: Extract<Command, { type: 'startConsultation' }>): void => {
  const call = confirmedCall(ctx, command.call, 'startConsultation')
  if (call === undefined) return
  if (call.consultation !== undefined && ctx.ua.calls.get(call.consultation)?.state !== 'Terminated') {
    emit(ctx, { type: 'error', call: call.id, reason: `call ${call.id} already has consultation ${call.consultation}` })
    return
  }
  if (!call.media.localHold) reinviteWhenFree(ctx, call, 'hold')
  const consultation = dial(ctx, {
    type: 'dial',
    target: command.target,
    ...(command.consultation === undefined ? {} : { call: command.consultation }),
    ...(command.requireReplaces === true ? { headers: [['Require', 'replaces']] } : {}),
  })
  if (consultation === undefined) return
  putCall(ctx, { ...consultation, consultationOf: call.id })
  updateCall(ctx, call.id, (c) => ({ ...c, consultation: consultation.id }))
  emit(ctx, { type: 'consultationStarted', call: call.id, consultation: consultation.id })
}

/** `cancelConsultation`: end the consultation and take the original call off hold. */
export const cancelConsultation = (ctx: Ctx, callId: string): void => {
  const call = ctx.ua.calls.get(callId)
  const consultation = call?.consultation === undefined ? undefined : ctx.ua.calls.get(call.consultation)
  if (call === undefined || consultation === undefined) {
    emit(ctx, { type: 'error', call: callId, reason: 'no consultation on this call' })
    return
  }
  updateCall(ctx, call.id, (c) => ({ ...c, pendingAttended: undefined }))
  if (consultation.state !== 'Terminated' && consultation.state !== 'Terminating') hangupCall(ctx, consultation)
  const current = ctx.ua.calls.get(call.id) ?? call
  if (current.state === 'Confirmed' && current.media.localHold) reinviteWhenFree(ctx, current, 'resume')
}

/**
 * `attendedTransfer`: REFER the peer of `call` to the peer of `consultation` with
 * Replaces (RFC 5589 §7.3). A consultation still ringing is waited for (§7.6 Fig. 11:
 * no CANCEL; a Replaces for an early dialog the target did not start would get 481).
 */
export const attendedTransfer = (ctx: Ctx, command: Extract<Command, { type: 'attendedTransfer' }>): void => {
  const call = confirmedCall(ctx, command.call, 'attendedTransfer')
  const consultation = ctx.ua.calls.get(command.consultation)
  if (call === undefined || (call.pendingAttended !== command.consultation && transferInProgress(ctx, call, 'attendedTransfer'))) return
  if (consultation === undefined || consultation.state === 'Terminated' || consultation.state === 'Terminating') {
    emit(ctx, { type: 'error', call: call.id, reason: `attendedTransfer: no live call ${command.consultation}` })
    return
  }
  if (consultation.state === 'Calling' || consultation.state === 'Proceeding') {
    putCall(ctx, { ...call, pendingAttended: consultation.id })
    return
  }
  referToConsultation(ctx, call, consultation, command.outOfDialog === true)
}

const referToConsultation = (ctx: Ctx, call: Call, consultation: Call, outOfDialog: boolean): void => {
  const dialog = dialogOf(ctx, consultation)
  if (dialog === undefined) return
  sendRefer(ctx, call, attendedReferTo(dialog, requireReplacesFor(consultation)), {
    kind: 'attended',
    outOfDialog: referOutOfDialog(ctx, call, outOfDialog),
    noSubscription: false,
    earlyBye: false,
  })
}

/** The REFER's final response (RFC 3515 §2.4.2; a 202 is taken as 200, RFC 7647 §5). */
export const onReferResponse = (ctx: Ctx, owner: Extract<TxOwner, { type: 'refer' }>, response: SipResponse | undefined): void => {
  if (response !== undefined && response.status < 200) return
  const sub = ctx.ua.subscriptions.get(owner.subscription)
  const status = response?.status ?? 408
  // No answer came, but NOTIFYs of its subscription did (R3515-14): the REFER was accepted, and
  // the subscription (Timer N passed, expiry, refresh) will tell the outcome.
  const acceptedByNotify = response === undefined && sub !== undefined && sub.status !== 'pending'
  if (!acceptedByNotify && (response === undefined || status >= 300)) {
    if (sub !== undefined) dropSubscription(ctx, sub)
    return outcome(ctx, owner.call, owner.subscription, status)
  }
  // NOTIFYs may beat the REFER's 2xx (R3515-14): once the outcome is known, a late 2xx says nothing new.
  const known = ctx.ua.calls.get(owner.call)?.transfers.find((t) => t.subscription === owner.subscription)
  if (known === undefined || known.outcome === 'pending') {
    setRecord(ctx, owner.call, owner.subscription, { outcome: 'accepted' })
    emit(ctx, { type: 'transferAccepted', call: owner.call })
  }
  if (response === undefined) {
    if (owner.earlyBye) byeTransferee(ctx, owner.call)
    return
  }
  const referSub = headerValue(response, codecs.referSub)
  if (E.isRight(referSub) && referSub.right?.value === false) {
    // RFC 4488 §4: no subscription, so no report will come. We take the accepted REFER as the
    // hand-off and end our leg (documented in the README: the outcome stays unknown).
    if (sub !== undefined) dropSubscription(ctx, sub)
    return byeTransferee(ctx, owner.call)
  }
  if (sub !== undefined && sub.dialog === undefined) {
    // The 2xx of an out-of-dialog REFER creates the subscription's dialog (RFC 6665 §4.4.1).
    const made = owner.request === undefined ? undefined : dialogFromUac(owner.request, response)
    if (made !== undefined && E.isRight(made)) {
      putDialog(ctx, { ...made.right, state: 'Confirmed' })
      attachToDialog(ctx, sub, dialogKey(made.right.id))
    }
  }
  if (owner.earlyBye) byeTransferee(ctx, owner.call)
}

/** End our leg with the transferee (RFC 5589 §6: TR sends BYE). */
const byeTransferee = (ctx: Ctx, callId: string): void => {
  const call = ctx.ua.calls.get(callId)
  if (call === undefined || call.state === 'Terminated' || call.state === 'Terminating') return
  if (call.state === 'Confirmed') sendBye(ctx, { ...call, endAs: 'transferred' })
  else hangupCall(ctx, call, 'transferred')
}

/**
 * RFC 5589 §7.3 Fig. 7: the target ends the consultation dialog it replaced (RFC 3891 §3).
 * A target that took the INVITE with Replaces as a new call never does (a real-peer form,
 * handled as §7.7 asks: fall back to ending it ourselves). We wait as long as the target's
 * BYE could still be on its way (64·T1, its Timer F), then end the consultation if it is
 * still up. The timer goes with the consultation call when that ends first.
 */
const awaitReplacedConsultation = (ctx: Ctx, callId: string): void => {
  const consultationId = ctx.ua.calls.get(callId)?.consultation
  const consultation = consultationId === undefined ? undefined : ctx.ua.calls.get(consultationId)
  if (consultation === undefined || consultation.state === 'Terminating' || consultation.state === 'Terminated') return
  setTimer(ctx, callTimerKey(consultation, 'replaced-wait'), ctx.at + 64 * ctx.ua.transactions.config.t1)
}

/** The consultation outlived a successful attended transfer: the target kept it, so we end it. */
export const endUnreplacedConsultation = (ctx: Ctx, consultation: Call): void => {
  if (consultation.state === 'Terminating' || consultation.state === 'Terminated') return
  emit(ctx, { type: 'log', level: 'info', message: `call ${consultation.id}: the target did not end the consultation it replaced; ending it (RFC 5589 §7.7)` })
  hangupCall(ctx, consultation, 'transferred')
}

/** The transfer's outcome: BYE on success, take off hold on failure (RFC 5589 §6.3, §7.3). */
const outcome = (ctx: Ctx, callId: string, subscription: string, status: number): void => {
  const call = ctx.ua.calls.get(callId)
  const record = call?.transfers.find((t) => t.subscription === subscription)
  if (record === undefined || record.outcome === 'succeeded' || record.outcome === 'failed' || record.outcome === 'unknown') return
  const ok = status >= 200 && status < 300
  setRecord(ctx, callId, subscription, { outcome: ok ? 'succeeded' : 'failed', status })
  if (ok) {
    emit(ctx, { type: 'transferSucceeded', call: callId })
    if (record.kind === 'attended') awaitReplacedConsultation(ctx, callId)
    byeTransferee(ctx, callId)
    return
  }
  emit(ctx, { type: 'transferFailed', call: callId, status })
  const current = ctx.ua.calls.get(callId)
  if (current !== undefined && current.state === 'Confirmed' && current.media.localHold) reinviteWhenFree(ctx, current, 'resume')
}

export interface NotifyArrival {
  readonly transaction: TransactionId
  readonly request: SipRequest
}

/** Find the subscriber subscription a NOTIFY is for (R3515-19: by Event id; real phones omit the id). */
export const subscriberFor = (ctx: Ctx, dialog: string | undefined, request: SipRequest): ReferSubscription | undefined => {
  const event = headerValue(request, codecs.event)
  if (E.isLeft(event) || event.right === undefined || event.right.package.toLowerCase() !== 'refer') return undefined
  const id = event.right.id
  const callId = headerValue(request, codecs.callId)
  const to = headerValue(request, codecs.to)
  const toTag = E.isRight(to) && to.right !== undefined ? to.right.params.find((p) => p.name.toLowerCase() === 'tag')?.value : undefined
  const mine = [...ctx.ua.subscriptions.values()].filter(
    (s) =>
      s.role === 'subscriber' &&
      (dialog !== undefined && s.dialog !== undefined ? s.dialog === dialog : E.isRight(callId) && s.callId === callId.right && s.localTag === toTag),
  )
  return id === undefined ? mine[mine.length - 1] : mine.find((s) => s.event === id)
}

/**
 * A NOTIFY for our refer subscription: 200 at once (R6665-11), even before the REFER's
 * 2xx (R3515-14) and after our BYE (the subscription is its own usage); progress and
 * outcome from the sipfrag status line (R3515-18).
 */
export const onReferNotify = (ctx: Ctx, arrival: NotifyArrival, sub: ReferSubscription): void => {
  const req = arrival.request
  respond(ctx, arrival.transaction, makeResponse(req, 200))
  let current = sub
  clearSubTimer(ctx, current, 'N')
  if (current.dialog === undefined) {
    // The first NOTIFY of an out-of-dialog REFER may create the dialog (RFC 6665 §4.4.1).
    const made = dialogFromUas(req, current.localTag, 1, false)
    if (E.isRight(made)) {
      putDialog(ctx, made.right)
      current = attachToDialog(ctx, current, dialogKey(made.right.id))
    }
  }
  const frag = parseSipFrag(req.body)
  const status = E.isRight(frag) && frag.right.startLine?.type === 'response' ? frag.right.startLine.status : undefined
  const state = headerValue(req, codecs.subscriptionState)
  const terminated = E.isRight(state) && state.right?.state === 'terminated'
  current = putSubscription(ctx, { ...current, status: terminated ? 'terminated' : 'active', refreshing: false, ...(status === undefined ? {} : { lastStatus: status }) })
  if (status !== undefined && status < 200) emit(ctx, { type: 'transferProgress', call: current.call, status })
  else if (status !== undefined) outcome(ctx, current.call, current.id, status)
  if (terminated) return endWithoutReport(ctx, current, status !== undefined && status >= 200)
  // R6665-8: the NOTIFY says how long the subscription lasts; refreshed while the outcome is unknown.
  const expires = E.isRight(state) ? state.right?.expires : undefined
  if (expires !== undefined) adoptExpiry(ctx, ctx.ua.subscriptions.get(current.id) ?? current, expires, undecided(ctx, current) && current.unsubscribed !== true)
}

const undecided = (ctx: Ctx, sub: ReferSubscription): boolean => {
  const record = ctx.ua.calls.get(sub.call)?.transfers.find((t) => t.subscription === sub.id)
  return record !== undefined && (record.outcome === 'pending' || record.outcome === 'accepted')
}

/**
 * The subscription is over without a final report. One that never got a NOTIFY has failed
 * (R6665-5), and the transfer with it (408). One that was reporting, then expired, lost its
 * refresh or was unsubscribed (R3515-15), leaves the transfer going on at the transferee:
 * its outcome is unknown, and neither success nor failure is claimed.
 */
const endWithoutReport = (ctx: Ctx, sub: ReferSubscription, reported: boolean): void => {
  dropSubscription(ctx, sub)
  if (reported) return
  if (sub.status === 'pending' && sub.unsubscribed !== true) return outcome(ctx, sub.call, sub.id, 408)
  const record = ctx.ua.calls.get(sub.call)?.transfers.find((t) => t.subscription === sub.id)
  if (record === undefined || (record.outcome !== 'pending' && record.outcome !== 'accepted')) return
  setRecord(ctx, sub.call, sub.id, { outcome: 'unknown' })
  emit(ctx, { type: 'transferOutcomeUnknown', call: sub.call })
}

/**
 * Timer N (R6665-5): no NOTIFY came after our REFER or SUBSCRIBE. An initial subscription
 * has failed, the transfer with it; a refreshed one is terminated.
 */
export const onTimerN = (ctx: Ctx, sub: ReferSubscription): void => {
  if (sub.role !== 'subscriber' || (sub.status !== 'pending' && sub.refreshing !== true)) return
  endWithoutReport(ctx, sub, false)
}

/** Subscriber: time to refresh (RFC 6665 §4.1.2.2); a subscription we cannot refresh ends when it expires. */
export const onSubscriberRefresh = (ctx: Ctx, sub: ReferSubscription): void => {
  if (sub.role !== 'subscriber' || sub.status !== 'active' || sub.refreshing === true || !undecided(ctx, sub)) return
  sendSubscribe(ctx, sub, ctx.ua.config.referSubscriptionSeconds)
}

/** Subscriber: the subscription ran out with no terminated NOTIFY (RFC 6665 §4.1.2.2: it is over). */
export const onSubscriberExpires = (ctx: Ctx, sub: ReferSubscription): void => {
  if (sub.role !== 'subscriber') return
  endWithoutReport(ctx, sub, false)
}

/**
 * Our SUBSCRIBE's final response. R6665-4: these errors (and no answer at all) end the
 * subscription; others leave it valid until it expires. A 2xx promises a NOTIFY (Timer N runs).
 */
export const onSubscribeResponse = (ctx: Ctx, owner: Extract<TxOwner, { type: 'subscribe' }>, response: SipResponse | undefined): void => {
  const sub = ctx.ua.subscriptions.get(owner.subscription)
  if (sub === undefined || (response !== undefined && response.status < 200)) return
  if (response !== undefined && response.status < 300) {
    // RFC 6665 §4.1.2.1: the 2xx's Expires is how long the subscription now lasts (its NOTIFY may be late or lost).
    const expires = headerValue(response, codecs.expires)
    if (!owner.ending && E.isRight(expires) && expires.right !== undefined) adoptExpiry(ctx, sub, expires.right, undecided(ctx, sub))
    return
  }
  const status = response?.status ?? 408
  if (response === undefined || [404, 405, 410, 416, 480, 481, 482, 483, 484, 485, 489, 501, 604].includes(status)) {
    endWithoutReport(ctx, sub, false)
    return
  }
  clearSubTimer(ctx, sub, 'N')
  putSubscription(ctx, { ...sub, refreshing: false })
}

/**
 * `unsubscribe`: stop the reports of the transfer of `call` (SUBSCRIBE with Expires: 0,
 * R3515-15). The transferee goes on with the transfer; we keep our call, and the outcome
 * is what the last NOTIFY says, or unknown.
 */
export const unsubscribeTransfer = (ctx: Ctx, callId: string): void => {
  const call = ctx.ua.calls.get(callId)
  const record = call?.transfers.find((t) => t.role === 'transferor' && (t.outcome === 'pending' || t.outcome === 'accepted') && t.subscription !== undefined)
  const sub = record?.subscription === undefined ? undefined : ctx.ua.subscriptions.get(record.subscription)
  if (sub === undefined || sub.unsubscribed === true || sub.dialog === undefined) {
    emit(ctx, { type: 'error', call: callId, reason: `unsubscribe: call ${callId} has no transfer subscription to end` })
    return
  }
  if (!sendSubscribe(ctx, sub, 0)) emit(ctx, { type: 'error', call: callId, reason: `unsubscribe: the SUBSCRIBE for call ${callId} could not be sent` })
}

/** Follow consultation calls: a waiting attended transfer goes when they answer, fails when they end. */
export const observeConsultation = (ctx: Ctx, event: UaEvent): void => {
  if (event.type !== 'answered' && event.type !== 'ended') return
  const consultation = ctx.ua.calls.get(event.call)
  const originalId = consultation?.consultationOf
  const original = originalId === undefined ? undefined : ctx.ua.calls.get(originalId)
  if (consultation === undefined || original === undefined) return
  if (event.type === 'answered') {
    if (original.pendingAttended === consultation.id) {
      // Through the command path, so a hold still in progress on the original call is waited for.
      putCall(ctx, { ...original, pendingAttended: undefined, deferred: [...(original.deferred ?? []), { type: 'attendedTransfer', call: original.id, consultation: consultation.id }] })
    }
    return
  }
  updateCall(ctx, consultation.id, (c) => ({ ...c, consultationOf: undefined }))
  updateCall(ctx, original.id, (c) => ({ ...c, consultation: undefined, pendingAttended: undefined }))
  emit(ctx, { type: 'consultationEnded', call: original.id, consultation: consultation.id })
  if (original.pendingAttended === consultation.id) {
    emit(ctx, { type: 'transferFailed', call: original.id, status: event.status ?? 487 })
    const current = ctx.ua.calls.get(original.id)
    if (current !== undefined && current.state === 'Confirmed' && current.media.localHold) reinviteWhenFree(ctx, current, 'resume')
  }
}
