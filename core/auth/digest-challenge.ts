/** Reading a Digest challenge and choosing among several (RFC 7616 §3.3, RFC 8760 §2.4). */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { Challenge } from '../message/types.ts'
import { algorithmStrength, parseDigestAlgorithm, type DigestAlgorithm } from './digest-algorithm.ts'
import { isDigestScheme, paramValue, splitTokens } from './digest-params.ts'
import type { Qop } from './digest-response.ts'

/** A Digest challenge with the parameters the client needs, checked. */
export interface DigestChallenge {
  readonly realm: string
  readonly nonce: string
  readonly algorithm: DigestAlgorithm
  /** The `algorithm` value as received, echoed back verbatim; absent when the challenge had none. */
  readonly algorithmToken?: string
  /** The qop options this client can use, in the server's order; undefined when no qop was offered. */
  readonly qop?: ReadonlyArray<Qop>
  readonly opaque?: string
  /** RFC 7616 §3.3: the previous request failed only because its nonce was stale. */
  readonly stale: boolean
}

export type ChallengeError =
  | { readonly type: 'not-digest'; readonly scheme: string }
  | { readonly type: 'missing-param'; readonly param: 'realm' | 'nonce' }
  | { readonly type: 'unsupported-algorithm'; readonly algorithm: string }
  | { readonly type: 'unsupported-qop'; readonly qop: string }

const isQop = (t: string): t is Qop => t === 'auth' || t === 'auth-int'

export const readDigestChallenge = (challenge: Challenge): E.Either<ChallengeError, DigestChallenge> => {
  if (!isDigestScheme(challenge.scheme)) return E.left({ type: 'not-digest', scheme: challenge.scheme })
  const p = challenge.params
  const realm = paramValue(p, 'realm')
  if (realm === undefined) return E.left({ type: 'missing-param', param: 'realm' })
  const nonce = paramValue(p, 'nonce')
  if (nonce === undefined) return E.left({ type: 'missing-param', param: 'nonce' })
  const algorithmToken = paramValue(p, 'algorithm')
  const algorithm = parseDigestAlgorithm(algorithmToken)
  if (O.isNone(algorithm)) return E.left({ type: 'unsupported-algorithm', algorithm: algorithmToken ?? '' })
  const qopValue = paramValue(p, 'qop')
  const offered = qopValue === undefined ? [] : splitTokens(qopValue)
  const usable = offered.filter(isQop)
  // RFC 7616 §3.3: unknown qop values are ignored; a list with none we know cannot be answered.
  if (offered.length > 0 && usable.length === 0) return E.left({ type: 'unsupported-qop', qop: qopValue ?? '' })
  const opaque = paramValue(p, 'opaque')
  return E.right({
    realm,
    nonce,
    algorithm: algorithm.value,
    ...(algorithmToken === undefined ? {} : { algorithmToken }),
    ...(usable.length === 0 ? {} : { qop: usable }),
    ...(opaque === undefined ? {} : { opaque }),
    stale: (paramValue(p, 'stale') ?? '').trim().toLowerCase() === 'true',
  })
}

interface Ranked {
  readonly challenge: Challenge
  readonly digest: DigestChallenge
  readonly index: number
}

const usableChallenges = (challenges: ReadonlyArray<Challenge>): ReadonlyArray<Ranked> =>
  challenges.flatMap((challenge, index) => {
    const read = readDigestChallenge(challenge)
    return E.isRight(read) ? [{ challenge, digest: read.right, index }] : []
  })

/** SHA-256 family first; among equals the topmost (RFC 8760 §2.4: server lists in preference order). */
const better = (a: Ranked, b: Ranked): Ranked => {
  const sa = algorithmStrength(a.digest.algorithm)
  const sb = algorithmStrength(b.digest.algorithm)
  return sb > sa || (sb === sa && b.index < a.index) ? b : a
}

/**
 * The Digest challenge to answer: SHA-256 preferred over MD5 when both are offered
 * (RFC 8760 §2.4 permits this local policy; RFC 7616 §3.7), otherwise the topmost.
 * Other schemes, unknown algorithms and unanswerable qop lists are ignored
 * (RFC 8760 §2.4: "MUST ignore any challenge it does not understand").
 */
export const chooseChallenge = (challenges: ReadonlyArray<Challenge>): O.Option<Challenge> => {
  const usable = usableChallenges(challenges)
  const first = usable[0]
  return first === undefined ? O.none : O.some(usable.reduce(better, first).challenge)
}

/**
 * One chosen challenge per realm, in order of first appearance. A forking proxy may
 * aggregate challenges of several realms into one response; the UAC answers each
 * (RFC 3261 §22.3).
 */
export const chooseChallengesByRealm = (challenges: ReadonlyArray<Challenge>): ReadonlyArray<Challenge> => {
  const usable = usableChallenges(challenges)
  const realms = usable.map((r) => r.digest.realm).filter((realm, i, all) => all.indexOf(realm) === i)
  return realms.flatMap((realm) => {
    const same = usable.filter((r) => r.digest.realm === realm)
    const first = same[0]
    return first === undefined ? [] : [same.reduce(better, first).challenge]
  })
}
