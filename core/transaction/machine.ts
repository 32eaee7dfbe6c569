/**
 * Gives the table actions their meaning for one transaction: sends, timers and TU
 * notices. Zero-valued timers on reliable transports (D, I, J, K) fire at once.
 * A transaction that reaches Terminated leaves with every timer cleared.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { SipMessage, SipRequest, SipResponse } from '../message/index.ts'
import { buildNon2xxAck } from './ack.ts'
import type { TransactionConfig } from './config.ts'
import { isReliable, type HostPort, type TransportName } from './endpoint.ts'
import { inviteClient, type InviteClientEvent } from './invite-client.ts'
import { inviteServer, type InviteServerEvent } from './invite-server.ts'
import { nonInviteClient, type NonInviteClientEvent } from './non-invite-client.ts'
import { nonInviteServer, type NonInviteServerEvent } from './non-invite-server.ts'
import type { TransactionOutput } from './output.ts'
import type { Action, Machine, Transition } from './table.ts'
import { intervalValue, isRetransmitInterval, timerKey, timerRules, type Millis, type TimerName } from './timers.ts'
import { copyOf, type ServerTransaction, type Transaction } from './transaction.ts'

export type TransactionEvent = InviteClientEvent | NonInviteClientEvent | InviteServerEvent | NonInviteServerEvent

/** What came with the event: the message received, or the response the TU passed down. */
export interface Stimulus {
  readonly message?: SipMessage
  readonly source?: HostPort
  readonly transport?: TransportName
  readonly local?: HostPort
}

export interface Context {
  readonly at: Millis
  readonly config: TransactionConfig
}

type Outputs = Array<TransactionOutput>

const isEventOf = <S extends string, V extends string>(m: Machine<S, V>, e: string): e is V => (m.events as ReadonlyArray<string>).includes(e)

const lookup = <S extends string, V extends string>(m: Machine<S, V>, state: S, e: string): Transition<S> | undefined =>
  isEventOf(m, e) ? m.table[state][e] : undefined

const inState = <T extends Transaction>(tx: T, state: T['state']): T => {
  const next = copyOf(tx)
  next.state = state
  return next
}

const withResponse = <T extends ServerTransaction>(tx: T, response: SipResponse): T => {
  const next = copyOf(tx)
  next.response = response
  return next
}

const withTimers = (tx: Transaction, timers: Transaction['timers'], interval: number = tx.interval): Transaction => {
  const next = copyOf(tx)
  next.timers = timers
  next.interval = interval
  return next
}

/** The transition for an event, with the state already applied; undefined when the event is not this machine's. */
const transition = (tx: Transaction, event: TransactionEvent | 'initial'): readonly [Transaction, ReadonlyArray<Action>] | undefined => {
  switch (tx.type) {
    case 'invite-client': {
      const t = event === 'initial' ? inviteClient.initial : lookup(inviteClient, tx.state, event)
      return t && [inState(tx, t.next), t.actions]
    }
    case 'non-invite-client': {
      const t = event === 'initial' ? nonInviteClient.initial : lookup(nonInviteClient, tx.state, event)
      return t && [inState(tx, t.next), t.actions]
    }
    case 'invite-server': {
      const t = event === 'initial' ? inviteServer.initial : lookup(inviteServer, tx.state, event)
      return t && [inState(tx, t.next), t.actions]
    }
    case 'non-invite-server': {
      const t = event === 'initial' ? nonInviteServer.initial : lookup(nonInviteServer, tx.state, event)
      return t && [inState(tx, t.next), t.actions]
    }
  }
}

const sendOutput = (tx: Transaction, message: SipMessage): TransactionOutput => {
  switch (tx.type) {
    case 'invite-client':
    case 'non-invite-client':
      return { type: 'send', transaction: tx.id, message, destination: tx.destination, transport: tx.transport, source: tx.source }
    case 'invite-server':
    case 'non-invite-server':
      return { type: 'send', transaction: tx.id, message, destination: tx.peer, transport: tx.transport, source: tx.local }
  }
}

const asResponse = (m: SipMessage | undefined): SipResponse | undefined => (m?.type === 'response' ? m : undefined)
const asRequest = (m: SipMessage | undefined): SipRequest | undefined => (m?.type === 'request' ? m : undefined)

const withoutTimer = (tx: Transaction, timer: TimerName): Transaction => {
  const { [timer]: _gone, ...rest } = tx.timers
  return withTimers(tx, rest)
}

