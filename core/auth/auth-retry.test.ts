import { describe, it, expect } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { seedPrng } from '../random/prng.ts'
import type { Challenge, Param } from '../message/types.ts'
import { freshAuthAttempt, nextAuthAction, type AuthResponse } from './auth-retry.ts'
import { authorizeRequest, emptyClientAuthState, rememberChallenge, type ClientAuthState } from './client-auth-state.ts'
import { createChallenge } from './create-challenge.ts'
import { emptyNonceStore, type NonceStore } from './nonce-store.ts'
import { verifyCredentials } from './verify-credentials.ts'

const digest = (realm: string, nonce: string, stale = false): Challenge => ({
  scheme: 'Digest',
  params: [
    { name: 'realm', value: realm },
    { name: 'nonce', value: nonce },
    { name: 'algorithm', value: 'SHA-256' },
    { name: 'qop', value: 'auth' },
    ...(stale ? [{ name: 'stale', value: 'true' }] : []),
  ],
})

const r401 = (...www: ReadonlyArray<Challenge>): AuthResponse => ({ status: 401, wwwAuthenticate: www, proxyAuthenticate: [] })
const r407 = (...proxy: ReadonlyArray<Challenge>): AuthResponse => ({ status: 407, wwwAuthenticate: [], proxyAuthenticate: proxy })
const get = (ps: ReadonlyArray<Param>, name: string): string | undefined => ps.find((p) => p.name === name)?.value

describe('nextAuthAction', () => {
  it('lets non-challenge responses through', () => {
    for (const status of [100, 180, 200, 403, 404, 408, 500]) {
      expect(nextAuthAction(emptyClientAuthState, freshAuthAttempt, { status, wwwAuthenticate: [digest('a', 'n')], proxyAuthenticate: [] }).action).toEqual({ type: 'proceed' })
    }
  })

  it('retries once, then fails on a second non-stale challenge', () => {
    const one = nextAuthAction(emptyClientAuthState, freshAuthAttempt, r401(digest('a', 'n1')))
    expect(one.action).toEqual({ type: 'retry' })
    expect(one.state.realms).toMatchObject([{ realm: 'a', nonce: 'n1', nc: 0, proxy: false }])
    const two = nextAuthAction(one.state, one.attempt, r401(digest('a', 'n2')))
    expect(two.action).toEqual({ type: 'fail', reason: 'rejected', realm: 'a' })
  })

  it('retries again on stale=true, but not forever', () => {
    const one = nextAuthAction(emptyClientAuthState, freshAuthAttempt, r401(digest('a', 'n1')))
    const two = nextAuthAction(one.state, one.attempt, r401(digest('a', 'n2', true)))
    expect(two.action).toEqual({ type: 'retry' })
    expect(two.state.realms).toMatchObject([{ realm: 'a', nonce: 'n2', nc: 0 }])
    const three = nextAuthAction(two.state, two.attempt, r401(digest('a', 'n3', true)))
    expect(three.action).toEqual({ type: 'fail', reason: 'rejected', realm: 'a' })
    const lenient = nextAuthAction(two.state, two.attempt, r401(digest('a', 'n3', true)), { maxStaleRetries: 2 })
    expect(lenient.action).toEqual({ type: 'retry' })
  })

  it('answers a proxy realm and then a UAS realm in one request (RFC 3261 §22.3)', () => {
    const one = nextAuthAction(emptyClientAuthState, freshAuthAttempt, r407(digest('proxy.example', 'p1')))
    expect(one.action).toEqual({ type: 'retry' })
    const two = nextAuthAction(one.state, one.attempt, r401(digest('uas.example', 'u1')))
    expect(two.action).toEqual({ type: 'retry' })
    expect(two.state.realms.map((r) => [r.realm, r.proxy])).toEqual([
      ['proxy.example', true],
      ['uas.example', false],
    ])
  })

  it('fails at once when nothing can be answered', () => {
    const basic: Challenge = { scheme: 'Basic', params: [{ name: 'realm', value: 'a' }] }
    expect(nextAuthAction(emptyClientAuthState, freshAuthAttempt, r401(basic)).action).toEqual({ type: 'fail', reason: 'no-usable-challenge' })
    expect(nextAuthAction(emptyClientAuthState, freshAuthAttempt, r407()).action).toEqual({ type: 'fail', reason: 'no-usable-challenge' })
  })
})

