/**
 * The leak check for real user agents: at quiescence every node that is up must be
 * `isQuiescent` (core/ua): no transaction, timer, dialog, call or subscription left,
 * and its indexes must agree with its maps.
 * The message says what is left in each node, so a leak reads at a glance.
 */
import { indexProblems, isQuiescent, type UserAgent } from '../core/ua/index.ts'
import type { FinalCheck } from './final-check.ts'

const sizeOf = (x: unknown): number => {
  const size = typeof x === 'object' && x !== null && 'size' in x ? x.size : 0
  return typeof size === 'number' ? size : 0
}

/** What is open in a UA, e.g. "2 dialog(s), 1 timer(s) [2xx:c1]". */
export const openInUa = (ua: UserAgent): string => {
  const fields = ua as unknown as Record<string, unknown>
  const counted: ReadonlyArray<readonly [string, unknown]> = [
    ['transaction', ua.transactions.transactions],
    ['timer', ua.timers],
    ['dialog', ua.dialogs],
    ['call', ua.calls],
    ['owner', ua.owners],
    ['subscription', fields['subscriptions']],
    ['call-owner count', ua.callOwners],
    ['call-transaction index entry', ua.txCalls],
    ['deferred-call index entry', ua.deferredCalls],
  ]
  const parts = counted.filter(([, v]) => sizeOf(v) > 0).map(([name, v]) => `${sizeOf(v)} ${name}(s)`)
  const timerKeys = [...ua.timers.keys()].slice(0, 5)
  return `${parts.join(', ') || 'state not quiescent'}${timerKeys.length > 0 ? ` [timers ${timerKeys.join(', ')}]` : ''}`
}

export const uaQuiescence: FinalCheck = {
  name: 'ua-quiescent',
  check: (nodes) => {
    const open = nodes.flatMap((n) => {
      if (!n.up) return []
      const ua = n.state as UserAgent
      const drift = indexProblems(ua)
      if (drift.length > 0) return [`${n.name}: indexes drifted: ${drift.join('; ')}`]
      return isQuiescent(ua) ? [] : [`${n.name}: ${openInUa(ua)}`]
    })
    return open.length === 0 ? undefined : open.join('; ')
  },
}
