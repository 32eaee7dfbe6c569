/**
 * The client's memory of challenges: per realm (and per header kind) the challenge last
 * answered, its nonce and the nonce count used so far. Credentials for a realm are
 * reused on later requests with nc incremented (RFC 3261 §22.2, RFC 7616 §3.4:
 * "the nc value ... count of the number of requests ... that the client has sent with
 * the nonce value").
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Challenge, Credentials } from '../message/types.ts'
import type { Prng } from '../random/prng.ts'
import { answerChallenge, type AnswerError } from './answer-challenge.ts'
import { readDigestChallenge } from './digest-challenge.ts'
import { maxNc } from './digest-params.ts'

export interface RealmAuth {
  readonly realm: string
  /** True for a Proxy-Authenticate challenge, answered in Proxy-Authorization. */
  readonly proxy: boolean
  readonly challenge: Challenge
  readonly nonce: string
  /** The last nc sent with this nonce; 0 before the first use. */
  readonly nc: number
}

export interface ClientAuthState {
  readonly realms: ReadonlyArray<RealmAuth>
}

export const emptyClientAuthState: ClientAuthState = { realms: [] }

/**
 * Records a challenge for its realm, replacing the previous one. The count restarts
 * when the nonce changes and carries on when a server repeats the same nonce, so an
 * nc is never sent twice for one nonce. A challenge that is not usable Digest is ignored.
 */
export const rememberChallenge = (state: ClientAuthState, challenge: Challenge, proxy: boolean): ClientAuthState => {
  const read = readDigestChallenge(challenge)
  if (E.isLeft(read)) return state
  const { realm, nonce } = read.right
  const previous = state.realms.find((r) => r.realm === realm && r.proxy === proxy)
  const nc = previous !== undefined && previous.nonce === nonce ? previous.nc : 0
  const others = state.realms.filter((r) => !(r.realm === realm && r.proxy === proxy))
  return { realms: [...others, { realm, proxy, challenge, nonce, nc }] }
}

/** Forgets a realm (e.g. after the user changed the password or the request finally failed). */
export const forgetRealm = (state: ClientAuthState, realm: string, proxy: boolean): ClientAuthState => ({
  realms: state.realms.filter((r) => !(r.realm === realm && r.proxy === proxy)),
})

export interface Account {
  readonly username: string
  readonly password: string
}

export interface AuthorizeInput {
  readonly method: string
  readonly uri: string
  readonly body?: Uint8Array
  readonly prng: Prng
  /** The account for a realm; realms without one get no credentials. */
  readonly accountFor: (realm: string, proxy: boolean) => Account | undefined
}

export interface AuthorizeOutput {
  readonly state: ClientAuthState
  readonly prng: Prng
  /** Values for Authorization header fields, one per realm. */
  readonly authorization: ReadonlyArray<Credentials>
  /** Values for Proxy-Authorization header fields, one per realm (RFC 3261 §22.3). */
  readonly proxyAuthorization: ReadonlyArray<Credentials>
}

/**
 * Credentials for every remembered realm, each with the next nc for its nonce.
 * Fails with `bad-nc` when a nonce's count is exhausted (2^32-1 requests).
 */
export const authorizeRequest = (state: ClientAuthState, input: AuthorizeInput): E.Either<AnswerError, AuthorizeOutput> => {
  let prng = input.prng
  const realms: Array<RealmAuth> = []
  const authorization: Array<Credentials> = []
  const proxyAuthorization: Array<Credentials> = []
  for (const entry of state.realms) {
    const account = input.accountFor(entry.realm, entry.proxy)
    if (account === undefined) {
      realms.push(entry)
      continue
    }
    const nc = entry.nc + 1
    if (nc > maxNc) return E.left({ type: 'bad-nc', nc })
    const answer = answerChallenge({
      challenge: entry.challenge,
      method: input.method,
      uri: input.uri,
      username: account.username,
      password: account.password,
      ...(input.body === undefined ? {} : { body: input.body }),
      nc,
      prng,
    })
    if (E.isLeft(answer)) return answer
    prng = answer.right.prng
    realms.push({ ...entry, nc })
    ;(entry.proxy ? proxyAuthorization : authorization).push(answer.right.credentials)
  }
  return E.right({ state: { realms }, prng, authorization, proxyAuthorization })
}
