/**
 * What every call does whatever its role: start client transactions, move along the
 * INVITE session table, keep the RTP stream in step with the negotiated session, and
 * end cleanly (RFC 3261 §12–§15, RFC 5057 usages).
 */
import * as E from 'fp-ts/lib/Either.js'
import { mapDelete, mapPut } from '../data/index.ts'
import { dialogKey, inDialogRequest, nextHopUri, removeUsage, type Dialog, type RequestExtras } from '../dialog/index.ts'
import { codecs, field, headerValues, setFields, type HeaderField, type SipRequest, type SipResponse } from '../message/index.ts'
import { closedSession, currentMedia } from '../session/index.ts'
import { nextSessionState, type SessionEvent } from '../session/index.ts'
import { clientTransactionIdOf } from '../transaction/index.ts'
import { clearTimer, dropCall, emit, log, newBranch, putCall, setOwner, setTimer, transact, type Ctx } from './context.ts'
import { rememberEnded } from './ended-dialogs.ts'
import type { EndReason } from './event.ts'
import { localContact, localVia, resolveUri, transportOf } from './identity.ts'
import type { HostPort, TransportName } from './io.ts'
import type { Call, TxOwner } from './state.ts'
import { transferHistory } from './transfer-history.ts'
import type { UaConfig } from './config.ts'
import { allowHeader, supportedHeader } from './validate-request.ts'

/** RFC 3261 §18.1.1: a request larger than this goes over a congestion-controlled transport. */
export const udpRequestLimit = 1300

/**
 * §18.1.1: a request over UDP that is within 200 bytes of the path MTU (1300 bytes when
 * it is unknown) is sent over TCP instead, with its top Via saying so. The core chooses,
 * so the transaction's timers follow the transport really used.
 */
export const fitTransport = (request: SipRequest, transport: TransportName): readonly [SipRequest, TransportName] => {
  if (transport !== 'udp' || approximateSize(request) <= udpRequestLimit) return [request, transport]
  const vias = headerValues(request, codecs.via)
  if (E.isLeft(vias) || vias.right[0] === undefined) return [request, transport]
  const [top, ...rest] = vias.right
  return [setFields(request, 'via', [field(codecs.via, { ...top, transport: 'TCP' }), ...rest.map((v) => field(codecs.via, v))]), 'tcp']
}

/**
 * The serialized size in characters, without serializing (the request is serialized once,
 * when it is sent). Non-ASCII header text counts one per character: close enough for a
 * threshold that is itself a rule of thumb (§18.1.1: "within 200 bytes of the path MTU").
 */
const approximateSize = (msg: SipRequest): number => {
  let n = msg.method.length + msg.uri.length + msg.version.length + 4 + 2 + msg.body.length
  for (const h of msg.headers) n += h.name.length + h.value.length + 4
  return n
}

/** Start a client transaction for `request` and remember who waits for it. */
export const sendRequest = (ctx: Ctx, original: SipRequest, destination: HostPort, originalTransport: TransportName, owner: TxOwner): string | undefined => {
  const [request, transport] = fitTransport(original, originalTransport)
  const tx = clientTransactionIdOf(request)
  if (E.isLeft(tx)) return undefined
  if (ctx.ua.transactions.transactions.size >= ctx.ua.config.limits.maxTransactions) {
    emit(ctx, { type: 'error', reason: `transaction limit (${ctx.ua.config.limits.maxTransactions}) reached; ${request.method} not sent` })
    return undefined
  }
  const id = tx.right
  setOwner(ctx, id, owner)
  transact(ctx, { type: 'send-request', at: ctx.at, request, destination, transport })
  return id
}

export const dialogOf = (ctx: Ctx, call: Call): Dialog | undefined => (call.dialog === undefined ? undefined : ctx.ua.dialogs.get(call.dialog))

export const putDialog = (ctx: Ctx, dialog: Dialog): void => {
  ctx.ua.dialogs = mapPut(ctx.ua.dialogs, dialogKey(dialog.id), dialog.state === 'Terminated' ? undefined : dialog)
}

export const dropDialog = (ctx: Ctx, key: string): void => {
  ctx.ua.dialogs = mapDelete(ctx.ua.dialogs, key)
}

/** Where a dialog's next request goes, or undefined (with an error event) when it cannot be resolved. */
export const dialogDestination = (ctx: Ctx, dialog: Dialog): { readonly destination: HostPort; readonly transport: TransportName } | undefined => {
  const uri = nextHopUri(dialog)
  const destination = resolveUri(ctx.ua.config, uri)
  if (destination === undefined) {
    emit(ctx, { type: 'error', reason: `cannot resolve the dialog's next hop` })
    return undefined
  }
  return { destination, transport: transportOf(ctx.ua.config, uri) }
}

