/**
 * One step's working state. A step threads the user agent through many small updates
 * and collects outputs in order; `Ctx` is that accumulator, local to one `step` call
 * and never shared, so the step stays a pure function of (state, input).
 */
import { mapDelete, mapPut, mapSet, type Mutable, type PersistentMap } from '../data/index.ts'
import { serializeMessage, type SipMessage } from '../message/index.ts'
import { nextToken } from '../random/index.ts'
import { step as layerStep, type TransactionInput, type TransactionOutput } from '../transaction/index.ts'
import type { UaEvent } from './event.ts'
import type { HostPort, Millis, Output, TransportName } from './io.ts'
import type { Call, TxOwner, UserAgent } from './state.ts'

/** The user agent being stepped: a copy made for this step alone, so updating it in place keeps the step pure. */
export type UaDraft = Mutable<UserAgent>

export interface Ctx {
  readonly ua: UaDraft
  readonly at: Millis
  readonly out: Array<Output>
  /** Where transaction-layer outputs for the TU go (set by ua.ts). */
  readonly dispatch: (ctx: Ctx, output: TransactionOutput) => void
  /**
   * Events not yet shown to the UA's own observers (transfers follow their calls through
   * the events the application sees). ua.ts drains it after each handler finishes, so an
   * observer never runs in the middle of a handler that still holds an older copy of a call.
   */
  readonly observed: Array<UaEvent>
  /** Calls that may be over for good after this step (ended, or lost a transaction): `collectCalls` looks at these only. */
  readonly settle: Set<string>
}

const dialogKeysOf = (call: Call | undefined): ReadonlyArray<string> =>
  call === undefined ? [] : call.dialog === undefined ? call.earlyDialogs : [call.dialog, ...call.earlyDialogs]

/** The dialog index after a call's dialogs changed (before and after a change, or its removal). */
const dialogIndexAfter = (index: PersistentMap<string>, before: Call | undefined, after: Call | undefined): PersistentMap<string> => {
  const old = dialogKeysOf(before)
  const now = dialogKeysOf(after)
  if (old.length === now.length && old.every((k, i) => k === now[i])) return index
  let next = index
  for (const k of old) if (!now.includes(k) && next.get(k) === before?.id) next = mapDelete(next, k)
  if (after !== undefined) for (const k of now) next = mapSet(next, k, after.id)
  return next
}

/** The transaction index with the INVITE and re-INVITE transactions this call waits on (while they live). */
const txIndexAfter = (ua: UserAgent, call: Call): PersistentMap<string> => {
  let txCalls = ua.txCalls
  for (const tx of [call.inviteTransaction, call.reinvite?.transaction]) {
    if (tx !== undefined && txCalls.get(tx) !== call.id && ua.transactions.transactions.has(tx)) txCalls = mapSet(txCalls, tx, call.id)
  }
  return txCalls
}

export const emit = (ctx: Ctx, event: UaEvent): void => {
  ctx.out.push({ type: 'event', event })
  ctx.observed.push(event)
}

export const log = (ctx: Ctx, level: 'debug' | 'info' | 'warn', message: string): void => emit(ctx, { type: 'log', level, message })

export const setTimer = (ctx: Ctx, key: string, at: Millis): void => {
  ctx.ua.timers = mapSet(ctx.ua.timers, key, at)
  ctx.out.push({ type: 'timer', key, at })
}

export const clearTimer = (ctx: Ctx, key: string): void => {
  if (!ctx.ua.timers.has(key)) return
  forgetTimer(ctx, key)
  ctx.out.push({ type: 'timer', key, at: undefined })
}

/** Drop a UA timer from the state without telling the driver (it fired, or the driver knows). */
export const forgetTimer = (ctx: Ctx, key: string): void => {
  ctx.ua.timers = mapDelete(ctx.ua.timers, key)
}

/** Random alphanumerics from the UA's PRNG. */
export const token = (ctx: Ctx, length: number): string => {
  const [t, prng] = nextToken(ctx.ua.prng, length)
  ctx.ua.prng = prng
  return t
}

/** A new branch with the magic cookie (RFC 3261 §8.1.1.7). */
export const newBranch = (ctx: Ctx): string => `z9hG4bK${token(ctx, 12)}`

