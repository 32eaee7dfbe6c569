/**
 * The transferee (RFC 5589 TE; RFC 3515 referee): accept or refuse a REFER, report the
 * referenced INVITE through the refer subscription, and keep the original call until
 * the outcome is known (RFC 5589 §4, §6.3).
 */
import * as E from 'fp-ts/lib/Either.js'
import { dialogFromUas, dialogKey } from '../dialog/index.ts'
import { codecs, field, formatNameAddr, formatUri, headerValue, rawField, rawHeader, type SipRequest } from '../message/index.ts'
import { readReferral, type Referral } from '../transfer/index.ts'
import { putDialog } from './call-common.ts'
import { dial } from './call-uac.ts'
import { respond } from './call-uas.ts'
import { emit, putCall, token, updateCall, type Ctx } from './context.ts'
import type { UaEvent } from './event.ts'
import { localContact } from './identity.ts'
import { makeResponse, reasonOf } from './responses.ts'
import type { Call, TransferRecord } from './state.ts'
import { notify, startNotifier } from './subscriptions.ts'
import { allowHeader } from './validate-request.ts'
import type { TransactionId } from '../transaction/index.ts'
import type { HostPort, TransportName } from './io.ts'

export interface ReferArrival {
  readonly transaction: TransactionId
  readonly request: SipRequest
  readonly source: HostPort
  readonly transport: TransportName
}

const setTransfer = (ctx: Ctx, callId: string, match: (t: TransferRecord) => boolean, change: Partial<TransferRecord>): void => {
  updateCall(ctx, callId, (c) => ({ ...c, transfers: c.transfers.map((t) => (match(t) ? { ...t, ...change } : t)) }))
}

/**
 * A REFER for `call`: inside its dialog (`dialog` given), or outside it with a
 * Target-Dialog that named it (RFC 4538). Answers 2xx (202 or 200, config), 400/603,
 * or 501 when REFER is switched off (RFC 5589 §7.4, Fig. 8).
 */
export const onRefer = (ctx: Ctx, arrival: ReferArrival, call: Call, dialog: string | undefined): void => {
  const req = arrival.request
  const config = ctx.ua.config
  const answer = (status: number, reason?: string) => respond(ctx, arrival.transaction, makeResponse(req, status, { toTag: token(ctx, 10), ...(reason === undefined ? {} : { reason }) }))
  if (!config.extensions.refer) {
    respond(ctx, arrival.transaction, makeResponse(req, 501, { toTag: token(ctx, 10), headers: [allowHeader(ctx.ua.config)] }))
    return
  }
  const referral = readReferral(req)
  if (E.isLeft(referral)) return answer(referral.left.status, referral.left.reason)
  if (call.state !== 'Confirmed') return answer(603, `Decline (call is ${call.state})`)
  if (config.onRefer === 'reject') return answer(603)
  const cseq = headerValue(req, codecs.cseq)
  const event = E.isRight(cseq) && cseq.right !== undefined ? String(cseq.right.seq) : '0'
  // RFC 4488 §4: Refer-Sub: false asks for no subscription; we agree and say so in the 2xx.
  const referSub = headerValue(req, codecs.referSub)
  const noSubscription = E.isRight(referSub) && referSub.right?.value === false
  // An out-of-dialog REFER creates its own dialog (R3515-2), unless no subscription is made (R4488-3).
  let subDialog = dialog
  let toTag: string | undefined
  if (dialog === undefined && !noSubscription) {
    toTag = token(ctx, 10)
    const made = dialogFromUas(req, toTag, 1, false)
    if (E.isLeft(made)) return answer(400, `Bad REFER (${made.left})`)
    putDialog(ctx, made.right)
    subDialog = dialogKey(made.right.id)
  }
  const response = makeResponse(req, config.referResponse, {
    toTag: toTag ?? token(ctx, 10),
    contact: localContact(config, arrival.transport),
    ...(noSubscription ? { headers: [field(codecs.referSub, { value: false, params: [] })] } : {}),
  })
  respond(ctx, arrival.transaction, response)
  const callIdHeader = headerValue(req, codecs.callId)
  const sub = noSubscription || subDialog === undefined
    ? undefined
    : startNotifier(ctx, {
        event,
        dialog: subDialog,
        callId: E.isRight(callIdHeader) ? (callIdHeader.right ?? '') : '',
        localTag: toTag ?? call.localTag,
        call: call.id,
      })
  // R3515-10, RFC 6665 §4.2.1.2: the first NOTIFY goes at once.
  if (sub !== undefined) notify(ctx, sub.id, { status: 100, reason: 'Trying' }, false)
  const referredBy = rawHeader(req, 'Referred-By')
  const target = formatUri(referral.right.target)
  const record: TransferRecord = {
    role: 'transferee',
    target,
    kind: referral.right.replaces === undefined ? 'blind' : 'attended',
    outcome: 'pending',
    referral: referral.right,
    ...(sub === undefined ? {} : { subscription: sub.id }),
    ...(referredBy === undefined ? {} : { referredBy }),
  }
  const current = ctx.ua.calls.get(call.id) ?? call
  putCall(ctx, { ...current, transfers: [...current.transfers, record] })
  emit(ctx, {
    type: 'transferRequested',
    call: call.id,
    target: formatNameAddr(referral.right.referTo),
    ...(referredBy === undefined ? {} : { referredBy }),
    ...(referral.right.replaces === undefined ? {} : { replaces: codecs.replaces.format(referral.right.replaces) }),
  })
  if (config.onRefer === 'accept') startReferredCall(ctx, call.id)
}

