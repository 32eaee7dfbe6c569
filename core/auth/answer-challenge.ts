/** The client's answer to one Digest challenge (RFC 3261 §22.2–§22.4, RFC 7616 §3.4). */
import * as E from 'fp-ts/lib/Either.js'
import type { Challenge, Credentials } from '../message/types.ts'
import { nextToken, type Prng } from '../random/prng.ts'
import { readDigestChallenge, type ChallengeError } from './digest-challenge.ts'
import { formatNc, isValidNc, params } from './digest-params.ts'
import { computeDigestResponse, type Qop } from './digest-response.ts'

export interface AnswerInput {
  readonly challenge: Challenge
  readonly method: string
  /** The Request-URI as sent; becomes the `uri` parameter (RFC 3261 §22.4). */
  readonly uri: string
  readonly username: string
  readonly password: string
  /** The request body, for qop=auth-int. */
  readonly body?: Uint8Array
  /** The nonce count for this nonce: 1 for the first request that uses it (RFC 7616 §3.4). */
  readonly nc: number
  readonly prng: Prng
  /** A fixed cnonce instead of one from the PRNG (test vectors; keeping a -sess key). */
  readonly cnonce?: string
}

export type AnswerError = ChallengeError | { readonly type: 'bad-nc'; readonly nc: number }

export interface Answer {
  readonly credentials: Credentials
  readonly prng: Prng
}

/** 16 alphanumerics: about 95 bits, well above RFC 3261 §19.3's 32. */
const cnonceLength = 16

/** qop=auth when offered (RFC 7616 §3.4: the client picks one); auth-int otherwise. */
const pickQop = (offered: ReadonlyArray<Qop> | undefined): Qop | undefined =>
  offered === undefined ? undefined : offered.includes('auth') ? 'auth' : 'auth-int'

/**
 * Builds Authorization / Proxy-Authorization credentials for a challenge. The caller
 * chooses the header: WWW-Authenticate is answered in Authorization, Proxy-Authenticate
 * in Proxy-Authorization (RFC 3261 §22.2, §22.3).
 */
export const answerChallenge = (input: AnswerInput): E.Either<AnswerError, Answer> => {
  const read = readDigestChallenge(input.challenge)
  if (E.isLeft(read)) return read
  const c = read.right
  const qop = pickQop(c.qop)
  // RFC 7616 §3.4: nc and cnonce go with qop; -sess needs a cnonce in A1 even without qop (RFC 2617 §3.2.2.2).
  const needsCnonce = qop !== undefined || c.algorithm.endsWith('-sess')
  if (qop !== undefined && !isValidNc(input.nc)) return E.left({ type: 'bad-nc', nc: input.nc })
  const [cnonce, prng] =
    !needsCnonce ? [undefined, input.prng] : input.cnonce !== undefined ? [input.cnonce, input.prng] : nextToken(input.prng, cnonceLength)
  const nc = qop === undefined ? undefined : formatNc(input.nc)
  const response = computeDigestResponse({
    algorithm: c.algorithm,
    username: input.username,
    realm: c.realm,
    secret: { type: 'password', password: input.password },
    nonce: c.nonce,
    method: input.method,
    uri: input.uri,
    ...(qop === undefined ? {} : { qop }),
    ...(nc === undefined ? {} : { nc }),
    ...(cnonce === undefined ? {} : { cnonce }),
    ...(input.body === undefined ? {} : { body: input.body }),
  })
  const credentials: Credentials = {
    scheme: 'Digest',
    // RFC 3261 §22.4 / RFC 7616 §3.4: opaque and algorithm are echoed unchanged.
    params: params([
      ['username', input.username],
      ['realm', c.realm],
      ['nonce', c.nonce],
      ['uri', input.uri],
      ['response', response],
      ['algorithm', c.algorithmToken],
      ['cnonce', cnonce],
      ['opaque', c.opaque],
      ['qop', qop],
      ['nc', nc],
    ]),
  }
  return E.right({ credentials, prng })
}