export const send = (ctx: Ctx, message: SipMessage, destination: HostPort, transport: TransportName): void => {
  ctx.out.push({ type: 'send', transport, destination, data: serializeMessage(message) })
}

/** Feed the transaction layer, then act on what it gives out. */
export const transact = (ctx: Ctx, input: TransactionInput): void => {
  const [layer, outputs] = layerStep(ctx.ua.transactions, input)
  ctx.ua.transactions = layer
  for (const o of outputs) ctx.dispatch(ctx, o)
}

export const putCall = (ctx: Ctx, call: Call): void => {
  const ua = ctx.ua
  const before = ua.calls.get(call.id)
  const wasLive = before !== undefined && before.state !== 'Terminated'
  const isLive = call.state !== 'Terminated'
  const deferring = call.deferred !== undefined
  // The call and every index it touches.
  ua.calls = mapSet(ua.calls, call.id, call)
  ua.liveCalls += (isLive ? 1 : 0) - (wasLive ? 1 : 0)
  ua.dialogCalls = dialogIndexAfter(ua.dialogCalls, before, call)
  ua.txCalls = txIndexAfter(ua, call)
  if (deferring !== ua.deferredCalls.has(call.id)) ua.deferredCalls = deferring ? mapSet(ua.deferredCalls, call.id, true) : mapDelete(ua.deferredCalls, call.id)
  if (!isLive) ctx.settle.add(call.id)
}

/** Forget a call that is over (`collectCalls` decides when). */
export const dropCall = (ctx: Ctx, call: Call): void => {
  const ua = ctx.ua
  ua.dialogCalls = dialogIndexAfter(ua.dialogCalls, call, undefined)
  ua.calls = mapDelete(ua.calls, call.id)
  ua.liveCalls -= call.state === 'Terminated' ? 0 : 1
  ua.deferredCalls = mapDelete(ua.deferredCalls, call.id)
  // A UAS call can go before its INVITE server transaction (see `collectCalls`).
  if (ua.txCalls.get(call.inviteTransaction) === call.id) ua.txCalls = mapDelete(ua.txCalls, call.inviteTransaction)
}

export const getCall = (ctx: Ctx, id: string): Call | undefined => ctx.ua.calls.get(id)

export const updateCall = (ctx: Ctx, id: string, f: (c: Call) => Call): Call | undefined => {
  const c = ctx.ua.calls.get(id)
  if (c === undefined) return undefined
  const next = f(c)
  putCall(ctx, next)
  return next
}

const callOf = (owner: TxOwner | undefined): string | undefined => (owner !== undefined && 'call' in owner ? owner.call : undefined)

/** Say who a transaction works for (undefined: nobody any more), keeping the per-call counts. */
export const setOwner = (ctx: Ctx, transaction: string, owner: TxOwner | undefined): void => {
  const before = ctx.ua.owners.get(transaction)
  if (before === undefined && owner === undefined) return
  let callOwners = ctx.ua.callOwners
  const was = callOf(before)
  const now = callOf(owner)
  if (was !== now) {
    if (was !== undefined) {
      const n = (callOwners.get(was) ?? 1) - 1
      callOwners = n === 0 ? mapDelete(callOwners, was) : mapSet(callOwners, was, n)
      ctx.settle.add(was)
    }
    if (now !== undefined) callOwners = mapSet(callOwners, now, (callOwners.get(now) ?? 0) + 1)
  }
  ctx.ua.owners = mapPut(ctx.ua.owners, transaction, owner)
  ctx.ua.callOwners = callOwners
}

/** A transaction ended: forget who it worked for, and let its call go if it was the last thing holding it. */
export const transactionEnded = (ctx: Ctx, transaction: string): void => {
  setOwner(ctx, transaction, undefined)
  const call = ctx.ua.txCalls.get(transaction)
  if (call === undefined) return
  ctx.ua.txCalls = mapDelete(ctx.ua.txCalls, transaction)
  ctx.settle.add(call)
}

/** Calls whose dialog is `key` (the call that owns that dialog's INVITE usage). */
export const callOfDialog = (ctx: Ctx, key: string): Call | undefined => {
  const id = ctx.ua.dialogCalls.get(key)
  return id === undefined ? undefined : ctx.ua.calls.get(id)
}
