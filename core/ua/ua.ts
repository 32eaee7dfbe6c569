/**
 * The user agent: `step(ua, input) -> [ua, outputs]` (DESIGN.md reducer contract).
 * Packets are parsed and handed to the transaction layer; what comes out of it goes to
 * the call logic; commands start calls and change them; timers drive retransmissions.
 */
import * as E from 'fp-ts/lib/Either.js'
import { parseMessage, validateMessage, type SipResponse } from '../message/index.ts'
import { clientTransactionIdOf, isTransactionTimerKey, type TransactionOutput } from '../transaction/index.ts'
import { advance, collectCalls, endCall, onProbeResult, probeCall } from './call-common.ts'
import { dial, onInviteResponse, onInviteTimeout, onRingTimeout } from './call-uac.ts'
import { ackTimeout, answerCall, declineUnanswered, rejectCall, retransmit2xx } from './call-uas.ts'
import type { Command } from './command.ts'
import { emit, forgetTimer, putCall, send, transact, transactionEnded, type Ctx, type UaDraft } from './context.ts'
import { rotateEnded } from './ended-dialogs.ts'
import { withReceivedVia } from './received-via.ts'
import type { UaEvent } from './event.ts'
import type { Input, Output } from './io.ts'
import { hangupCall } from './hangup.ts'
import { onAck, onBadRequest, onRequest, statelessReject } from './inbound.ts'
import { sendOptions, sendRegister, onOptionsResponse, onRegisterResponse } from './requests.ts'
import { onReinviteResponse, reinviteAckTimeout, reinviteTimeout, retransmitReinvite2xx, retryAfterGlare, startReinvite } from './reinvite.ts'
import type { Call, TxOwner, UserAgent } from './state.ts'
import { onNotifierExpires, onNotifyResponse, onNotifyTimer } from './subscriptions.ts'
import { observeReplacing } from './target.ts'
import { acceptTransfer, observeReferredCall, rejectTransfer } from './transferee.ts'
import {
  attendedTransfer,
  blindTransfer,
  cancelConsultation,
  endUnreplacedConsultation,
  observeConsultation,
  onReferResponse,
  onSubscribeResponse,
  onSubscriberExpires,
  onSubscriberRefresh,
  onTimerN,
  startConsultation,
  unsubscribeTransfer,
} from './transferor.ts'

export { createUserAgent, isQuiescent, nextDeadline } from './state.ts'

/** The reducer. Total: any input gives a user agent and outputs, never an exception. */
export const step = (ua: UserAgent, input: Input): readonly [UserAgent, ReadonlyArray<Output>] => {
  const ended = rotateEnded(ua.endedDialogs, input.at, 64 * ua.transactions.config.t1)
  // Copied, then written: a spread followed by fields is slow in V8 once the site has seen several shapes.
  const draft: UaDraft = { ...ua }
  draft.now = input.at
  draft.endedDialogs = ended
  const ctx: Ctx = { ua: draft, at: input.at, out: [], dispatch, observed: [], settle: new Set() }
  switch (input.type) {
    case 'packet':
      onPacket(ctx, input)
      break
    case 'timer':
      onTimer(ctx, input.key)
      break
    case 'command':
      onCommand(ctx, input.command)
      break
    case 'transport-error':
      onTransportError(ctx, input)
      break
  }
  runDeferred(ctx)
  // Observers may emit events of their own; those are observed in turn.
  for (let i = 0; i < ctx.observed.length; i++) {
    observe(ctx, ctx.observed[i]!)
    runDeferred(ctx)
  }
  collectCalls(ctx)
  return [ctx.ua, ctx.out]
}

/** Transfers follow their calls through the same events the application gets. */
const observe = (ctx: Ctx, event: UaEvent): void => {
  observeReferredCall(ctx, event)
  observeConsultation(ctx, event)
  observeReplacing(ctx, event)
}

