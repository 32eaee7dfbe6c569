/**
 * Refer subscriptions inside the UA: creating and ending them as dialog usages
 * (RFC 5057), and the notifier's NOTIFY pipeline: one NOTIFY in flight at a time (so
 * CSeqs arrive in order), no more than one a second (RFC 3515 §3.10), the latest
 * provisional replacing an older queued one, the final never dropped.
 */
import { mapDelete, mapSet } from '../data/index.ts'
import { addUsage, removeUsage } from '../dialog/index.ts'
import { codecs, field, rawField, type SipResponse } from '../message/index.ts'
import { formatSipFrag, statusFrag } from '../sipfrag/index.ts'
import {
  notifyInterval,
  referEventValue,
  refreshAt,
  subscriptionStateValue,
  type FragStatus,
  type ReferSubscription,
  type TerminationReason,
} from '../subscription/index.ts'
import { dropDialog, putDialog, sendInDialogOf } from './call-common.ts'
import { clearTimer, emit, setTimer, type Ctx } from './context.ts'

export const subscriptionTimerKey = (sub: ReferSubscription, name: string): string => `sub/${sub.id}/${name}`

export const setSubTimer = (ctx: Ctx, sub: ReferSubscription, name: string, at: number): void => {
  setTimer(ctx, subscriptionTimerKey(sub, name), at)
}

export const clearSubTimer = (ctx: Ctx, sub: ReferSubscription, name: string): void => {
  clearTimer(ctx, subscriptionTimerKey(sub, name))
}

export const putSubscription = (ctx: Ctx, sub: ReferSubscription): ReferSubscription => {
  ctx.ua.subscriptions = mapSet(ctx.ua.subscriptions, sub.id, sub)
  return sub
}

const usageOf = (sub: ReferSubscription) => ({ type: 'subscription' as const, event: 'refer', id: sub.event, role: sub.role })

/** A new subscription; joins its dialog as a usage when the dialog is known. */
export const newSubscription = (ctx: Ctx, fields: Omit<ReferSubscription, 'id'>): ReferSubscription => {
  const n = ctx.ua.nextSubscription
  ctx.ua.nextSubscription = n + 1
  // Every field, optional ones as undefined, in one order: one V8 shape for all subscriptions.
  const sub = putSubscription(ctx, {
    id: `s${n}`,
    role: fields.role,
    event: fields.event,
    dialog: fields.dialog,
    callId: fields.callId,
    localTag: fields.localTag,
    status: fields.status,
    call: fields.call,
    expiresAt: fields.expiresAt,
    triggered: fields.triggered,
    inFlight: fields.inFlight,
    lastNotifyAt: fields.lastNotifyAt,
    queued: fields.queued,
    finalQueued: fields.finalQueued,
    lastReport: fields.lastReport,
    lastStatus: fields.lastStatus,
    refreshing: fields.refreshing,
    unsubscribed: fields.unsubscribed,
  })
  if (sub.dialog !== undefined) attachToDialog(ctx, sub, sub.dialog)
  return sub
}

/** The dialog now exists (the REFER's 2xx or the first NOTIFY created it): join it. */
export const attachToDialog = (ctx: Ctx, sub: ReferSubscription, key: string): ReferSubscription => {
  const dialog = ctx.ua.dialogs.get(key)
  if (dialog !== undefined) putDialog(ctx, addUsage(dialog, usageOf(sub)))
  return putSubscription(ctx, { ...sub, dialog: key })
}

/** The subscription is over: leave the dialog (which ends with its last usage), clear timers, forget it. */
export const dropSubscription = (ctx: Ctx, sub: ReferSubscription): void => {
  for (const t of ['N', 'notify', 'expires', 'refresh']) clearSubTimer(ctx, sub, t)
  if (sub.dialog !== undefined) {
    const dialog = ctx.ua.dialogs.get(sub.dialog)
    if (dialog !== undefined) {
      const next = removeUsage(dialog, usageOf(sub))
      if (next.usages.length === 0) dropDialog(ctx, sub.dialog)
      else putDialog(ctx, next)
    }
  }
  ctx.ua.subscriptions = mapDelete(ctx.ua.subscriptions, sub.id)
}

