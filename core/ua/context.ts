/**
 * One step's working state. A step threads the user agent through many small updates
 * and collects outputs in order; `Ctx` is that accumulator, local to one `step` call
 * and never shared, so the step stays a pure function of (state, input).
 */
import { serializeMessage, type SipMessage } from '../message/index.ts'
import { nextToken } from '../random/index.ts'
import { step as layerStep, type TransactionInput, type TransactionOutput } from '../transaction/index.ts'
import type { UaEvent } from './event.ts'
import type { HostPort, Millis, Output, TransportName } from './io.ts'
import type { Dialog } from '../dialog/index.ts'
import type { Call, TxOwner, UserAgent } from './state.ts'

/**
 * The maps of `ctx.ua` this step has already copied. A step copies a map the first time
 * it changes it and then updates that copy in place: the copy is the step's own until
 * `step` returns it, so the user agent passed in is never changed, and a handler that
 * makes ten updates pays for one copy.
 */
export interface WorkingMaps {
  calls?: Map<string, Call>
  timers?: Map<string, Millis>
  owners?: Map<string, TxOwner>
  dialogs?: Map<string, Dialog>
  dialogCalls?: Map<string, string>
}

export interface Ctx {
  ua: UserAgent
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
  /** Maps of `ua` that belong to this step (see `WorkingMaps`). */
  readonly working: WorkingMaps
}

/** `ctx.ua.calls`, writable: copied once per step, on the first change. */
export const workingCalls = (ctx: Ctx): Map<string, Call> => {
  const own = ctx.working.calls
  if (own !== undefined && own === ctx.ua.calls) return own
  const calls = new Map(ctx.ua.calls)
  ctx.working.calls = calls
  ctx.ua = { ...ctx.ua, calls }
  return calls
}

export const workingTimers = (ctx: Ctx): Map<string, Millis> => {
  const own = ctx.working.timers
  if (own !== undefined && own === ctx.ua.timers) return own
  const timers = new Map(ctx.ua.timers)
  ctx.working.timers = timers
  ctx.ua = { ...ctx.ua, timers }
  return timers
}

export const workingOwners = (ctx: Ctx): Map<string, TxOwner> => {
  const own = ctx.working.owners
  if (own !== undefined && own === ctx.ua.owners) return own
  const owners = new Map(ctx.ua.owners)
  ctx.working.owners = owners
  ctx.ua = { ...ctx.ua, owners }
  return owners
}

export const workingDialogs = (ctx: Ctx): Map<string, Dialog> => {
  const own = ctx.working.dialogs
  if (own !== undefined && own === ctx.ua.dialogs) return own
  const dialogs = new Map(ctx.ua.dialogs)
  ctx.working.dialogs = dialogs
  ctx.ua = { ...ctx.ua, dialogs }
  return dialogs
}

const workingDialogCalls = (ctx: Ctx): Map<string, string> => {
  const own = ctx.working.dialogCalls
  if (own !== undefined && own === ctx.ua.dialogCalls) return own
  const dialogCalls = new Map(ctx.ua.dialogCalls)
  ctx.working.dialogCalls = dialogCalls
  ctx.ua = { ...ctx.ua, dialogCalls }
  return dialogCalls
}

const dialogKeysOf = (call: Call | undefined): ReadonlyArray<string> =>
  call === undefined ? [] : call.dialog === undefined ? call.earlyDialogs : [call.dialog, ...call.earlyDialogs]

/** Keep the dialog index in step with a call's dialogs (before and after a change, or its removal). */
export const indexCallDialogs = (ctx: Ctx, before: Call | undefined, after: Call | undefined): void => {
  const old = dialogKeysOf(before)
  const now = dialogKeysOf(after)
  if (old.length === now.length && old.every((k, i) => k === now[i])) return
  const index = workingDialogCalls(ctx)
  for (const k of old) if (!now.includes(k) && index.get(k) === before?.id) index.delete(k)
  if (after !== undefined) for (const k of now) index.set(k, after.id)
}

export const emit = (ctx: Ctx, event: UaEvent): void => {
  ctx.out.push({ type: 'event', event })
  ctx.observed.push(event)
}

export const log = (ctx: Ctx, level: 'debug' | 'info' | 'warn', message: string): void => emit(ctx, { type: 'log', level, message })

export const setTimer = (ctx: Ctx, key: string, at: Millis): void => {
  workingTimers(ctx).set(key, at)
  ctx.out.push({ type: 'timer', key, at })
}

export const clearTimer = (ctx: Ctx, key: string): void => {
  if (!ctx.ua.timers.has(key)) return
  workingTimers(ctx).delete(key)
  ctx.out.push({ type: 'timer', key, at: undefined })
}

/** Random alphanumerics from the UA's PRNG. */
export const token = (ctx: Ctx, length: number): string => {
  const [t, prng] = nextToken(ctx.ua.prng, length)
  ctx.ua = { ...ctx.ua, prng }
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
  ctx.ua = { ...ctx.ua, transactions: layer }
  for (const o of outputs) ctx.dispatch(ctx, o)
}

export const putCall = (ctx: Ctx, call: Call): void => {
  indexCallDialogs(ctx, ctx.ua.calls.get(call.id), call)
  workingCalls(ctx).set(call.id, call)
}

export const getCall = (ctx: Ctx, id: string): Call | undefined => ctx.ua.calls.get(id)

export const updateCall = (ctx: Ctx, id: string, f: (c: Call) => Call): Call | undefined => {
  const c = ctx.ua.calls.get(id)
  if (c === undefined) return undefined
  const next = f(c)
  putCall(ctx, next)
  return next
}

export const setOwner = (ctx: Ctx, transaction: string, owner: TxOwner | undefined): void => {
  if (owner === undefined) {
    if (ctx.ua.owners.has(transaction)) workingOwners(ctx).delete(transaction)
  } else workingOwners(ctx).set(transaction, owner)
}

/** Calls whose dialog is `key` (the call that owns that dialog's INVITE usage). */
export const callOfDialog = (ctx: Ctx, key: string): Call | undefined => {
  const id = ctx.ua.dialogCalls.get(key)
  return id === undefined ? undefined : ctx.ua.calls.get(id)
}
