/**
 * The transaction layer as one reducer (RFC 3261 §17): `step(layer, input)` gives
 * the next layer and the outputs. It holds the transactions, creates them, routes
 * messages and timers to them, and forgets them once Terminated. No dialog logic.
 */
import * as E from 'fp-ts/lib/Either.js'
import { emptyMap, mapDelete, mapSet, type PersistentMap } from '../data/index.ts'
import type { SipResponse } from '../message/index.ts'
import { defaultTransactionConfig, type TransactionConfig } from './config.ts'
import { isReliable } from './endpoint.ts'
import { branchOf, cseqOf, topVia } from './fields.ts'
import type { TransactionInput } from './input.ts'
import { enter, fire, fireTimer, type Context, type Stimulus, type TransactionEvent } from './machine.ts'
import { branchKind, findServerTransaction, indexKeyOf, readRequest, clientTransactionIdOf, serverKeyOf, type RequestProblem } from './matching.ts'
import type { TransactionOutput } from './output.ts'
import { parseTimerKey, timerKey, type Millis, type TimerName } from './timers.ts'
import { clientTransactionId, serverTransactionId, type TransactionId } from './transaction-id.ts'
import { copyOf, isServer, type ServerTransaction, type Transaction } from './transaction.ts'
import { buildTrying } from './trying.ts'

export interface TransactionLayer {
  readonly config: TransactionConfig
  /** The number of the next server transaction. */
  readonly nextServer: number
  /** Live transactions, in creation order (persistent: a step shares the rest). Terminated ones are removed at once. */
  readonly transactions: PersistentMap<Transaction>
  /** Server transactions with an RFC 3261 key, by that key (§17.2.3 matching in one lookup). */
  readonly serverIndex: PersistentMap<TransactionId>
}

/** The one way a layer is built: always the same fields in the same order (one V8 shape). */
const layerOf = (config: TransactionConfig, nextServer: number, transactions: PersistentMap<Transaction>, serverIndex: PersistentMap<TransactionId>): TransactionLayer => ({
  config,
  nextServer,
  transactions,
  serverIndex,
})

export const emptyLayer = (config: Partial<TransactionConfig> = {}): TransactionLayer => layerOf({ ...defaultTransactionConfig, ...config }, 1, emptyMap(), emptyMap())

type Result = readonly [TransactionLayer, ReadonlyArray<TransactionOutput>]

const error = (layer: TransactionLayer, reason: string): Result => [layer, [{ type: 'error', reason }]]

/** A server transaction past its final response keeps no request (see `ServerCommon.request`). */
const settled = (tx: Transaction): Transaction => {
  if (!isServer(tx) || tx.request === undefined || tx.state === 'Trying' || tx.state === 'Proceeding') return tx
  const next = copyOf(tx)
  next.request = undefined
  return next
}

/** Store a transaction after a step, or remove it when it reached Terminated. */
const commit = (layer: TransactionLayer, stepped: Transaction, outputs: ReadonlyArray<TransactionOutput>): Result => {
  const tx = settled(stepped)
  const indexed = isServer(tx) ? indexKeyOf(tx.key) : undefined
  if (tx.state === 'Terminated') {
    const transactions = mapDelete(layer.transactions, tx.id)
    const serverIndex = indexed === undefined ? layer.serverIndex : mapDelete(layer.serverIndex, indexed)
    return [layerOf(layer.config, layer.nextServer, transactions, serverIndex), [...outputs, { type: 'terminated', transaction: tx.id }]]
  }
  const added = !layer.transactions.has(tx.id)
  const transactions = mapSet(layer.transactions, tx.id, tx)
  const serverIndex = indexed === undefined || !added ? layer.serverIndex : mapSet(layer.serverIndex, indexed, tx.id)
  return [layerOf(layer.config, layer.nextServer, transactions, serverIndex), outputs]
}

const ctxOf = (layer: TransactionLayer, at: Millis): Context => ({ at, config: layer.config })

const fireOn = (layer: TransactionLayer, tx: Transaction, event: TransactionEvent, at: Millis, stimulus: Stimulus = {}): Result => {
  const [next, outputs] = fire(tx, event, ctxOf(layer, at), stimulus)
  return next === tx ? [layer, outputs] : commit(layer, next, outputs)
}

// ---------------------------------------------------------------------------
// TU sends a request

const sendRequest = (layer: TransactionLayer, input: Extract<TransactionInput, { type: 'send-request' }>): Result => {
  const { request, at } = input
  // §17.1.1.3, §13.2.2.4: an ACK is never a client transaction.
  if (request.method === 'ACK') return error(layer, 'an ACK does not create a client transaction')
  const via = topVia(request)
  if (E.isLeft(via)) return error(layer, `the request has no usable Via: ${via.left}`)
  const branch = branchOf(via.right)
  // §8.1.1.7: the branch starts with the cookie and is unique.
  if (branch === undefined || branchKind(branch) !== 'rfc3261') return error(layer, 'the top Via needs a branch of z9hG4bK and more')
  const cseq = cseqOf(request)
  if (E.isLeft(cseq)) return error(layer, `the request has no usable CSeq: ${cseq.left}`)
  if (cseq.right.method !== request.method) return error(layer, 'the CSeq method differs from the request method')
  const id = clientTransactionId(request.method, branch)
  if (layer.transactions.has(id)) return error(layer, `client transaction ${id} exists`)
  // Every client transaction has the same fields in the same order (one V8 shape).
  const invite = request.method === 'INVITE'
  const tx: Transaction = {
    type: invite ? 'invite-client' : 'non-invite-client',
    state: invite ? 'Calling' : 'Trying',
    id,
    transport: input.transport,
    createdAt: at,
    timers: {},
    interval: layer.config.t1,
    request,
    branch,
    destination: input.destination,
    source: input.source,
  } as Transaction
  const [next, outputs] = enter(tx, ctxOf(layer, at))
  return commit(layer, next, outputs)
}

