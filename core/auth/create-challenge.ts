/** The server's challenge: fresh nonce, one header value per algorithm (RFC 8760 §2.3, RFC 7616 §3.3). */
import type { Challenge } from '../message/types.ts'
import { nextToken, type Prng } from '../random/prng.ts'
import type { DigestAlgorithm } from './digest-algorithm.ts'
import { params } from './digest-params.ts'
import type { Qop } from './digest-response.ts'
import { addNonce, pruneNonces, type NonceStore } from './nonce-store.ts'

export interface CreateChallengeInput {
  readonly realm: string
  /** In order of preference; one challenge each, topmost preferred (RFC 8760 §2.3). */
  readonly algorithms: ReadonlyArray<DigestAlgorithm>
  readonly now: number
  readonly prng: Prng
  readonly nonceTtlMs: number
  readonly store: NonceStore
  /** Offered qop options; default ['auth']. Empty offers none (RFC 2617 legacy clients). */
  readonly qop?: ReadonlyArray<Qop>
  /** Set after a `stale` verification (RFC 7616 §3.3). */
  readonly stale?: boolean
  readonly opaque?: string
}

export interface CreatedChallenge {
  /** For WWW-Authenticate (UAS/registrar, 401) or Proxy-Authenticate (proxy, 407). */
  readonly challenges: ReadonlyArray<Challenge>
  readonly store: NonceStore
  readonly prng: Prng
}

/** 32 alphanumerics ≈ 190 bits; RFC 7616 §5.4 wants nonces that cannot be guessed. */
const nonceLength = 32

/**
 * Issues one nonce, shared by the per-algorithm challenges, and records it with its
 * expiry. Nonces expired for more than one TTL are pruned on the way.
 */
export const createChallenge = (input: CreateChallengeInput): CreatedChallenge => {
  const [nonce, prng] = nextToken(input.prng, nonceLength)
  const qop = input.qop ?? ['auth']
  const store = addNonce(pruneNonces(input.store, input.now, input.nonceTtlMs), {
    nonce,
    realm: input.realm,
    issuedAt: input.now,
    expiresAt: input.now + input.nonceTtlMs,
    algorithms: input.algorithms,
    qop,
    lastNc: 0,
  })
  const challenges = input.algorithms.map(
    (algorithm): Challenge => ({
      scheme: 'Digest',
      params: params([
        ['realm', input.realm],
        ['nonce', nonce],
        ['algorithm', algorithm],
        ['qop', qop.length === 0 ? undefined : qop.join(',')],
        ['opaque', input.opaque],
        ['stale', input.stale === true ? 'true' : undefined],
      ]),
    }),
  )
  return { challenges, store, prng }
}
