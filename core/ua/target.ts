/**
 * The transfer target (RFC 5589 TT) and, in the reversed flows, the transferee: an
 * INVITE with Replaces (RFC 3891 §3) is matched against our dialogs, answered at once
 * when it may replace one, and the replaced dialog is ended (BYE, or CANCEL if early).
 */
import * as E from 'fp-ts/lib/Either.js'
import { dialogKey } from '../dialog/index.ts'
import { codecs, headerValue } from '../message/index.ts'
import { replacesVerdict } from '../transfer/index.ts'
import { sendBye } from './call-common.ts'
import { cancelCall } from './call-uac.ts'
import { answerCall, onIncomingInvite, respond } from './call-uas.ts'
import { callOfDialog, emit, token, updateCall, type Ctx } from './context.ts'
import { endedLately } from './ended-dialogs.ts'
import type { UaEvent } from './event.ts'
import type { RequestArrival } from './inbound.ts'
import { makeResponse } from './responses.ts'

/** An out-of-dialog INVITE carrying Replaces. */
export const onReplacingInvite = (ctx: Ctx, arrival: RequestArrival): void => {
  const req = arrival.request
  const reject = (status: number, reason?: string) =>
    respond(ctx, arrival.transaction, makeResponse(req, status, { toTag: token(ctx, 10), ...(reason === undefined ? {} : { reason }) }))
  // R3891-4: more than one Replaces is 400.
  if (req.headers.filter((h) => h.key === 'replaces').length > 1) return reject(400, 'More Than One Replaces')
  const replaces = headerValue(req, codecs.replaces)
  if (E.isLeft(replaces) || replaces.right === undefined) return reject(400, 'Bad Replaces')
  const { callId, toTag, fromTag } = replaces.right
  // One lookup, unless a tag of "0" stands for a missing one (R3891-2) and every dialog is a candidate.
  const exact = ctx.ua.dialogs.get(dialogKey({ callId, localTag: toTag, remoteTag: fromTag }))
  const candidates = toTag === '0' || fromTag === '0' ? ctx.ua.dialogs.values() : exact === undefined ? [] : [exact]
  const span = 64 * ctx.ua.transactions.config.t1
  const verdict = replacesVerdict(replaces.right, candidates, (key) => endedLately(ctx.ua.endedDialogs, key, ctx.at, span))
  if (verdict.type === 'reject') return reject(verdict.status, verdict.reason)
  const call = onIncomingInvite(ctx, req, arrival, { dialog: verdict.dialog, end: verdict.end })
  // The replacement takes the place of an existing call: it is answered without ringing the user.
  if (call !== undefined) answerCall(ctx, call)
}

/** Once the replacement is answered, end the call it replaces and say so (R3891-12/13). */
export const observeReplacing = (ctx: Ctx, event: UaEvent): void => {
  if (event.type !== 'answered') return
  const call = ctx.ua.calls.get(event.call)
  const replacing = call?.replacing
  if (call === undefined || replacing === undefined) return
  updateCall(ctx, call.id, (c) => ({ ...c, replacing: undefined }))
  const old = callOfDialog(ctx, replacing.dialog)
  if (old === undefined || old.state === 'Terminated' || old.state === 'Terminating') return
  emit(ctx, { type: 'replaced', call: old.id, by: call.id })
  if (replacing.end === 'cancel') cancelCall(ctx, { ...old, endAs: 'replaced' })
  else if (old.state === 'Confirmed') sendBye(ctx, { ...old, endAs: 'replaced' })
  else updateCall(ctx, old.id, (c) => ({ ...c, byePending: true, endAs: 'replaced' }))
}