// ---------------------------------------------------------------------------
// A response arrives

const responseEvent = (tx: Transaction, response: SipResponse): TransactionEvent | undefined => {
  const s = response.status
  switch (tx.type) {
    case 'invite-client':
      return s < 200 ? '1xx' : s < 300 ? '2xx' : '300-699'
    case 'non-invite-client':
      return s < 200 ? '1xx' : '200-699'
    case 'invite-server':
    case 'non-invite-server':
      return undefined
  }
}

const receiveResponse = (layer: TransactionLayer, input: Extract<TransactionInput, { type: 'receive-response' }>): Result => {
  const { response } = input
  const dropped = (reason: string): Result => [layer, [{ type: 'dropped', reason, message: response }]]
  if (response.status < 100 || response.status > 699) return dropped(`status ${response.status} is out of range`)
  const id = clientTransactionIdOf(response)
  if (E.isLeft(id)) return dropped(id.left)
  const tx = layer.transactions.get(id.right)
  // T-IC-9 (RFC 6026 §7.2, §8.9): a response matching no transaction is dropped.
  if (tx === undefined) return dropped('no client transaction matches')
  const event = responseEvent(tx, response)
  if (event === undefined) return dropped('no client transaction matches')
  return fireOn(layer, tx, event, input.at, { message: response, source: input.source, transport: input.transport })
}

// ---------------------------------------------------------------------------
// A request arrives

const receiveRequest = (layer: TransactionLayer, input: Extract<TransactionInput, { type: 'receive-request' }>): Result => {
  const { request, source, transport, at } = input
  const local = input.local ? { local: input.local } : {}
  const view = readRequest(request)
  const reject = (p: RequestProblem): Result =>
    p.type === 'drop'
      ? [layer, [{ type: 'dropped', reason: p.reason, message: request }]]
      : [layer, [{ type: 'bad-request', problem: p.problem, reason: p.reason, request, source, transport, ...local }]]
  if (E.isLeft(view)) return reject(view.left)
  const ack = request.method === 'ACK'
  const kind = branchKind(view.right.branch)
  // RFC 4475 §3.2.1: a bare cookie is no transaction identifier (see config.badBranch).
  if (kind === 'magic-cookie-only' && !ack && layer.config.badBranch === 'reject') {
    return reject({ type: 'bad-request', problem: 'branch-is-magic-cookie', reason: 'the branch is only the magic cookie' })
  }
  const key = serverKeyOf(view.right, kind !== 'rfc3261')
  if (E.isLeft(key)) return reject(key.left)
  const stimulus: Stimulus = { message: request, source, transport, ...local }
  const tx = findServerTransaction(layer, key.right, ack)
  if (tx !== undefined) {
    const event: TransactionEvent = ack ? 'ACK' : tx.type === 'invite-server' ? 'INVITE' : 'request'
    return fireOn(layer, tx, event, at, stimulus)
  }
  // An ACK that matches nothing is the ACK of a 2xx: it belongs to the TU (§17.2.3, §13.3.1.4).
  if (ack) return [layer, [{ type: 'ack', transaction: undefined, request, source, transport, ...local }]]
  if (layer.transactions.size >= layer.config.maxTransactions) return [layer, [{ type: 'overloaded', request, source, transport, ...local }]]
  const id = serverTransactionId(layer.nextServer)
  // Every server transaction has the same fields in the same order (one V8 shape): a
  // field added later by a spread would give each transaction a hidden class of its own.
  const invite = request.method === 'INVITE'
  const created = {
    type: invite ? 'invite-server' : 'non-invite-server',
    state: invite ? 'Proceeding' : 'Trying',
    id,
    transport,
    createdAt: at,
    timers: {},
    interval: layer.config.t1,
    request,
    key: key.right,
    peer: source,
    local: input.local,
    response: undefined,
  } as ServerTransaction
  const ctx = ctxOf(layer, at)
  const [entered, first] = enter(created, ctx)
  const notice: TransactionOutput = { type: 'request', transaction: id, request, source, transport, ...local }
  // §17.2.1: the INVITE server transaction sends 100 Trying (unless the TU will answer at once).
  const [tried, second] =
    created.type === 'invite-server' && layer.config.trying === 'auto' ? fire(entered, 'tu-1xx', ctx, { message: buildTrying(request) }) : [entered, []]
  // The 100 goes out before the TU hears of the request, so it precedes whatever the TU answers.
  return commit(layerOf(layer.config, layer.nextServer + 1, layer.transactions, layer.serverIndex), tried, [...first, ...second, notice])
}

