/**
 * The server's check of Authorization / Proxy-Authorization credentials
 * (RFC 3261 §22.1, §22.4; RFC 7616 §3.4, §3.3 for stale; RFC 8760 §2.3).
 *
 * Order of checks: present and Digest -> well formed -> nonce known -> digest correct ->
 * nonce fresh -> nc increasing. A stale nonce is reported only for a correct digest
 * (RFC 7616 §3.3: stale means "the nonce value was stale", the rest was right), so the
 * caller answers `stale` with `createChallenge({ stale: true, ... })`.
 */
import type { Credentials } from '../message/types.ts'
import * as O from 'fp-ts/lib/Option.js'
import { hashOf, parseDigestAlgorithm, type DigestHash } from './digest-algorithm.ts'
import { sameDigest } from './digest-hash.ts'
import { isDigestScheme, paramValue, parseNc } from './digest-params.ts'
import { computeDigestResponse, type DigestSecret, type Qop } from './digest-response.ts'
import { findNonce, recordNonceCount, type NonceStore } from './nonce-store.ts'

export interface VerifyInput {
  /** The credentials for this server's realm, if the request carried any. */
  readonly credentials: Credentials | undefined
  readonly method: string
  /** When given, the `uri` parameter must equal it (RFC 7616 §3.4.6). */
  readonly requestUri?: string
  readonly body?: Uint8Array
  /**
   * The password or stored HA1 for a user. An HA1 must be computed with `hash`:
   * MD5 and SHA-256 HA1 differ (RFC 7616 §3.4.2).
   */
  readonly secretFor: (username: string, realm: string, hash: DigestHash) => DigestSecret | undefined
  readonly store: NonceStore
  readonly now: number
}

export type BadCredentialsReason =
  | 'malformed'
  | 'unsupported-algorithm'
  | 'algorithm-not-offered'
  | 'qop-not-offered'
  | 'realm-mismatch'
  | 'uri-mismatch'
  | 'unknown-user'
  | 'wrong-response'
  | 'replayed-nc'

export type VerifyResult =
  | { readonly type: 'ok'; readonly username: string; readonly realm: string }
  | { readonly type: 'stale' }
  | { readonly type: 'bad-credentials'; readonly reason: BadCredentialsReason }
  | { readonly type: 'unknown-nonce' }
  | { readonly type: 'missing' }

export interface Verification {
  readonly result: VerifyResult
  readonly store: NonceStore
}

const bad = (reason: BadCredentialsReason, store: NonceStore): Verification => ({ result: { type: 'bad-credentials', reason }, store })

const isQop = (t: string): t is Qop => t === 'auth' || t === 'auth-int'

export const verifyCredentials = (input: VerifyInput): Verification => {
  const { credentials, store } = input
  // No Digest credentials: the caller challenges (RFC 3261 §22.1).
  if (credentials === undefined || !isDigestScheme(credentials.scheme)) return { result: { type: 'missing' }, store }
  const p = credentials.params
  const username = paramValue(p, 'username')
  const realm = paramValue(p, 'realm')
  const nonce = paramValue(p, 'nonce')
  const uri = paramValue(p, 'uri')
  const response = paramValue(p, 'response')
  if (username === undefined || realm === undefined || nonce === undefined || uri === undefined || response === undefined) {
    return bad('malformed', store)
  }
  const algorithm = parseDigestAlgorithm(paramValue(p, 'algorithm'))
  if (O.isNone(algorithm)) return bad('unsupported-algorithm', store)
  const qopValue = paramValue(p, 'qop')
  const qop = qopValue?.trim().toLowerCase()
  if (qop !== undefined && !isQop(qop)) return bad('malformed', store)
  const cnonce = paramValue(p, 'cnonce')
  const ncValue = paramValue(p, 'nc')
  const nc = parseNc(ncValue)
  // RFC 7616 §3.4: with qop, cnonce and nc MUST be sent; -sess needs a cnonce for A1.
  if (qop !== undefined && (cnonce === undefined || nc === undefined)) return bad('malformed', store)
  if (algorithm.value.endsWith('-sess') && cnonce === undefined) return bad('malformed', store)

  const entry = findNonce(store, nonce)
  if (entry === undefined) return { result: { type: 'unknown-nonce' }, store }
  if (entry.realm !== realm) return bad('realm-mismatch', store)
  // Downgrade guard: only what this nonce's challenges offered (RFC 8760 §2.3, RFC 7616 §3.3).
  if (!entry.algorithms.includes(algorithm.value)) return bad('algorithm-not-offered', store)
  if (qop === undefined ? entry.qop.length > 0 : !entry.qop.includes(qop)) return bad('qop-not-offered', store)
  if (input.requestUri !== undefined && input.requestUri !== uri) return bad('uri-mismatch', store)

  const secret = input.secretFor(username, realm, hashOf(algorithm.value))
  if (secret === undefined) return bad('unknown-user', store)
  const expected = computeDigestResponse({
    algorithm: algorithm.value,
    username,
    realm,
    secret,
    nonce,
    method: input.method,
    uri,
    ...(qop === undefined ? {} : { qop }),
    ...(ncValue === undefined || qop === undefined ? {} : { nc: ncValue }),
    ...(cnonce === undefined ? {} : { cnonce }),
    ...(input.body === undefined ? {} : { body: input.body }),
  })
  if (!sameDigest(expected, response)) return bad('wrong-response', store)

  if (input.now >= entry.expiresAt) return { result: { type: 'stale' }, store }
  if (qop !== undefined && nc !== undefined) {
    // RFC 7616 §3.4 / RFC 2617 §3.2.2: a count not above the last one seen is a replay.
    if (nc <= entry.lastNc) return bad('replayed-nc', store)
    return { result: { type: 'ok', username, realm }, store: recordNonceCount(store, nonce, nc) }
  }
  return { result: { type: 'ok', username, realm }, store }
}
