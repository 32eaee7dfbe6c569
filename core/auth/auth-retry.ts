/**
 * What a UAC does with a response to a request it sent, as far as authentication goes.
 *
 * The rule (RFC 3261 §22.2, §22.3; RFC 7616 §3.3 for `stale`):
 *   - a 401/407 whose challenges name a realm not yet answered for this request: retry
 *     once with credentials for it;
 *   - a further challenge for a realm already answered: retry again only if it says
 *     `stale=true` (the nonce expired, the password was right), at most `maxStaleRetries`
 *     times per realm; otherwise the credentials were rejected and the request fails
 *     with this response as its final response;
 *   - a 401/407 with no Digest challenge this client can answer fails at once;
 *   - any other status is not about authentication: `proceed`.
 *
 * `AuthAttempt` is per request (from the first send to the final response); the
 * `ClientAuthState` is per UA and outlives requests.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Challenge } from '../message/types.ts'
import { rememberChallenge, type ClientAuthState } from './client-auth-state.ts'
import { chooseChallengesByRealm, readDigestChallenge } from './digest-challenge.ts'

export interface AnsweredRealm {
  readonly realm: string
  readonly proxy: boolean
  readonly staleRetries: number
}

export interface AuthAttempt {
  readonly answered: ReadonlyArray<AnsweredRealm>
}

export const freshAuthAttempt: AuthAttempt = { answered: [] }

/** The parts of a response that matter here; the caller decodes the two headers. */
export interface AuthResponse {
  readonly status: number
  readonly wwwAuthenticate: ReadonlyArray<Challenge>
  readonly proxyAuthenticate: ReadonlyArray<Challenge>
}

export type AuthAction =
  | { readonly type: 'proceed' }
  | { readonly type: 'retry' }
  | { readonly type: 'fail'; readonly reason: 'no-usable-challenge' }
  | { readonly type: 'fail'; readonly reason: 'rejected'; readonly realm: string }

export interface AuthDecision {
  readonly action: AuthAction
  /** With the new challenges remembered when the action is `retry`; unchanged otherwise. */
  readonly state: ClientAuthState
  readonly attempt: AuthAttempt
}

export interface AuthRetryOptions {
  /** How many `stale=true` re-challenges per realm one request follows. Default 1. */
  readonly maxStaleRetries?: number
}

interface Chosen {
  readonly challenge: Challenge
  readonly realm: string
  readonly proxy: boolean
  readonly stale: boolean
}

const chosen = (challenges: ReadonlyArray<Challenge>, proxy: boolean): ReadonlyArray<Chosen> =>
  chooseChallengesByRealm(challenges).flatMap((challenge) => {
    const read = readDigestChallenge(challenge)
    return E.isRight(read) ? [{ challenge, realm: read.right.realm, proxy, stale: read.right.stale }] : []
  })

export const nextAuthAction = (
  state: ClientAuthState,
  attempt: AuthAttempt,
  response: AuthResponse,
  options: AuthRetryOptions = {},
): AuthDecision => {
  // RFC 3261 §22.2 (401) and §22.3 (407); a proxy may merge both headers into either.
  if (response.status !== 401 && response.status !== 407) return { action: { type: 'proceed' }, state, attempt }
  const maxStale = options.maxStaleRetries ?? 1
  const all = [...chosen(response.wwwAuthenticate, false), ...chosen(response.proxyAuthenticate, true)]
  if (all.length === 0) return { action: { type: 'fail', reason: 'no-usable-challenge' }, state, attempt }
  const answered: Array<AnsweredRealm> = [...attempt.answered]
  for (const c of all) {
    const i = answered.findIndex((a) => a.realm === c.realm && a.proxy === c.proxy)
    const before = answered[i]
    if (before === undefined) answered.push({ realm: c.realm, proxy: c.proxy, staleRetries: 0 })
    else if (c.stale && before.staleRetries < maxStale) answered[i] = { ...before, staleRetries: before.staleRetries + 1 }
    else return { action: { type: 'fail', reason: 'rejected', realm: c.realm }, state, attempt }
  }
  const next = all.reduce((s, c) => rememberChallenge(s, c.challenge, c.proxy), state)
  return { action: { type: 'retry' }, state: next, attempt: { answered } }
}