const onPacket = (ctx: Ctx, input: Extract<Input, { type: 'packet' }>): void => {
  const parsed = parseMessage(input.data)
  if (E.isLeft(parsed)) {
    const e = parsed.left
    // A request we can still read enough of gets 400 (RFC 3261 §21.4.1, RFC 4475); the rest is dropped.
    if (e.request === true && e.headers !== undefined) statelessReject(ctx, withReceivedVia({ headers: e.headers }, input.source), input.source, input.transport, 400, e.reason)
    else emit(ctx, { type: 'log', level: 'debug', message: `dropped unparsable message from ${input.source.address}:${input.source.port}: ${e.reason}` })
    return
  }
  if (parsed.right.type === 'response') {
    const msg = parsed.right
    // §8.1.3.3: more than one Via, or a malformed response: discard (RFC 4475 bcast, scalarlg).
    const vias = msg.headers.filter((h) => h.key === 'via')
    if (vias.length !== 1 || vias[0]?.value.includes(',') || E.isLeft(validateMessage(msg))) {
      emit(ctx, { type: 'log', level: 'debug', message: `discarded response ${msg.status}: not addressed to this UA alone or malformed` })
      return
    }
    transact(ctx, { type: 'receive-response', at: ctx.at, response: msg, source: input.source, transport: input.transport })
    return
  }
  // §21.4.1: a malformed request is answered 400 statelessly (RFC 4475 §3.1.2), even when its
  // Via is what is malformed (badinv01): the answer goes back to where the datagram came from.
  // §18.2.1, RFC 3581 §4: the top Via gets received/rport before anything answers it.
  const msg = withReceivedVia(parsed.right, input.source)
  const valid = validateMessage(msg)
  if (E.isLeft(valid)) {
    if (msg.method !== 'ACK') statelessReject(ctx, msg, input.source, input.transport, 400, valid.left.reason)
    return
  }
  transact(ctx, { type: 'receive-request', at: ctx.at, request: msg, source: input.source, transport: input.transport, local: input.destination })
}

/** §17.1.4: a request of ours could not be sent; its client transaction fails now. Responses are only logged (§17.2.4 has the TU do nothing more). */
const onTransportError = (ctx: Ctx, input: Extract<Input, { type: 'transport-error' }>): void => {
  const where = `${input.transport} ${input.destination.address}:${input.destination.port}`
  const parsed = parseMessage(input.data)
  if (E.isRight(parsed) && parsed.right.type === 'request' && parsed.right.method !== 'ACK') {
    const id = clientTransactionIdOf(parsed.right)
    if (E.isRight(id) && ctx.ua.transactions.transactions.has(id.right)) {
      emit(ctx, { type: 'log', level: 'info', message: `${parsed.right.method} to ${where} failed: ${input.reason}` })
      transact(ctx, { type: 'transport-error', at: ctx.at, transaction: id.right })
      return
    }
  }
  emit(ctx, { type: 'log', level: 'debug', message: `a message to ${where} could not be sent: ${input.reason}` })
}

/** What the transaction layer gives out, routed to the UA core. */
const dispatch = (ctx: Ctx, o: TransactionOutput): void => {
  switch (o.type) {
    case 'send':
      send(ctx, o.message, o.destination, o.transport)
      return
    case 'timer':
      ctx.out.push({ type: 'timer', key: o.key, at: o.at })
      return
    case 'request':
      onRequest(ctx, o)
      return
    case 'response':
      onResponse(ctx, o.transaction, o.response)
      return
    case 'ack':
      onAck(ctx, o.request)
      return
    case 'timeout':
      onTimeout(ctx, o.transaction, o.timer)
      return
    case 'transport-error':
      onTimeout(ctx, o.transaction, 'transport-error')
      return
    case 'terminated':
      transactionEnded(ctx, o.transaction)
      return
    case 'bad-request':
      onBadRequest(ctx, o.problem, o.reason, o.request, o.source, o.transport)
      return
    case 'overloaded':
      // §21.5.4: 503 with Retry-After, sent statelessly: no state for a request we cannot keep.
      statelessReject(ctx, o.request, o.source, o.transport, 503, 'transaction limit reached')
      return
    case 'dropped':
      emit(ctx, { type: 'log', level: 'debug', message: `transaction layer dropped a message: ${o.reason}` })
      return
    case 'error':
      emit(ctx, { type: 'log', level: 'warn', message: `transaction layer: ${o.reason}` })
      return
  }
}

const ownedCall = (ctx: Ctx, owner: TxOwner): Call | undefined => ('call' in owner ? ctx.ua.calls.get(owner.call) : undefined)

