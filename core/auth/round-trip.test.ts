import { describe, it, expect } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { seedPrng } from '../random/prng.ts'
import type { Credentials } from '../message/types.ts'
import { answerChallenge } from './answer-challenge.ts'
import { createChallenge } from './create-challenge.ts'
import { chooseChallenge } from './digest-challenge.ts'
import { digestHa1, type DigestSecret, type Qop } from './digest-response.ts'
import { digestAlgorithms, type DigestHash } from './digest-algorithm.ts'
import { emptyNonceStore } from './nonce-store.ts'
import { verifyCredentials, type VerifyInput } from './verify-credentials.ts'

const realm = 'biloxi.com'
const uri = 'sip:bob@biloxi.com'
const passwords: Record<string, string> = { bob: 'zanzibar' }
const byPassword = (username: string): DigestSecret | undefined =>
  Object.hasOwn(passwords, username) ? { type: 'password', password: passwords[username] ?? '' } : undefined
const byHa1 = (username: string, r: string, hash: DigestHash): DigestSecret | undefined =>
  Object.hasOwn(passwords, username) ? { type: 'ha1', ha1: digestHa1(hash, username, r, passwords[username] ?? '') } : undefined

const body = new TextEncoder().encode('v=0\r\no=bob 1 1 IN IP4 192.0.2.4\r\n')

const cases: ReadonlyArray<ReadonlyArray<Qop>> = [['auth'], [], ['auth-int']]

describe('client -> server round trip', () => {
  for (const algorithm of digestAlgorithms) {
    for (const qop of cases) {
      for (const [label, secretFor] of [
        ['password', byPassword],
        ['HA1', byHa1],
      ] as const) {
        it(`${algorithm}, qop=${qop.join(',') || 'none'}, server knows the ${label}`, () => {
          const server = createChallenge({ realm, algorithms: [algorithm], now: 1000, prng: seedPrng(7), nonceTtlMs: 30_000, store: emptyNonceStore, qop })
          const chosen = chooseChallenge(server.challenges)
          expect(O.isSome(chosen)).toBe(true)
          if (O.isNone(chosen)) return
          const answer = answerChallenge({ challenge: chosen.value, method: 'INVITE', uri, username: 'bob', password: 'zanzibar', body, nc: 1, prng: seedPrng(9) })
          expect(E.isRight(answer)).toBe(true)
          if (E.isLeft(answer)) return
          const verify = (credentials: Credentials, store = server.store, now = 2000): ReturnType<typeof verifyCredentials> =>
            verifyCredentials({ credentials, method: 'INVITE', requestUri: uri, body, secretFor, store, now } satisfies VerifyInput)
          const first = verify(answer.right.credentials)
          expect(first.result).toEqual({ type: 'ok', username: 'bob', realm })
          if (qop.length > 0) {
            // Sending the same nc again is a replay (RFC 7616 §3.4).
            expect(verify(answer.right.credentials, first.store).result).toEqual({ type: 'bad-credentials', reason: 'replayed-nc' })
          }
          // The wrong method, as if the digest were moved to another request.
          expect(verifyCredentials({ credentials: answer.right.credentials, method: 'BYE', body, secretFor, store: server.store, now: 2000 }).result).toEqual({
            type: 'bad-credentials',
            reason: 'wrong-response',
          })
        })
      }
    }
  }

  it('SHA-256 and MD5 offered together: the client answers SHA-256 and the server accepts it', () => {
    const server = createChallenge({ realm, algorithms: ['SHA-256', 'MD5'], now: 0, prng: seedPrng(1), nonceTtlMs: 10_000, store: emptyNonceStore })
    expect(server.challenges).toHaveLength(2)
    const chosen = chooseChallenge([...server.challenges].reverse())
    if (O.isNone(chosen)) return expect.unreachable()
    const answer = answerChallenge({ challenge: chosen.value, method: 'REGISTER', uri: 'sip:biloxi.com', username: 'bob', password: 'zanzibar', nc: 1, prng: seedPrng(2) })
    if (E.isLeft(answer)) return expect.unreachable()
    expect(answer.right.credentials.params.find((p) => p.name === 'algorithm')?.value).toBe('SHA-256')
    expect(verifyCredentials({ credentials: answer.right.credentials, method: 'REGISTER', secretFor: byPassword, store: server.store, now: 1 }).result.type).toBe('ok')
  })
})