/** A request inside the call's dialog, sent on a new client transaction. */
export const sendInDialog = (
  ctx: Ctx,
  call: Call,
  method: string,
  owner: TxOwner,
  extras: RequestExtras = {},
): { readonly request: SipRequest; readonly transaction: string } | undefined =>
  call.dialog === undefined ? undefined : sendInDialogOf(ctx, call.dialog, method, owner, extras)

/** A request inside the dialog `key` (any usage: session or subscription). */
export const sendInDialogOf = (
  ctx: Ctx,
  key: string,
  method: string,
  owner: TxOwner,
  extras: RequestExtras = {},
): { readonly request: SipRequest; readonly transaction: string } | undefined => {
  const dialog = ctx.ua.dialogs.get(key)
  if (dialog === undefined) return undefined
  const hop = dialogDestination(ctx, dialog)
  if (hop === undefined) return undefined
  const [request, next] = inDialogRequest(dialog, method, localVia(ctx.ua.config, newBranch(ctx), hop.transport), {
    contact: localContact(ctx.ua.config, hop.transport),
    ...extras,
  })
  putDialog(ctx, next)
  const transaction = sendRequest(ctx, request, hop.destination, hop.transport, owner)
  return transaction === undefined ? undefined : { request, transaction }
}

/** Move a call along the session table (core/session/invite-session.ts); unknown moves keep the state. */
export const advance = (ctx: Ctx, call: Call, event: SessionEvent): Call => {
  const state = nextSessionState(call.state, event)
  if (state === undefined) {
    log(ctx, 'debug', `${call.id}: ${event} ignored in ${call.state}`)
    return call
  }
  const next = { ...call, state }
  putCall(ctx, next)
  if (state === 'Confirmed' && call.state !== 'Confirmed') armKeepalive(ctx, next)
  return next
}

/** Start probing an established call (see `keepaliveMs`). */
export const armKeepalive = (ctx: Ctx, call: Call): void => {
  if (ctx.ua.config.keepaliveMs > 0) setCallTimer(ctx, call, 'keepalive', ctx.at + ctx.ua.config.keepaliveMs)
}

const setCallTimer = (ctx: Ctx, call: Call, name: string, at: number): void => {
  setTimer(ctx, callTimerKey(call, name), at)
}

/** The keepalive fired: probe the peer with OPTIONS in the dialog, and plan the next probe. */
export const probeCall = (ctx: Ctx, call: Call): void => {
  if (call.state !== 'Confirmed') return
  sendInDialog(ctx, call, 'OPTIONS', { type: 'keepalive', call: call.id })
  setCallTimer(ctx, call, 'keepalive', ctx.at + ctx.ua.config.keepaliveMs)
}

/** §12.2.1.2: 481 or 408 to a request in the dialog ends it (the peer has lost or cannot reach it). */
export const onProbeResult = (ctx: Ctx, call: Call, status: number): void => {
  if (call.state !== 'Confirmed' || (status !== 481 && status !== 408)) return
  emit(ctx, { type: 'log', level: 'info', message: `${call.id}: keepalive OPTIONS got ${status}; the peer has lost the dialog` })
  endCall(ctx, call, 'failed', status)
}

const streamOf = (call: Call): string => `${call.id}/audio`

/** Bring the RTP stream in line with the negotiated session: open, update or nothing. */
export const syncMedia = (ctx: Ctx, call: Call): Call => {
  const media = currentMedia(call.media)
  if (media === undefined || call.state === 'Terminated') return call
  ctx.out.push({
    type: 'media',
    media: {
      type: call.mediaOpen ? 'update' : 'open',
      stream: streamOf(call),
      call: call.id,
      local: media.local,
      remote: media.remote,
      codec: media.codec,
      direction: media.direction,
    },
  })
  const next = { ...call, mediaOpen: true }
  putCall(ctx, next)
  return next
}

/** Report hold changes between two media states of a call (RFC 3264 §8.4). */
export const reportHold = (ctx: Ctx, before: Call, after: Call): void => {
  if (before.media.localHold !== after.media.localHold) {
    emit(ctx, { type: after.media.localHold ? 'held' : 'resumed', call: after.id, by: 'local' })
  }
  if (before.media.remoteHold !== after.media.remoteHold) {
    emit(ctx, { type: after.media.remoteHold ? 'held' : 'resumed', call: after.id, by: 'remote' })
  }
}

const callTimers = ['answer', '2xx', 'ack', 'glare', 'cancel', 'ring', 'reinvite-2xx', 'reinvite-ack', 'reinvite-timeout', 'keepalive', 'replaced-wait']