/** RFC 6665 §4.2.1.2: the notifier's subscription, offered for `config.referSubscriptionSeconds`. */
export const startNotifier = (ctx: Ctx, fields: Pick<ReferSubscription, 'event' | 'dialog' | 'callId' | 'localTag' | 'call'>): ReferSubscription => {
  const sub = newSubscription(ctx, { ...fields, role: 'notifier', status: 'active', expiresAt: ctx.at + ctx.ua.config.referSubscriptionSeconds * 1000 })
  setSubTimer(ctx, sub, 'expires', sub.expiresAt)
  return sub
}

/** Report a state of the referenced request (R3515-18): queued behind a NOTIFY in flight or the 1 s spacing. */
export const notify = (ctx: Ctx, subId: string, frag: FragStatus, final: boolean, reason: TerminationReason = 'noresource'): void => {
  const sub = ctx.ua.subscriptions.get(subId)
  if (sub === undefined || sub.role !== 'notifier') return
  // An end for timeout (unsubscribe, expiry) not sent yet carries the newest state (R6665-20).
  const endingUnsent = sub.queued?.final === true && sub.queued.reason === 'timeout'
  if (sub.finalQueued === true && !endingUnsent) return
  // The final state always wins over a queued provisional; a newer provisional over an older one.
  const queued = endingUnsent ? { frag, final: true, reason: final ? reason : ('timeout' as const) } : sub.queued?.final === true ? sub.queued : { frag, final, reason }
  putSubscription(ctx, { ...sub, queued, ...(final ? { finalQueued: true } : {}) })
  pump(ctx, subId)
}

/** Send the queued NOTIFY if nothing is in flight and a second has passed since the last one. */
const pump = (ctx: Ctx, subId: string): void => {
  const sub = ctx.ua.subscriptions.get(subId)
  // A provisional waits for the NOTIFY in flight; the final does not (it has the higher CSeq and
  // complete state, R3515-18), so a lost provisional cannot hold the outcome back.
  if (sub === undefined || sub.queued === undefined || sub.dialog === undefined) return
  if (sub.inFlight !== undefined && !sub.queued.final) return
  const due = sub.lastNotifyAt === undefined ? ctx.at : sub.lastNotifyAt + notifyInterval
  if (due > ctx.at) {
    if (!ctx.ua.timers.has(subscriptionTimerKey(sub, 'notify'))) setSubTimer(ctx, sub, 'notify', due)
    return
  }
  const { frag, final, reason } = sub.queued
  const sent = sendInDialogOf(ctx, sub.dialog, 'NOTIFY', { type: 'notify', subscription: sub.id, final }, {
    headers: [rawField('Event', referEventValue(sub.event)), rawField('Subscription-State', subscriptionStateValue(final, sub.expiresAt - ctx.at, reason))],
    body: formatSipFrag(statusFrag(frag.status, frag.reason)),
    contentType: 'message/sipfrag;version=2.0',
  })
  if (sent === undefined) {
    emit(ctx, { type: 'log', level: 'warn', message: `NOTIFY for ${sub.id} could not be sent; subscription dropped` })
    dropSubscription(ctx, ctx.ua.subscriptions.get(subId) ?? sub)
    return
  }
  const current = ctx.ua.subscriptions.get(subId) ?? sub
  putSubscription(ctx, { ...current, inFlight: sent.transaction, lastNotifyAt: ctx.at, lastReport: frag, queued: undefined, ...(final ? { status: 'terminated' as const } : {}) })
}

/** The 1 s spacing is over. */
export const onNotifyTimer = (ctx: Ctx, sub: ReferSubscription): void => pump(ctx, sub.id)

/**
 * A NOTIFY transaction completed. After the final one the subscription is gone; an error
 * from the list of RFC 6665 §4.2.2 (R6665-17), or a timeout, also removes it.
 */
export const onNotifyResponse = (ctx: Ctx, subId: string, final: boolean, response: SipResponse | undefined): void => {
  const sub = ctx.ua.subscriptions.get(subId)
  if (sub === undefined || (response !== undefined && response.status < 200)) return
  // The answer to an earlier provisional that the final overtook: nothing to do.
  if (!final && sub.status === 'terminated') return
  const status = response?.status ?? 408
  const fatal = response === undefined || [404, 405, 410, 416, 480, 481, 482, 483, 484, 485, 489, 501, 604].includes(status)
  if (final || fatal) {
    dropSubscription(ctx, sub)
    return
  }
  putSubscription(ctx, { ...sub, inFlight: undefined })
  pump(ctx, subId)
}

