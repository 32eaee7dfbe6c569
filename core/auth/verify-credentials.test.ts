import { describe, it, expect } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { seedPrng } from '../random/prng.ts'
import type { Challenge, Credentials, Param } from '../message/types.ts'
import { answerChallenge } from './answer-challenge.ts'
import { createChallenge } from './create-challenge.ts'
import { readDigestChallenge } from './digest-challenge.ts'
import type { DigestSecret } from './digest-response.ts'
import { emptyNonceStore, findNonce, pruneNonces, type NonceStore } from './nonce-store.ts'
import { verifyCredentials } from './verify-credentials.ts'

const realm = 'atlanta.com'
const secretFor = (username: string): DigestSecret | undefined => (username === 'alice' ? { type: 'password', password: 'secret' } : undefined)
const ttl = 30_000

const issue = (store: NonceStore = emptyNonceStore, now = 0) =>
  createChallenge({ realm, algorithms: ['SHA-256', 'MD5'], now, prng: seedPrng(3), nonceTtlMs: ttl, store })

const answer = (challenge: Challenge, nc = 1, password = 'secret', username = 'alice'): Credentials => {
  const a = answerChallenge({ challenge, method: 'REGISTER', uri: 'sip:atlanta.com', username, password, nc, prng: seedPrng(4) })
  return E.isRight(a) ? a.right.credentials : { scheme: 'Digest', params: [] }
}

const first = (cs: ReadonlyArray<Challenge>): Challenge => cs[0] ?? { scheme: 'none', params: [] }

const verify = (credentials: Credentials | undefined, store: NonceStore, now = 1000) =>
  verifyCredentials({ credentials, method: 'REGISTER', requestUri: 'sip:atlanta.com', secretFor, store, now })

const edit = (c: Credentials, name: string, value: string | undefined): Credentials => ({
  ...c,
  params: value === undefined ? c.params.filter((p) => p.name !== name) : c.params.map((p): Param => (p.name === name ? { name, value } : p)),
})

describe('createChallenge', () => {
  it('issues one challenge per algorithm sharing one recorded nonce', () => {
    const { challenges, store } = issue()
    expect(challenges.map((c) => c.params.find((p) => p.name === 'algorithm')?.value)).toEqual(['SHA-256', 'MD5'])
    const reads = challenges.map(readDigestChallenge)
    const nonces = reads.map((r) => (E.isRight(r) ? r.right.nonce : ''))
    expect(nonces[0]).toBe(nonces[1])
    expect(findNonce(store, nonces[0] ?? '')).toMatchObject({ realm, issuedAt: 0, expiresAt: ttl, lastNc: 0, qop: ['auth'] })
    expect(reads.every((r) => E.isRight(r) && !r.right.stale && r.right.qop?.[0] === 'auth')).toBe(true)
  })

  it('gives fresh nonces from the advanced PRNG and is deterministic', () => {
    const a = issue()
    const b = createChallenge({ realm, algorithms: ['MD5'], now: 0, prng: a.prng, nonceTtlMs: ttl, store: a.store })
    expect(Object.keys(b.store.entries)).toHaveLength(2)
    expect(issue()).toEqual(a)
  })

  it('marks stale=true when asked (RFC 7616 §3.3)', () => {
    const { challenges } = createChallenge({ realm, algorithms: ['MD5'], now: 0, prng: seedPrng(1), nonceTtlMs: ttl, store: emptyNonceStore, stale: true })
    expect(first(challenges).params).toContainEqual({ name: 'stale', value: 'true' })
  })

  it('prunes nonces expired for over one TTL', () => {
    const a = issue()
    const later = (now: number) => createChallenge({ realm, algorithms: ['MD5'], now, prng: a.prng, nonceTtlMs: ttl, store: a.store })
    expect(Object.keys(later(2 * ttl - 1).store.entries)).toHaveLength(2)
    expect(Object.keys(later(2 * ttl).store.entries)).toHaveLength(1)
    expect(pruneNonces(a.store, 10 * ttl, 0)).toEqual(emptyNonceStore)
  })
})