const onResponse = (ctx: Ctx, transaction: string, response: SipResponse): void => {
  const owner = ctx.ua.owners.get(transaction)
  if (owner === undefined) return
  const call = ownedCall(ctx, owner)
  switch (owner.type) {
    case 'invite':
      if (call !== undefined && call.inviteTransaction === transaction) onInviteResponse(ctx, call, response)
      return
    case 'reinvite':
      if (call !== undefined) onReinviteResponse(ctx, call, transaction, response)
      return
    case 'bye':
      if (response.status >= 200 && owner.fork !== true && call !== undefined && call.state === 'Terminating') endCall(ctx, advance(ctx, call, 'bye-done'), call.endAs ?? 'local-hangup')
      return
    case 'cancel':
      // §9.1: the CANCEL's own response says nothing about the INVITE; its 487 (or 2xx) does.
      return
    case 'keepalive':
      if (response.status >= 200 && call !== undefined) onProbeResult(ctx, call, response.status)
      return
    case 'options':
      onOptionsResponse(ctx, transaction, owner, response)
      return
    case 'register':
      onRegisterResponse(ctx, transaction, owner, response)
      return
    case 'refer':
      onReferResponse(ctx, owner, response)
      return
    case 'notify':
      onNotifyResponse(ctx, owner.subscription, owner.final, response)
      return
    case 'subscribe':
      onSubscribeResponse(ctx, owner, response)
      return
  }
}

/**
 * A client transaction got no final response: Timer B or F (408), or a transport error,
 * which §8.1.3.1 has the UAC treat as a 503.
 */
const onTimeout = (ctx: Ctx, transaction: string, cause: 'B' | 'F' | 'H' | 'transport-error'): void => {
  const status = cause === 'transport-error' ? 503 : 408
  const owner = ctx.ua.owners.get(transaction)
  if (owner === undefined) {
    // H: our non-2xx final never got its ACK; nothing else to do (§17.2.1).
    return
  }
  const call = ownedCall(ctx, owner)
  switch (owner.type) {
    case 'invite':
      if (call !== undefined && call.inviteTransaction === transaction) onInviteTimeout(ctx, call, status)
      return
    case 'reinvite':
      if (call !== undefined) onReinviteResponse(ctx, call, transaction, { type: 'response', version: 'SIP/2.0', status, reason: status === 503 ? 'Service Unavailable' : 'Request Timeout', headers: [], body: new Uint8Array(0) })
      return
    case 'bye':
      if (owner.fork !== true && call !== undefined && call.state === 'Terminating') endCall(ctx, advance(ctx, call, 'bye-done'), call.endAs ?? 'local-hangup', status)
      return
    case 'cancel':
      return
    case 'keepalive':
      if (call !== undefined) onProbeResult(ctx, call, status)
      return
    case 'options':
      emit(ctx, { type: 'optionsResult', target: owner.target, status })
      return
    case 'register':
      emit(ctx, { type: 'error', reason: cause === 'transport-error' ? `REGISTER to ${owner.registrar} could not be sent` : `REGISTER to ${owner.registrar} timed out (${cause})` })
      return
    case 'refer':
      onReferResponse(ctx, owner, undefined)
      return
    case 'notify':
      onNotifyResponse(ctx, owner.subscription, owner.final, undefined)
      return
    case 'subscribe':
      onSubscribeResponse(ctx, owner, undefined)
      return
  }
}

/** UA timers are `call/<id>/<name>`; transaction timers belong to the transaction layer. */
const onTimer = (ctx: Ctx, key: string): void => {
  if (isTransactionTimerKey(key)) {
    transact(ctx, { type: 'timer', at: ctx.at, key })
    return
  }
  if (!ctx.ua.timers.has(key)) return
  forgetTimer(ctx, key)
  const [scope, id, name] = key.split('/')
  if (scope === 'sub') {
    const sub = id === undefined ? undefined : ctx.ua.subscriptions.get(id)
    if (sub === undefined) return
    if (name === 'N') return onTimerN(ctx, sub)
    if (name === 'notify') return onNotifyTimer(ctx, sub)
    if (name === 'expires') return sub.role === 'notifier' ? onNotifierExpires(ctx, sub) : onSubscriberExpires(ctx, sub)
    if (name === 'refresh') return onSubscriberRefresh(ctx, sub)
    return
  }
  const call = scope === 'call' && id !== undefined ? ctx.ua.calls.get(id) : undefined
  if (call === undefined) return
  switch (name) {
    case 'answer':
      if (call.state === 'Incoming') answerCall(ctx, call)
      return
    case '2xx':
      return retransmit2xx(ctx, call)
    case 'ack':
      return ackTimeout(ctx, call)
    case 'glare':
      return retryAfterGlare(ctx, call)
    case 'reinvite-2xx':
      return retransmitReinvite2xx(ctx, call)
    case 'reinvite-ack':
      return reinviteAckTimeout(ctx, call)
    case 'reinvite-timeout':
      return reinviteTimeout(ctx, call)
    case 'ring':
      return call.role === 'uas' ? declineUnanswered(ctx, call) : onRingTimeout(ctx, call)
    case 'keepalive':
      return probeCall(ctx, call)
    case 'replaced-wait':
      return endUnreplacedConsultation(ctx, call)
    case 'cancel':
      // §9.1: no final response to the INVITE within 64*T1 of the CANCEL.
      transact(ctx, { type: 'abandon', at: ctx.at, transaction: call.inviteTransaction })
      endCall(ctx, advance(ctx, call, 'failure'), 'cancelled')
      return
  }
}