/**
 * The call is over: close media, drop the session usage from its dialogs (a dialog
 * with other usages, such as a refer subscription, lives on: RFC 5057 §5), clear timers,
 * tell the application.
 */
export const endCall = (ctx: Ctx, call: Call, reason: EndReason, status?: number): Call => {
  if (call.state === 'Terminated' && call.endReason !== undefined) return call
  if (call.mediaOpen) ctx.out.push({ type: 'media', media: { type: 'close', stream: streamOf(call), call: call.id } })
  if (call.dialog !== undefined) {
    // R3891-8: remember it, so a Replaces that arrives late gets 603 instead of 481.
    ctx.ua.endedDialogs = rememberEnded(ctx.ua.endedDialogs, call.dialog, ctx.at)
  }
  for (const key of [call.dialog, ...call.earlyDialogs]) {
    if (key === undefined) continue
    const d = ctx.ua.dialogs.get(key)
    if (d === undefined) continue
    const next = removeUsage(d, { type: 'invite' })
    if (next.usages.length === 0) dropDialog(ctx, key)
    else putDialog(ctx, next)
  }
  // The guard of a re-INVITE of ours still out stays: it gives that transaction up if no answer comes.
  for (const t of callTimers) if (!(t === 'reinvite-timeout' && call.reinvite?.role === 'uac')) clearCallTimer(ctx, call, t)
  // A re-INVITE of ours still in progress is kept: its 2xx, if one comes, must still be ACKed (§13.2.2.4),
  // and so is the offer it carried.
  const ownReinvite = call.reinvite?.role === 'uac' ? call.reinvite : undefined
  const ended: Call = {
    ...call,
    state: 'Terminated',
    mediaOpen: false,
    media: ownReinvite === undefined ? closedSession(call.media) : call.media,
    earlyDialogs: [],
    reinvite: ownReinvite,
    endReason: reason,
    ...(status === undefined ? {} : { endStatus: status }),
  }
  putCall(ctx, ended)
  emit(ctx, {
    type: 'ended',
    call: call.id,
    reason,
    ...(status === undefined ? {} : { status }),
    ...(call.transfers.length === 0 ? {} : { transfers: transferHistory(call) }),
  })
  return ended
}

export const callTimerKey = (call: Call, name: string): string => `call/${call.id}/${name}`

export const clearCallTimer = (ctx: Ctx, call: Call, name: string): void => {
  clearTimer(ctx, callTimerKey(call, name))
}

/**
 * Forget calls that are over and have nothing left running: no request of theirs still
 * out (owner entries), no re-INVITE of ours, and for a UAC its INVITE client transaction,
 * which must still ACK and BYE a late 2xx (§13.2.2.4). A UAS call does not wait for its
 * INVITE server transaction: in Completed or Accepted that absorbs retransmissions by
 * itself for 64·T1 (§17.2.1, RFC 6026), and an ACK that reaches the UA then finds no call
 * and is dropped. Only calls this step ended or released are looked at (`ctx.settle`),
 * so the cost does not grow with the number of calls.
 */
export const collectCalls = (ctx: Ctx): void => {
  const live = ctx.ua.transactions.transactions
  for (const id of ctx.settle) {
    const call = ctx.ua.calls.get(id)
    if (call === undefined || call.state !== 'Terminated') continue
    if (call.role === 'uac' && live.has(call.inviteTransaction)) continue
    if (call.reinvite !== undefined && live.has(call.reinvite.transaction)) continue
    if (ctx.ua.callOwners.has(id)) continue
    dropCall(ctx, call)
  }
  ctx.settle.clear()
}

/** The option tags a message lists in Supported (RFC 3261 §20.37). */
export const supportedOf = (msg: SipRequest | SipResponse): ReadonlyArray<string> => {
  const tags = headerValues(msg, codecs.supported)
  return E.isRight(tags) ? tags.right.map((t) => t.toLowerCase()) : []
}

/**
 * Allow and Supported on dialog-forming requests and responses (RFC 3261 §20.5, RFC 4538 §6).
 * `replaces` only when the UA does Replaces (R3891-17): peers decide on it (RFC 5589 §7.3).
 */
export const capabilityHeaders = (config: Pick<UaConfig, 'extensions'>): ReadonlyArray<HeaderField> => [allowHeader(config), supportedHeader(config)]

/** BYE the call's dialog (§15.1.1). */
export const sendBye = (ctx: Ctx, call: Call): Call => {
  const sent = sendInDialog(ctx, call, 'BYE', { type: 'bye', call: call.id })
  if (sent === undefined) return endCall(ctx, call, 'local-hangup')
  return advance(ctx, { ...call, byePending: false }, 'bye')
}
