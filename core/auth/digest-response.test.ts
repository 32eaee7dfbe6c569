import { describe, it, expect } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { seedPrng } from '../random/prng.ts'
import type { Challenge, Param } from '../message/types.ts'
import { answerChallenge } from './answer-challenge.ts'
import { computeDigestResponse, digestHa1 } from './digest-response.ts'

// RFC 7616 §3.9.1: the same request answered with MD5 and with SHA-256.
const rfc7616 = {
  username: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  method: 'GET',
  uri: '/dir/index.html',
  md5: '8ca523f5e9506fed4657c9700eebdbec',
  sha256: '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
}

const get = (ps: ReadonlyArray<Param>, name: string): string | undefined => ps.find((p) => p.name === name)?.value

const challenge = (algorithm: string): Challenge => ({
  scheme: 'Digest',
  params: [
    { name: 'realm', value: rfc7616.realm },
    { name: 'qop', value: 'auth, auth-int' },
    { name: 'algorithm', value: algorithm },
    { name: 'nonce', value: rfc7616.nonce },
    { name: 'opaque', value: rfc7616.opaque },
  ],
})

describe('RFC 7616 §3.9.1 vectors', () => {
  const base = {
    username: rfc7616.username,
    realm: rfc7616.realm,
    secret: { type: 'password', password: rfc7616.password } as const,
    nonce: rfc7616.nonce,
    method: rfc7616.method,
    uri: rfc7616.uri,
    qop: 'auth',
    nc: '00000001',
    cnonce: rfc7616.cnonce,
  } as const

  it('MD5 response', () => {
    expect(computeDigestResponse({ ...base, algorithm: 'MD5' })).toBe(rfc7616.md5)
  })

  it('SHA-256 response', () => {
    expect(computeDigestResponse({ ...base, algorithm: 'SHA-256' })).toBe(rfc7616.sha256)
  })

  it('a stored HA1 gives the same response as the password', () => {
    const ha1 = digestHa1('SHA-256', rfc7616.username, rfc7616.realm, rfc7616.password)
    expect(computeDigestResponse({ ...base, algorithm: 'SHA-256', secret: { type: 'ha1', ha1: ha1.toUpperCase() } })).toBe(rfc7616.sha256)
  })

  for (const [algorithm, expected] of [
    ['MD5', rfc7616.md5],
    ['SHA-256', rfc7616.sha256],
  ] as const) {
    it(`answerChallenge reproduces the ${algorithm} Authorization`, () => {
      const answer = answerChallenge({
        challenge: challenge(algorithm),
        method: rfc7616.method,
        uri: rfc7616.uri,
        username: rfc7616.username,
        password: rfc7616.password,
        nc: 1,
        prng: seedPrng(1),
        cnonce: rfc7616.cnonce,
      })
      expect(E.isRight(answer)).toBe(true)
      if (E.isLeft(answer)) return
      const ps = answer.right.credentials.params
      expect(answer.right.credentials.scheme).toBe('Digest')
      expect(get(ps, 'response')).toBe(expected)
      expect(get(ps, 'username')).toBe('Mufasa')
      expect(get(ps, 'realm')).toBe(rfc7616.realm)
      expect(get(ps, 'uri')).toBe(rfc7616.uri)
      expect(get(ps, 'algorithm')).toBe(algorithm)
      expect(get(ps, 'qop')).toBe('auth')
      expect(get(ps, 'nc')).toBe('00000001')
      expect(get(ps, 'cnonce')).toBe(rfc7616.cnonce)
      expect(get(ps, 'opaque')).toBe(rfc7616.opaque)
      expect(answer.right.prng).toEqual(seedPrng(1))
    })
  }
})

describe('RFC 2617 §3.5 (MD5, qop=auth, no algorithm parameter)', () => {
  it('gives the RFC response and does not invent an algorithm parameter', () => {
    const answer = answerChallenge({
      challenge: {
        scheme: 'Digest',
        params: [
          { name: 'realm', value: 'testrealm@host.com' },
          { name: 'qop', value: 'auth,auth-int' },
          { name: 'nonce', value: 'dcd98b7102dd2f0e8b11d0f600bfb0c093' },
          { name: 'opaque', value: '5ccc069c403ebaf9f0171e9517f40e41' },
        ],
      },
      method: 'GET',
      uri: '/dir/index.html',
      username: 'Mufasa',
      password: 'Circle Of Life',
      nc: 1,
      prng: seedPrng(1),
      cnonce: '0a4f113b',
    })
    expect(E.isRight(answer)).toBe(true)
    if (E.isLeft(answer)) return
    const ps = answer.right.credentials.params
    expect(get(ps, 'response')).toBe('6629fae49393a05397450978507c4ef1')
    expect(get(ps, 'algorithm')).toBeUndefined()
    expect(get(ps, 'opaque')).toBe('5ccc069c403ebaf9f0171e9517f40e41')
  })

  it('without qop uses H(HA1:nonce:HA2) and sends neither nc nor cnonce', () => {
    const answer = answerChallenge({
      challenge: {
        scheme: 'Digest',
        params: [
          { name: 'realm', value: 'testrealm@host.com' },
          { name: 'nonce', value: 'dcd98b7102dd2f0e8b11d0f600bfb0c093' },
        ],
      },
      method: 'GET',
      uri: '/dir/index.html',
      username: 'Mufasa',
      password: 'Circle Of Life',
      nc: 0, // ignored without qop
      prng: seedPrng(1),
    })
    expect(E.isRight(answer)).toBe(true)
    if (E.isLeft(answer)) return
    const ps = answer.right.credentials.params
    // MD5(HA1:nonce:HA2) over the RFC 2617 §3.5 inputs (RFC 2617 §3.2.2.1 legacy form).
    expect(get(ps, 'response')).toBe('670fd8c2df070c60b045671b8b24ff02')
    expect(get(ps, 'nc')).toBeUndefined()
    expect(get(ps, 'cnonce')).toBeUndefined()
    expect(get(ps, 'qop')).toBeUndefined()
    expect(answer.right.prng).toEqual(seedPrng(1))
  })
})