const needCall = (ctx: Ctx, id: string): Call | undefined => {
  const call = ctx.ua.calls.get(id)
  if (call === undefined || call.state === 'Terminated') emit(ctx, { type: 'error', call: id, reason: `no call ${id}` })
  return call?.state === 'Terminated' ? undefined : call
}

/** Commands that need a confirmed session (re-INVITE, REFER, consultation hold). */
const needsConfirmed: ReadonlySet<Command['type']> = new Set(['hold', 'resume', 'transfer', 'attendedTransfer', 'startConsultation'])

/**
 * These wait for a re-INVITE in progress on their call: a new offer may not cross one
 * (§14.1), and a REFER must not overtake our hold (§12.2.2 would make it arrive out of order).
 */
const waitsForReinvite: ReadonlySet<Command['type']> = new Set(['transfer', 'attendedTransfer', 'hold', 'resume'])

/** Run commands that waited for the ACK or our re-INVITE, once the call allows them; drop them if it ended. */
const runDeferred = (ctx: Ctx): void => {
  if (ctx.ua.deferredCalls.size === 0) return
  // Over the calls as they are now: the commands run below change the map.
  for (const id of [...ctx.ua.deferredCalls.keys()]) {
    const call = ctx.ua.calls.get(id)
    if (call?.deferred === undefined || call.state === 'Accepted' || (call.state === 'Confirmed' && call.reinvite !== undefined)) continue
    putCall(ctx, { ...call, deferred: undefined })
    if (call.state !== 'Confirmed') continue
    for (const command of call.deferred) onCommand(ctx, command)
  }
}

const onCommand = (ctx: Ctx, command: Command): void => {
  if (needsConfirmed.has(command.type) && 'call' in command && command.call !== undefined) {
    const call = ctx.ua.calls.get(command.call)
    if (call?.state === 'Accepted' || (waitsForReinvite.has(command.type) && call?.reinvite !== undefined)) {
      putCall(ctx, { ...call, deferred: [...(call.deferred ?? []), command] })
      return
    }
  }
  switch (command.type) {
    case 'dial':
      dial(ctx, command)
      return
    case 'answer': {
      const call = needCall(ctx, command.call)
      if (call) answerCall(ctx, call)
      return
    }
    case 'reject': {
      const call = needCall(ctx, command.call)
      if (call) rejectCall(ctx, call, command.status ?? 486)
      return
    }
    case 'hangup': {
      const call = needCall(ctx, command.call)
      if (call) hangupCall(ctx, call)
      return
    }
    case 'hold':
    case 'resume': {
      const call = needCall(ctx, command.call)
      if (call) startReinvite(ctx, call, command.type)
      return
    }
    case 'options':
      sendOptions(ctx, command.target)
      return
    case 'register':
      sendRegister(ctx, command.registrar, command.expires ?? 3600)
      return
    case 'transfer':
      blindTransfer(ctx, command)
      return
    case 'attendedTransfer':
      attendedTransfer(ctx, command)
      return
    case 'startConsultation':
      startConsultation(ctx, command)
      return
    case 'cancelConsultation':
      cancelConsultation(ctx, command.call)
      return
    case 'acceptTransfer':
      acceptTransfer(ctx, command.call)
      return
    case 'rejectTransfer':
      rejectTransfer(ctx, command.call, command.status)
      return
    case 'unsubscribe':
      unsubscribeTransfer(ctx, command.call)
      return
  }
}
