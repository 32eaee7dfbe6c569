/** A call's transfer history for the application (the `ended` event, the shell's call list). */
import type { TransferSummary } from './event.ts'
import type { Call } from './state.ts'

export const transferHistory = (call: Pick<Call, 'transfers'>): ReadonlyArray<TransferSummary> =>
  call.transfers.map((t) => ({ role: t.role, kind: t.kind, target: t.target, outcome: t.outcome, ...(t.status === undefined ? {} : { status: t.status }) }))