describe('verifyCredentials', () => {
  it('accepts increasing nc and refuses a replayed or older one', () => {
    const { challenges, store } = issue()
    const c = first(challenges)
    const r1 = verify(answer(c, 1), store)
    expect(r1.result.type).toBe('ok')
    const r3 = verify(answer(c, 3), r1.store) // gaps are fine; only order matters
    expect(r3.result.type).toBe('ok')
    expect(verify(answer(c, 2), r3.store).result).toEqual({ type: 'bad-credentials', reason: 'replayed-nc' })
    expect(verify(answer(c, 3), r3.store).result).toEqual({ type: 'bad-credentials', reason: 'replayed-nc' })
    expect(verify(answer(c, 4), r3.store).result.type).toBe('ok')
  })

  it('reports stale for a correct digest over an expired nonce, and the new challenge says so', () => {
    const { challenges, store, prng } = issue()
    const stale = verify(answer(first(challenges)), store, ttl)
    expect(stale.result).toEqual({ type: 'stale' })
    const again = createChallenge({ realm, algorithms: ['SHA-256'], now: ttl, prng, nonceTtlMs: ttl, store: stale.store, stale: true })
    const read = readDigestChallenge(first(again.challenges))
    expect(E.isRight(read) && read.right.stale).toBe(true)
    expect(verify(answer(first(again.challenges)), again.store, ttl + 1).result.type).toBe('ok')
  })

  it('an expired nonce with a wrong password is bad credentials, not stale', () => {
    const { challenges, store } = issue()
    expect(verify(answer(first(challenges), 1, 'guess'), store, ttl + 5).result).toEqual({ type: 'bad-credentials', reason: 'wrong-response' })
  })

  it('refuses a wrong password and an unknown user', () => {
    const { challenges, store } = issue()
    const wrong = verify(answer(first(challenges), 1, 'guess'), store)
    expect(wrong.result).toEqual({ type: 'bad-credentials', reason: 'wrong-response' })
    expect(wrong.store).toBe(store) // a failed attempt does not burn the nc
    expect(verify(answer(first(challenges), 1, 'secret', 'mallory'), store).result).toEqual({ type: 'bad-credentials', reason: 'unknown-user' })
  })

  it('reports a nonce it never issued (or has forgotten) as unknown-nonce', () => {
    const { challenges } = issue()
    expect(verify(answer(first(challenges)), emptyNonceStore).result).toEqual({ type: 'unknown-nonce' })
    const proto = edit(answer(first(challenges)), 'nonce', '__proto__')
    expect(verify(proto, issue().store).result).toEqual({ type: 'unknown-nonce' })
  })

  it('reports missing credentials and other schemes as missing', () => {
    const { store } = issue()
    expect(verify(undefined, store).result).toEqual({ type: 'missing' })
    expect(verify({ scheme: 'Basic', params: [] }, store).result).toEqual({ type: 'missing' })
  })

  it('refuses malformed, downgraded and misdirected credentials', () => {
    const { challenges, store } = issue()
    const good = answer(first(challenges))
    expect(verify(edit(good, 'response', undefined), store).result).toEqual({ type: 'bad-credentials', reason: 'malformed' })
    expect(verify(edit(good, 'nc', '1'), store).result).toEqual({ type: 'bad-credentials', reason: 'malformed' })
    expect(verify(edit(good, 'qop', 'auth-conf'), store).result).toEqual({ type: 'bad-credentials', reason: 'malformed' })
    expect(verify(edit(good, 'algorithm', 'SHA-512-256'), store).result).toEqual({ type: 'bad-credentials', reason: 'unsupported-algorithm' })
    expect(verify(edit(good, 'algorithm', 'MD5-sess'), store).result).toEqual({ type: 'bad-credentials', reason: 'algorithm-not-offered' })
    expect(verify(edit(good, 'realm', 'evil.com'), store).result).toEqual({ type: 'bad-credentials', reason: 'realm-mismatch' })
    expect(verify(edit(good, 'uri', 'sip:elsewhere'), store).result).toEqual({ type: 'bad-credentials', reason: 'uri-mismatch' })
    // Dropping qop/nc/cnonce to fall back to the RFC 2617 form is a downgrade.
    const legacy = edit(edit(edit(good, 'qop', undefined), 'nc', undefined), 'cnonce', undefined)
    expect(verify(legacy, store).result).toEqual({ type: 'bad-credentials', reason: 'qop-not-offered' })
    // Tampering with the echoed cnonce breaks the digest.
    expect(verify(edit(good, 'cnonce', 'other'), store).result).toEqual({ type: 'bad-credentials', reason: 'wrong-response' })
  })
})