describe('authorizeRequest', () => {
  const accountFor = () => ({ username: 'alice', password: 'secret' })

  it('counts nc per nonce and restarts it with a new nonce', () => {
    let state: ClientAuthState = rememberChallenge(emptyClientAuthState, digest('a', 'n1'), false)
    const ncs: Array<string | undefined> = []
    let prng = seedPrng(5)
    for (let i = 0; i < 3; i++) {
      const out = authorizeRequest(state, { method: 'OPTIONS', uri: 'sip:a', prng, accountFor })
      if (E.isLeft(out)) return expect.unreachable()
      ncs.push(get(out.right.authorization[0]?.params ?? [], 'nc'))
      expect(out.right.proxyAuthorization).toEqual([])
      state = out.right.state
      prng = out.right.prng
    }
    expect(ncs).toEqual(['00000001', '00000002', '00000003'])
    expect(rememberChallenge(state, digest('a', 'n1'), false).realms[0]?.nc).toBe(3) // same nonce: keep counting
    expect(rememberChallenge(state, digest('a', 'n2'), false).realms[0]?.nc).toBe(0)
  })

  it('puts proxy credentials in Proxy-Authorization and skips realms without an account', () => {
    const state = rememberChallenge(rememberChallenge(emptyClientAuthState, digest('p', 'pn'), true), digest('u', 'un'), false)
    const out = authorizeRequest(state, { method: 'INVITE', uri: 'sip:bob@u', prng: seedPrng(1), accountFor: (realm) => (realm === 'p' ? accountFor() : undefined) })
    if (E.isLeft(out)) return expect.unreachable()
    expect(out.right.authorization).toEqual([])
    expect(out.right.proxyAuthorization.map((c) => get(c.params, 'realm'))).toEqual(['p'])
  })

  it('drives a whole exchange against the server: 401, retry, stale 401, retry, 200', () => {
    let store: NonceStore = emptyNonceStore
    let serverPrng = seedPrng(11)
    let clientPrng = seedPrng(12)
    let state = emptyClientAuthState
    let attempt = freshAuthAttempt
    const secretFor = () => ({ type: 'password', password: 'secret' }) as const
    const ttl = 1000
    const server = (www: ReadonlyArray<Challenge>, now: number, stale = false): Challenge[] => {
      const c = createChallenge({ realm: 'atlanta.com', algorithms: ['SHA-256', 'MD5'], now, prng: serverPrng, nonceTtlMs: ttl, store, stale })
      store = c.store
      serverPrng = c.prng
      return [...www, ...c.challenges]
    }
    const send = (now: number) => {
      const out = authorizeRequest(state, { method: 'REGISTER', uri: 'sip:atlanta.com', prng: clientPrng, accountFor })
      if (E.isLeft(out)) return expect.unreachable()
      state = out.right.state
      clientPrng = out.right.prng
      const v = verifyCredentials({ credentials: out.right.authorization[0], method: 'REGISTER', secretFor, store, now })
      store = v.store
      return v.result
    }
    expect(send(0)).toEqual({ type: 'missing' })
    let d = nextAuthAction(state, attempt, r401(...server([], 0)))
    expect(d.action.type).toBe('retry')
    ;({ state, attempt } = d)
    expect(send(ttl + 10)).toEqual({ type: 'stale' }) // the nonce expired in flight
    d = nextAuthAction(state, attempt, r401(...server([], ttl + 10, true)))
    expect(d.action.type).toBe('retry')
    ;({ state, attempt } = d)
    expect(send(ttl + 20)).toMatchObject({ type: 'ok', username: 'alice' })
    expect(nextAuthAction(state, attempt, { status: 200, wwwAuthenticate: [], proxyAuthenticate: [] }).action).toEqual({ type: 'proceed' })
    // Later requests reuse the nonce preemptively with the next nc.
    expect(send(ttl + 30)).toMatchObject({ type: 'ok' })
  })
})
