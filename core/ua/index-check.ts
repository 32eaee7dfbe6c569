/**
 * The UA keeps indexes beside its maps so a step costs the same with ten calls or ten
 * thousand (state.ts). This recomputes each from the maps and says where one drifted:
 * properties run it after every step.
 */
import type { UserAgent } from './state.ts'

export const indexProblems = (ua: UserAgent): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const calls = [...ua.calls.values()]
  const live = calls.filter((c) => c.state !== 'Terminated').length
  if (live !== ua.liveCalls) problems.push(`liveCalls is ${ua.liveCalls}, ${live} calls are not Terminated`)
  const owned = new Map<string, number>()
  for (const o of ua.owners.values()) if ('call' in o) owned.set(o.call, (owned.get(o.call) ?? 0) + 1)
  for (const [call, n] of owned) if (ua.callOwners.get(call) !== n) problems.push(`callOwners[${call}] is ${ua.callOwners.get(call)}, owners say ${n}`)
  for (const [call, n] of ua.callOwners) if (!owned.has(call)) problems.push(`callOwners[${call}] is ${n}, no owner works for it`)
  const deferring = new Set(calls.filter((c) => c.deferred !== undefined).map((c) => c.id))
  if (deferring.size !== ua.deferredCalls.size || [...deferring].some((id) => !ua.deferredCalls.has(id))) problems.push('deferredCalls differs from the calls holding commands')
  for (const c of calls) {
    for (const tx of [c.inviteTransaction, c.reinvite?.transaction]) {
      if (tx !== undefined && ua.transactions.transactions.has(tx) && ua.txCalls.get(tx) !== c.id) problems.push(`txCalls[${tx}] does not name ${c.id}`)
    }
    for (const d of [c.dialog, ...c.earlyDialogs]) if (d !== undefined && ua.dialogCalls.get(d) !== c.id) problems.push(`dialogCalls[${d}] does not name ${c.id}`)
  }
  for (const [tx, call] of ua.txCalls) if (!ua.transactions.transactions.has(tx)) problems.push(`txCalls[${tx}] (${call}) outlived its transaction`)
  return problems
}
