/**
 * Subscription-State (RFC 6665 §8.2.3):
 *   substate-value *( SEMI subexp-params ), subexp-params = ("reason" EQUAL event-reason-value)
 *   / ("expires" EQUAL delta-seconds) / ("retry-after" EQUAL delta-seconds) / generic-param
 * State and reason are case-insensitive tokens, kept in lower case.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { HeaderCodec } from '../header-codec.ts'
import {
  MAX_UINT32, fail, failIndex, formatParams, parseDigits, rangeIs, scanGenValue, scanToken, skipWs,
} from '../scan.ts'
import type { Param, SubscriptionState, ValueError } from '../types.ts'

export const parseSubscriptionState = (s: string): E.Either<ValueError, SubscriptionState> => {
  const end = s.length
  const ss = skipWs(s, 0, end)
  const se = scanToken(s, ss, end)
  if (se === ss) return fail('expected the subscription state', ss)
  let reason: string | undefined
  let expires: number | undefined
  let retryAfter: number | undefined
  const params: Array<Param> = []
  let i = se
  for (;;) {
    const j = skipWs(s, i, end)
    if (j >= end) break
    if (s.charCodeAt(j) !== 0x3b) return fail('unexpected character in Subscription-State', j)
    const ns = skipWs(s, j + 1, end)
    const ne = scanToken(s, ns, end)
    if (ne === ns) return fail('malformed parameter', ns)
    const eq = skipWs(s, ne, end)
    if (eq >= end || s.charCodeAt(eq) !== 0x3d) {
      if (rangeIs(s, ns, ne, 'reason') || rangeIs(s, ns, ne, 'expires') || rangeIs(s, ns, ne, 'retry-after')) {
        return fail('parameter needs a value', ns)
      }
      params.push({ name: s.slice(ns, ne) })
      i = ne
      continue
    }
    let vs = skipWs(s, eq + 1, end)
    let ve = scanGenValue(s, vs, end)
    if (ve < 0) return fail('malformed parameter value', failIndex(ve))
    if (rangeIs(s, ns, ne, 'reason')) {
      // A deployed peer sends "reason=reason=noresource" (shared/notes/real-peers.md).
      for (let k = skipWs(s, ve, end); k < end && s.charCodeAt(k) === 0x3d && rangeIs(s, vs, ve, 'reason'); k = skipWs(s, ve, end)) {
        vs = skipWs(s, k + 1, end)
        ve = scanGenValue(s, vs, end)
        if (ve < 0) return fail('malformed parameter value', failIndex(ve))
      }
      if (reason !== undefined || scanToken(s, vs, ve) !== ve) return fail('invalid reason', vs)
      reason = s.slice(vs, ve).toLowerCase()
    } else if (rangeIs(s, ns, ne, 'expires') || rangeIs(s, ns, ne, 'retry-after')) {
      const v = parseDigits(s, vs, ve, MAX_UINT32)
      if (v < 0) return fail(v === -2 ? 'value larger than 2^32-1' : 'expected delta-seconds', vs)
      if (rangeIs(s, ns, ne, 'expires')) {
        if (expires !== undefined) return fail('duplicate expires', ns)
        expires = v
      } else {
        if (retryAfter !== undefined) return fail('duplicate retry-after', ns)
        retryAfter = v
      }
    } else params.push({ name: s.slice(ns, ne), value: s.slice(vs, ve) })
    i = ve
  }
  const st: SubscriptionState = { state: s.slice(ss, se).toLowerCase(), reason, expires, retryAfter, params }
  return E.right(st)
}

export const formatSubscriptionState = (st: SubscriptionState): string =>
  st.state +
  (st.reason === undefined ? '' : ';reason=' + st.reason) +
  (st.expires === undefined ? '' : ';expires=' + st.expires) +
  (st.retryAfter === undefined ? '' : ';retry-after=' + st.retryAfter) +
  formatParams(st.params)

export const subscriptionState: HeaderCodec<SubscriptionState> = {
  name: 'Subscription-State',
  key: 'subscription-state',
  list: false,
  parse: parseSubscriptionState,
  format: formatSubscriptionState,
}