/** The notifier's subscription expired before the referenced request finished (R6665-16: terminated;reason=timeout, with the state as it is). */
export const onNotifierExpires = (ctx: Ctx, sub: ReferSubscription): void => {
  if (sub.role !== 'notifier' || sub.finalQueued === true) return
  putSubscription(ctx, { ...sub, queued: undefined })
  notify(ctx, sub.id, sub.queued?.frag ?? sub.lastReport ?? { status: 100, reason: 'Trying' }, true, 'timeout')
}

/**
 * A SUBSCRIBE refreshed the notifier's subscription (R3515-15, RFC 6665 §4.2.1.2): it now
 * lasts what was asked, never longer than we offer (R6665-1); Expires: 0 ends it (R6665-20).
 * Returns the granted seconds, for the 2xx's Expires.
 */
/** What a refresh asking for `requestedSeconds` gets: never longer than we offer (R6665-1). */
export const grantedSeconds = (ctx: Ctx, requestedSeconds: number | undefined): number =>
  Math.min(requestedSeconds ?? ctx.ua.config.referSubscriptionSeconds, ctx.ua.config.referSubscriptionSeconds)

export const refreshNotifier = (ctx: Ctx, sub: ReferSubscription, requestedSeconds: number | undefined): number => {
  const granted = grantedSeconds(ctx, requestedSeconds)
  const current = putSubscription(ctx, { ...sub, expiresAt: ctx.at + granted * 1000 })
  // The newest state: one still queued behind the 1 s spacing, else the last one sent.
  const report = current.queued?.frag ?? current.lastReport ?? { status: 100, reason: 'Trying' }
  if (granted === 0) {
    clearSubTimer(ctx, current, 'expires')
    notify(ctx, current.id, report, true, 'timeout')
    return 0
  }
  setSubTimer(ctx, current, 'expires', current.expiresAt)
  // R6665-14: a NOTIFY follows the 2xx at once.
  notify(ctx, current.id, report, false)
  return granted
}

/**
 * Subscriber: a NOTIFY said how long the subscription lasts (R6665-8). It expires then
 * unless refreshed; we refresh ahead of that while the outcome is still unknown.
 */
export const adoptExpiry = (ctx: Ctx, sub: ReferSubscription, seconds: number, refresh: boolean): ReferSubscription => {
  const current = putSubscription(ctx, { ...sub, expiresAt: ctx.at + seconds * 1000 })
  setSubTimer(ctx, current, 'expires', current.expiresAt)
  const when = refresh ? refreshAt(ctx.at, current.expiresAt, ctx.ua.transactions.config.t1) : undefined
  if (when === undefined) clearSubTimer(ctx, current, 'refresh')
  else setSubTimer(ctx, current, 'refresh', when)
  return current
}

/**
 * Subscriber: SUBSCRIBE in the subscription's dialog to refresh it, or with Expires: 0 to
 * end it (R3515-15, with the id, R3515-19), and Timer N for the NOTIFY that must follow (R6665-5).
 */
export const sendSubscribe = (ctx: Ctx, sub: ReferSubscription, seconds: number): boolean => {
  if (sub.dialog === undefined) return false
  const sent = sendInDialogOf(ctx, sub.dialog, 'SUBSCRIBE', { type: 'subscribe', subscription: sub.id, ending: seconds === 0 }, {
    headers: [rawField('Event', referEventValue(sub.event)), field(codecs.expires, seconds), rawField('Accept', 'message/sipfrag')],
  })
  if (sent === undefined) return false
  const current = putSubscription(ctx, { ...(ctx.ua.subscriptions.get(sub.id) ?? sub), refreshing: true, ...(seconds === 0 ? { unsubscribed: true } : {}) })
  clearSubTimer(ctx, current, 'refresh')
  setSubTimer(ctx, current, 'N', ctx.at + 64 * ctx.ua.transactions.config.t1)
  return true
}