const pendingTransfer = (call: Call): TransferRecord | undefined =>
  [...call.transfers].reverse().find((t) => t.role === 'transferee' && t.outcome === 'pending')

/** INVITE the Refer-To target (R3515-11), copying Referred-By (R3892-5) and un-escaping Replaces/Require. */
const startReferredCall = (ctx: Ctx, callId: string): void => {
  const call = ctx.ua.calls.get(callId)
  const transfer = call === undefined ? undefined : pendingTransfer(call)
  if (call === undefined || transfer?.referral === undefined) return
  const referral: Referral = transfer.referral
  const headers = [
    ...(transfer.referredBy === undefined ? [] : [rawField('Referred-By', transfer.referredBy)]),
    ...(referral.replaces === undefined ? [] : [field(codecs.replaces, referral.replaces)]),
    ...(referral.require.length === 0 ? [] : [rawField('Require', referral.require.join(', '))]),
  ]
  setTransfer(ctx, callId, (t) => t === transfer, { outcome: 'accepted' })
  emit(ctx, { type: 'transferAccepted', call: callId })
  const placed = dial(ctx, { type: 'dial', target: formatUri(referral.target) }, headers)
  if (placed === undefined || placed.state === 'Terminated') {
    finishTransfer(ctx, callId, transfer.subscription, 500, 'Server Internal Error')
    return
  }
  // RFC 5589 §6.3.2 (Fig. 4): give up on a target that rings without answering (sooner than an ordinary call).
  putCall(ctx, {
    ...placed,
    ringTimeoutMs: ctx.ua.config.transferRingTimeoutMs,
    triggeredBy: { call: callId, ...(transfer.subscription === undefined ? {} : { subscription: transfer.subscription }) },
  })
}

/** The application's answer to `transferRequested` (config onRefer: 'ask'). */
export const acceptTransfer = (ctx: Ctx, callId: string): void => {
  const call = ctx.ua.calls.get(callId)
  if (call === undefined || pendingTransfer(call) === undefined) {
    emit(ctx, { type: 'error', call: callId, reason: 'no transfer request is waiting on this call' })
    return
  }
  startReferredCall(ctx, callId)
}

/** Refused after the REFER was accepted: the final NOTIFY says 603 Declined (R3515-18). */
export const rejectTransfer = (ctx: Ctx, callId: string, status: number = 603): void => {
  const call = ctx.ua.calls.get(callId)
  const transfer = call === undefined ? undefined : pendingTransfer(call)
  if (call === undefined || transfer === undefined) {
    emit(ctx, { type: 'error', call: callId, reason: 'no transfer request is waiting on this call' })
    return
  }
  finishTransfer(ctx, callId, transfer.subscription, status, status === 603 ? 'Declined' : 'Rejected')
}

/** Report the outcome (final NOTIFY, R3515-20) and tell the application. The original call stays up. */
const finishTransfer = (ctx: Ctx, callId: string, subscription: string | undefined, status: number, reason: string, newCall?: string): void => {
  if (subscription !== undefined) notify(ctx, subscription, { status, reason }, true)
  const ok = status >= 200 && status < 300
  setTransfer(ctx, callId, (t) => t.role === 'transferee' && (t.outcome === 'pending' || t.outcome === 'accepted') && t.subscription === subscription, {
    outcome: ok ? 'succeeded' : 'failed',
    status,
    referral: undefined,
  })
  emit(ctx, ok ? { type: 'transferSucceeded', call: callId, ...(newCall === undefined ? {} : { newCall }) } : { type: 'transferFailed', call: callId, status })
}

/** Follow the referenced call through the events the application sees. */
export const observeReferredCall = (ctx: Ctx, event: UaEvent): void => {
  if (!('call' in event) || event.call === undefined) return
  const call = ctx.ua.calls.get(event.call)
  const origin = call?.triggeredBy
  if (call === undefined || origin === undefined) return
  switch (event.type) {
    case 'progress':
      if (origin.subscription !== undefined) notify(ctx, origin.subscription, { status: event.status, reason: event.reason }, false)
      emit(ctx, { type: 'transferProgress', call: origin.call, status: event.status })
      return
    case 'answered':
      updateCall(ctx, call.id, (c) => ({ ...c, triggeredBy: undefined }))
      finishTransfer(ctx, origin.call, origin.subscription, 200, 'OK', call.id)
      return
    case 'ended': {
      updateCall(ctx, call.id, (c) => ({ ...c, triggeredBy: undefined }))
      const status = event.status ?? (event.reason === 'cancelled' ? 487 : event.reason === 'timeout' ? 408 : 500)
      // The status line in the final sipfrag (R3515-18) with its RFC 3261 §21 phrase: "403 Forbidden", not "403 Error".
      finishTransfer(ctx, origin.call, origin.subscription, status, reasonOf(status))
      return
    }
    default:
      return
  }
}

