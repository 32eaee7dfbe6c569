/**
 * The RFC 3261 §17 transaction layer (with RFC 6026 and RFC 4320).
 *
 * `step(layer, input) -> [layer, outputs]`; the four machines are tables (data) in
 * invite-client.ts, non-invite-client.ts, invite-server.ts and non-invite-server.ts,
 * interpreted by machine.ts. Choices worth knowing:
 * - Timer B guards Calling only (Figure 5) and stops on a 1xx: an INVITE client in
 *   Proceeding waits for a final, a CANCEL's 487, or the TU's `abandon` (§9.1).
 * - `branch=z9hG4bK` alone (RFC 4475 §3.2.1) is reported as `bad-request` so the UA
 *   answers 400 statelessly, unless `config.badBranch` is `rfc2543`.
 * - An INVITE server transaction in Accepted sends only repeats of its first 2xx
 *   (a UA sends one final per transaction); RFC 4320 forbids non-100 provisionals,
 *   early 100s over UDP and 408s on non-INVITE server transactions.
 * - Timer D is `config.d` (32 s by default, "at least 32 s"); D, I, J, K are zero on
 *   reliable transports, so their state is left at once.
 * - Client transaction ids are `c:<method>:<branch>` (the §17.1.3 key); server ids `s:<n>`.
 */
export { buildNon2xxAck } from './ack.ts'
export { defaultTransactionConfig, type TransactionConfig } from './config.ts'
export { isReliable, type HostPort, type TransportName } from './endpoint.ts'
export { magicCookie } from './fields.ts'
export type { TransactionInput } from './input.ts'
export { inviteClient, type InviteClientEvent, type InviteClientState } from './invite-client.ts'
export { inviteServer, type InviteServerEvent, type InviteServerState } from './invite-server.ts'
export { activeTimers, emptyLayer, nextDeadline, step, transactionOf, type TransactionLayer } from './layer.ts'
export type { TransactionEvent } from './machine.ts'
export { branchKind, clientTransactionIdOf, matchCancel, type BranchKind, type CancelTarget } from './matching.ts'
export { nonInviteClient, type NonInviteClientEvent, type NonInviteClientState } from './non-invite-client.ts'
export { nonInviteServer, type NonInviteServerEvent, type NonInviteServerState } from './non-invite-server.ts'
export type { BadRequestProblem, TransactionOutput } from './output.ts'
export type { Action, Machine, Table, Transition } from './table.ts'
export {
  defaultTimerConfig, isTransactionTimerKey, parseTimerKey, timerKey, timerNames, timerRules,
  type Interval, type Millis, type OnReliable, type TimerConfig, type TimerName, type TimerRule,
} from './timers.ts'
export { clientTransactionId, serverTransactionId, type TransactionId } from './transaction-id.ts'
export type {
  ClientTransaction, InviteClientTransaction, InviteServerTransaction, NonInviteClientTransaction,
  NonInviteServerTransaction, ServerKey, ServerTransaction, Transaction,
} from './transaction.ts'
export { buildTrying } from './trying.ts'
