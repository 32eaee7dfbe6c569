import { describe, it, expect } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { Challenge } from '../message/types.ts'
import { chooseChallenge, chooseChallengesByRealm, readDigestChallenge } from './digest-challenge.ts'

const digest = (algorithm: string | undefined, realm = 'atlanta.com', extra: Challenge['params'] = []): Challenge => ({
  scheme: 'Digest',
  params: [
    { name: 'realm', value: realm },
    { name: 'nonce', value: `n-${algorithm ?? 'none'}` },
    ...(algorithm === undefined ? [] : [{ name: 'algorithm', value: algorithm }]),
    { name: 'qop', value: 'auth' },
    ...extra,
  ],
})

const algorithmOf = (c: O.Option<Challenge>): string | undefined =>
  O.isSome(c) ? c.value.params.find((p) => p.name === 'algorithm')?.value : 'NONE CHOSEN'

describe('chooseChallenge', () => {
  it('prefers SHA-256 over MD5 whatever the order', () => {
    expect(algorithmOf(chooseChallenge([digest('MD5'), digest('SHA-256')]))).toBe('SHA-256')
    expect(algorithmOf(chooseChallenge([digest('SHA-256'), digest('MD5')]))).toBe('SHA-256')
    expect(algorithmOf(chooseChallenge([digest(undefined), digest('SHA-256-sess')]))).toBe('SHA-256-sess')
  })

  it('keeps the server order among equals (RFC 8760 §2.4 topmost)', () => {
    expect(algorithmOf(chooseChallenge([digest('SHA-256-sess'), digest('SHA-256')]))).toBe('SHA-256-sess')
    expect(algorithmOf(chooseChallenge([digest('MD5-sess'), digest('MD5')]))).toBe('MD5-sess')
  })

  it('ignores unknown schemes and algorithms', () => {
    const basic: Challenge = { scheme: 'Basic', params: [{ name: 'realm', value: 'x' }] }
    const bearer: Challenge = { scheme: 'Bearer', params: [] }
    expect(algorithmOf(chooseChallenge([basic, digest('SHA-512-256'), bearer, digest('MD5')]))).toBe('MD5')
    expect(chooseChallenge([basic, digest('SHA-512-256'), digest('AKAv1-MD5')])).toEqual(O.none)
    expect(chooseChallenge([])).toEqual(O.none)
  })

  it('ignores a challenge whose qop list has nothing it can answer', () => {
    const c = digest('SHA-256', 'atlanta.com', [])
    const onlyUnknown: Challenge = { ...c, params: c.params.map((p) => (p.name === 'qop' ? { name: 'qop', value: 'auth-conf' } : p)) }
    expect(algorithmOf(chooseChallenge([onlyUnknown, digest('MD5')]))).toBe('MD5')
  })

  it('reads scheme, parameter names, algorithm and stale case-insensitively', () => {
    const c: Challenge = {
      scheme: 'DIGEST',
      params: [
        { name: 'Realm', value: 'r' },
        { name: 'NONCE', value: 'n' },
        { name: 'Algorithm', value: 'md5-SESS' },
        { name: 'QOP', value: ' Auth-Int , auth ' },
        { name: 'Stale', value: 'TRUE' },
      ],
    }
    const read = readDigestChallenge(c)
    expect(read).toEqual(E.right({ realm: 'r', nonce: 'n', algorithm: 'MD5-sess', algorithmToken: 'md5-SESS', qop: ['auth-int', 'auth'], stale: true }))
  })

  it('rejects a challenge without realm or nonce', () => {
    expect(readDigestChallenge({ scheme: 'Digest', params: [{ name: 'nonce', value: 'n' }] })).toEqual(E.left({ type: 'missing-param', param: 'realm' }))
    expect(readDigestChallenge({ scheme: 'Digest', params: [{ name: 'realm', value: 'r' }] })).toEqual(E.left({ type: 'missing-param', param: 'nonce' }))
  })
})

describe('chooseChallengesByRealm', () => {
  it('chooses one per realm, best algorithm each', () => {
    const chosen = chooseChallengesByRealm([digest('MD5', 'a'), digest('MD5', 'b'), digest('SHA-256', 'a'), { scheme: 'Basic', params: [] }])
    expect(chosen.map((c) => [c.params[0]?.value, c.params.find((p) => p.name === 'algorithm')?.value])).toEqual([
      ['a', 'SHA-256'],
      ['b', 'MD5'],
    ])
  })
})
