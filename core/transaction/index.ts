/** The RFC 3261 §17 transaction layer (with RFC 6026 and RFC 4320). */
export { buildNon2xxAck } from './ack.ts'
export { defaultTransactionConfig, type TransactionConfig } from './config.ts'
export { isReliable, type HostPort, type TransportName } from './endpoint.ts'
export { magicCookie } from './fields.ts'
export type { TransactionInput } from './input.ts'
export { inviteClient, type InviteClientEvent, type InviteClientState } from './invite-client.ts'
export { inviteServer, type InviteServerEvent, type InviteServerState } from './invite-server.ts'
export { activeTimers, emptyLayer, nextDeadline, step, transactionOf, type TransactionLayer } from './layer.ts'
export type { TransactionEvent } from './machine.ts'
export { branchKind, matchCancel, type BranchKind, type CancelTarget } from './matching.ts'
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