// ---------------------------------------------------------------------------
// TU sends a response

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i])

const sameResponse = (a: SipResponse, b: SipResponse): boolean =>
  a.status === b.status &&
  a.reason === b.reason &&
  a.version === b.version &&
  a.headers.length === b.headers.length &&
  a.headers.every((h, i) => h.key === b.headers[i]?.key && h.value === b.headers[i]?.value) &&
  sameBytes(a.body, b.body)

/** The event for a TU response, or why it is refused. */
const tuResponseEvent = (layer: TransactionLayer, tx: ServerTransaction, response: SipResponse, at: Millis): E.Either<string, TransactionEvent> => {
  const s = response.status
  if (tx.type === 'invite-server') {
    if (s < 200) return E.right('tu-1xx')
    if (s >= 300) return E.right('tu-300-699')
    // RFC 6026 §8.7: in Accepted the TU may only repeat its 2xx (a UA has one final per transaction).
    if (tx.state === 'Accepted' && tx.response !== undefined && !sameResponse(tx.response, response)) {
      return E.left('a different 2xx after the first one (only retransmissions are sent in Accepted)')
    }
    return E.right('tu-2xx')
  }
  if (s < 200) {
    // RFC 4320 §4.1: no provisional but 100 to a non-INVITE, and no 100 over an
    // unreliable transport before the client's Timer E has reached T2.
    if (s !== 100) return E.left('RFC 4320 §4.1: a non-INVITE request gets no provisional but 100')
    if (!isReliable(tx.transport) && at - tx.createdAt < layer.config.t2) {
      return E.left('RFC 4320 §4.1: no 100 to a non-INVITE over UDP before T2')
    }
    return E.right('tu-1xx')
  }
  // RFC 4320 §4.2: a transaction-stateful element never sends 408 to a non-INVITE.
  if (s === 408) return E.left('RFC 4320 §4.2: no 408 to a non-INVITE request')
  return E.right('tu-200-699')
}

const sendResponse = (layer: TransactionLayer, input: Extract<TransactionInput, { type: 'send-response' }>): Result => {
  const { response, at } = input
  const tx = layer.transactions.get(input.transaction)
  if (tx === undefined || (tx.type !== 'invite-server' && tx.type !== 'non-invite-server')) {
    return error(layer, `no server transaction ${input.transaction}`)
  }
  if (response.status < 100 || response.status > 699) return error(layer, `status ${response.status} is out of range`)
  const event = tuResponseEvent(layer, tx, response, at)
  if (E.isLeft(event)) return [layer, [{ type: 'dropped', reason: event.left, message: response }]]
  const aimed: ServerTransaction = input.destination ? { ...tx, peer: input.destination } : tx
  return fireOn(layer, aimed, event.right, at, { message: response })
}

// ---------------------------------------------------------------------------

const onTimer = (layer: TransactionLayer, key: string, at: Millis): Result => {
  const named = parseTimerKey(key)
  const tx = named && layer.transactions.get(named.id)
  if (named === undefined || tx === undefined) return [layer, []]
  const [next, outputs] = fireTimer(tx, named.timer, ctxOf(layer, at))
  return next === tx ? [layer, outputs] : commit(layer, next, outputs)
}

/** The transaction layer reducer. Total: every input gives a layer and outputs. */
export const step = (layer: TransactionLayer, input: TransactionInput): Result => {
  switch (input.type) {
    case 'send-request':
      return sendRequest(layer, input)
    case 'receive-response':
      return receiveResponse(layer, input)
    case 'receive-request':
      return receiveRequest(layer, input)
    case 'send-response':
      return sendResponse(layer, input)
    case 'timer':
      return onTimer(layer, input.key, input.at)
    case 'transport-error': {
      const tx = layer.transactions.get(input.transaction)
      return tx === undefined ? [layer, []] : fireOn(layer, tx, 'transport-error', input.at)
    }
    case 'abandon': {
      const tx = layer.transactions.get(input.transaction)
      return tx === undefined ? [layer, []] : fireOn(layer, tx, 'abandon', input.at)
    }
  }
}

/** Every running timer: key and deadline. */
export const activeTimers = (layer: TransactionLayer): ReadonlyArray<readonly [string, Millis]> =>
  [...layer.transactions.values()].flatMap((tx) =>
    (Object.entries(tx.timers) as ReadonlyArray<readonly [TimerName, Millis]>).map(([name, at]) => [timerKey(tx.id, name), at] as const),
  )

/** The earliest deadline, for the driver's sleep (DESIGN.md drain loop). */
export const nextDeadline = (layer: TransactionLayer): Millis | undefined =>
  activeTimers(layer).reduce<Millis | undefined>((min, [, at]) => (min === undefined || at < min ? at : min), undefined)

/** One live transaction, for the TU to inspect. */
export const transactionOf = (layer: TransactionLayer, id: TransactionId): Transaction | undefined => layer.transactions.get(id)