/** One action. Zero-valued timers are pushed on `fireNow`. */
const perform = (tx: Transaction, action: Action, ctx: Context, stimulus: Stimulus, out: Outputs, fireNow: Array<TimerName>): Transaction => {
  switch (action.type) {
    case 'send-request':
      if (tx.type === 'invite-client' || tx.type === 'non-invite-client') out.push(sendOutput(tx, tx.request))
      return tx
    case 'send-ack': {
      const response = asResponse(stimulus.message)
      if (tx.type !== 'invite-client' || response === undefined) return tx
      const ack = buildNon2xxAck(tx.request, response)
      out.push(E.isRight(ack) ? sendOutput(tx, ack.right) : { type: 'error', reason: `cannot build the ACK: ${ack.left}` })
      return tx
    }
    case 'send-response': {
      const response = asResponse(stimulus.message)
      if ((tx.type !== 'invite-server' && tx.type !== 'non-invite-server') || response === undefined) return tx
      out.push(sendOutput(tx, response))
      return withResponse(tx, response)
    }
    case 'resend-response':
      if ((tx.type === 'invite-server' || tx.type === 'non-invite-server') && tx.response !== undefined) out.push(sendOutput(tx, tx.response))
      return tx
    case 'pass-response': {
      const response = asResponse(stimulus.message)
      if (response !== undefined) out.push({ type: 'response', transaction: tx.id, response, passThrough: action.passThrough })
      return tx
    }
    case 'pass-ack': {
      const request = asRequest(stimulus.message)
      if (request !== undefined && stimulus.source !== undefined) {
        out.push({
          type: 'ack',
          transaction: tx.id,
          request,
          source: stimulus.source,
          transport: stimulus.transport ?? tx.transport,
          ...(stimulus.local ? { local: stimulus.local } : {}),
        })
      }
      return tx
    }
    case 'start': {
      const rule = timerRules[action.timer]
      const reliable = isReliable(tx.transport)
      if (reliable && rule.onReliable === 'not-started') return tx
      if (reliable && rule.onReliable === 'zero') {
        fireNow.push(action.timer)
        return tx
      }
      const duration = intervalValue(ctx.config, action.after, tx.interval)
      const at = ctx.at + duration
      out.push({ type: 'timer', key: timerKey(tx.id, action.timer), at })
      return withTimers(tx, { ...tx.timers, [action.timer]: at }, isRetransmitInterval(action.after) ? duration : tx.interval)
    }
    case 'stop':
      if (tx.timers[action.timer] === undefined) return tx
      out.push({ type: 'timer', key: timerKey(tx.id, action.timer), at: undefined })
      return withoutTimer(tx, action.timer)
    case 'timeout':
      out.push({ type: 'timeout', transaction: tx.id, timer: action.timer })
      return tx
    case 'report-transport-error':
      out.push({ type: 'transport-error', transaction: tx.id })
      return tx
  }
}

/** Clear whatever timers are still running (on entering Terminated). */
const clearAll = (tx: Transaction, out: Outputs): Transaction => {
  for (const name of Object.keys(tx.timers) as ReadonlyArray<TimerName>) {
    out.push({ type: 'timer', key: timerKey(tx.id, name), at: undefined })
  }
  return withTimers(tx, {})
}

const run = (tx: Transaction, event: TransactionEvent | 'initial', ctx: Context, stimulus: Stimulus, out: Outputs): Transaction => {
  const t = transition(tx, event)
  if (t === undefined) return tx
  const fireNow: Array<TimerName> = []
  let next = t[1].reduce((acc, a) => perform(acc, a, ctx, stimulus, out, fireNow), t[0])
  // A zero timer (reliable transport) fires as soon as it is set.
  for (const timer of fireNow) next = run(next, `timer-${timer}` as TransactionEvent, ctx, {}, out)
  return next.state === 'Terminated' ? clearAll(next, out) : next
}

/** Enter the machine's initial state (the transaction was just created). */
export const enter = (tx: Transaction, ctx: Context, stimulus: Stimulus = {}): readonly [Transaction, ReadonlyArray<TransactionOutput>] => {
  const out: Outputs = []
  return [run(tx, 'initial', ctx, stimulus, out), out]
}

/** Feed one event. Events that are not this machine's leave it unchanged. */
export const fire = (
  tx: Transaction,
  event: TransactionEvent,
  ctx: Context,
  stimulus: Stimulus = {},
): readonly [Transaction, ReadonlyArray<TransactionOutput>] => {
  const out: Outputs = []
  return [run(tx, event, ctx, stimulus, out), out]
}

/** A timer of this transaction fired: forget its deadline, then feed `timer-X`. Stale timers are ignored. */
export const fireTimer = (tx: Transaction, timer: TimerName, ctx: Context): readonly [Transaction, ReadonlyArray<TransactionOutput>] =>
  tx.timers[timer] === undefined ? [tx, []] : fire(withoutTimer(tx, timer), `timer-${timer}`, ctx)
