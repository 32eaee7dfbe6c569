import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import type { Challenge, Credentials, Param } from '../message/types.ts'
import { seedPrng } from '../random/prng.ts'
import { answerChallenge } from './answer-challenge.ts'
import { freshAuthAttempt, nextAuthAction } from './auth-retry.ts'
import { authorizeRequest, emptyClientAuthState, rememberChallenge } from './client-auth-state.ts'
import { createChallenge } from './create-challenge.ts'
import { chooseChallenge, chooseChallengesByRealm } from './digest-challenge.ts'
import { emptyNonceStore } from './nonce-store.ts'
import { verifyCredentials } from './verify-credentials.ts'

// Names the code looks at, plus anything; values near the edge cases, plus anything.
const paramName = fc.oneof(
  fc.constantFrom('realm', 'nonce', 'algorithm', 'qop', 'opaque', 'stale', 'Realm', 'NONCE', 'username', 'uri', 'response', 'cnonce', 'nc', '__proto__'),
  fc.string(),
)
const paramValue = fc.option(
  fc.oneof(
    fc.constantFrom('MD5', 'md5-sess', 'SHA-256', 'SHA-256-SESS', 'SHA-512-256', 'auth', 'auth-int', 'auth,auth-int', ',', '', 'true', '00000001', 'ffffffff', 'zzzzzzzz'),
    fc.string(),
    fc.string({ unit: 'binary' }),
  ),
  { nil: undefined },
)
const param: fc.Arbitrary<Param> = fc.record({ name: paramName, value: paramValue }).map((p) => (p.value === undefined ? { name: p.name } : { name: p.name, value: p.value }))
const scheme = fc.oneof(fc.constantFrom('Digest', 'digest', 'DIGEST', 'Basic', 'Bearer', ''), fc.string())
const anyChallenge: fc.Arbitrary<Challenge> = fc.record({ scheme, params: fc.array(param, { maxLength: 10 }) })
// Mostly well-formed Digest challenges with arbitrary extras, so the answering code runs too.
const digestish: fc.Arbitrary<Challenge> = fc
  .record({ realm: fc.string(), nonce: fc.string(), extra: fc.array(param, { maxLength: 6 }) })
  .map(({ realm, nonce, extra }) => ({ scheme: 'Digest', params: [{ name: 'realm', value: realm }, { name: 'nonce', value: nonce }, ...extra] }))
const challenge: fc.Arbitrary<Challenge> = fc.oneof(anyChallenge, digestish)
const credentials: fc.Arbitrary<Credentials> = anyChallenge
const nc = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, 1, 0xffffffff, 0x100000000, -1, Number.NaN, Number.POSITIVE_INFINITY))

describe('totality: arbitrary challenges never make the client throw', () => {
  it('chooseChallenge, answerChallenge, nextAuthAction, authorizeRequest', () => {
    fc.assert(
      fc.property(fc.array(challenge, { maxLength: 6 }), fc.string(), fc.string(), nc, fc.integer(), fc.option(fc.uint8Array(), { nil: undefined }), fc.integer({ min: 0, max: 999 }), (cs, method, uri, n, seed, body, status) => {
        chooseChallenge(cs)
        chooseChallengesByRealm(cs)
        for (const c of cs) {
          answerChallenge({ challenge: c, method, uri, username: method, password: uri, nc: n, prng: seedPrng(seed), ...(body === undefined ? {} : { body }) })
        }
        const d = nextAuthAction(emptyClientAuthState, freshAuthAttempt, { status, wwwAuthenticate: cs, proxyAuthenticate: cs })
        const state = cs.reduce((s, c) => rememberChallenge(s, c, false), d.state)
        authorizeRequest(state, { method, uri, prng: seedPrng(seed), accountFor: () => ({ username: method, password: uri }) })
      }),
      { numRuns: 500 },
    )
    expect(true).toBe(true)
  })
})

describe('totality: arbitrary credentials never make the server throw', () => {
  it('verifyCredentials', () => {
    const issued = createChallenge({ realm: 'r', algorithms: ['SHA-256', 'MD5-sess'], now: 0, prng: seedPrng(1), nonceTtlMs: 10, store: emptyNonceStore })
    const nonce = Object.keys(issued.store.entries)[0] ?? ''
    const withNonce = credentials.chain((c) => fc.boolean().map((b) => (b ? { ...c, params: [...c.params, { name: 'nonce', value: nonce }, { name: 'realm', value: 'r' }] } : c)))
    fc.assert(
      fc.property(fc.option(withNonce, { nil: undefined }), fc.string(), fc.integer(), (c, method, now) => {
        const v = verifyCredentials({ credentials: c, method, secretFor: () => ({ type: 'password', password: 'p' }), store: issued.store, now })
        expect(['ok', 'stale', 'bad-credentials', 'unknown-nonce', 'missing']).toContain(v.result.type)
      }),
      { numRuns: 500 },
    )
  })
})
