import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { authorization, proxyAuthenticate, proxyAuthorization, wwwAuthenticate } from './auth.ts'

describe('challenges (RFC 3261 §25.1, RFC 7616 §3.3)', () => {
  it('Digest with quoted and unquoted params, stored unquoted', () => {
    const r = wwwAuthenticate.parse('Digest realm="a", nonce="b", algorithm=SHA-256, qop="auth"')
    expect(r).toEqual(E.right({
      scheme: 'Digest',
      params: [{ name: 'realm', value: 'a' }, { name: 'nonce', value: 'b' }, { name: 'algorithm', value: 'SHA-256' }, { name: 'qop', value: 'auth' }],
    }))
    if (E.isRight(r)) expect(wwwAuthenticate.format(r.right)).toBe('Digest realm="a", nonce="b", algorithm=SHA-256, qop="auth"')
  })
  it('stale, opaque, domain, quoted-pairs, odd spacing', () => {
    const r = proxyAuthenticate.parse('Digest   realm = "atlanta.example.com" ,domain="sip:ss1.example.com",nonce="f84f1cec41e6cbe5aea9c8e88d359",opaque="", stale=FALSE, algorithm=MD5, x="a\\"b"')
    expect(E.isRight(r) && r.right.params).toEqual([
      { name: 'realm', value: 'atlanta.example.com' }, { name: 'domain', value: 'sip:ss1.example.com' },
      { name: 'nonce', value: 'f84f1cec41e6cbe5aea9c8e88d359' }, { name: 'opaque', value: '' }, { name: 'stale', value: 'FALSE' },
      { name: 'algorithm', value: 'MD5' }, { name: 'x', value: 'a"b' },
    ])
    if (E.isRight(r)) {
      expect(proxyAuthenticate.format(r.right)).toBe('Digest realm="atlanta.example.com", domain="sip:ss1.example.com", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5, x="a\\"b"')
      expect(proxyAuthenticate.parse(proxyAuthenticate.format(r.right))).toEqual(r)
    }
  })
  it('a scheme alone, a token68, an unknown scheme', () => {
    expect(wwwAuthenticate.parse('Negotiate')).toEqual(E.right({ scheme: 'Negotiate', params: [] }))
    expect(wwwAuthenticate.parse('Basic dXNlcjpwYXNzd29yZA==')).toEqual(E.right({ scheme: 'Basic', params: [{ name: 'dXNlcjpwYXNzd29yZA==' }] }))
    expect(wwwAuthenticate.format({ scheme: 'Basic', params: [{ name: 'abc==' }] })).toBe('Basic abc==')
  })
  it('errors', () => {
    // "Digest realm" and "Digest realm=" are token68 forms (RFC 7235 §2.1), so they parse.
    for (const v of ['', 'Digest realm x', 'Digest realm=,', 'Digest realm="a" nonce="b"', 'Digest realm="a', 'Digest realm="a",', 'Digest realm="a", Basic realm="b"', '"Digest"'])
      expect(E.isLeft(wwwAuthenticate.parse(v))).toBe(true)
  })
})

describe('credentials (RFC 7616 §3.4)', () => {
  it('RFC 4475 regaut01: an unknown scheme parses', () => {
    expect(authorization.parse('NoOneKnowsThisScheme opaque-data=here')).toEqual(E.right({ scheme: 'NoOneKnowsThisScheme', params: [{ name: 'opaque-data', value: 'here' }] }))
  })
  it('quotes what RFC 7616 quotes; qop, nc, algorithm bare', () => {
    const c = {
      scheme: 'Digest',
      params: [
        { name: 'username', value: 'bob' }, { name: 'realm', value: 'biloxi.com' }, { name: 'nonce', value: 'dcd98b' },
        { name: 'uri', value: 'sip:bob@biloxi.com' }, { name: 'qop', value: 'auth' }, { name: 'nc', value: '00000001' },
        { name: 'cnonce', value: '0a4f113b' }, { name: 'response', value: '6629fae4' }, { name: 'opaque', value: '5ccc' },
        { name: 'algorithm', value: 'SHA-256' },
      ],
    }
    const text = proxyAuthorization.format(c)
    expect(text).toBe('Digest username="bob", realm="biloxi.com", nonce="dcd98b", uri="sip:bob@biloxi.com", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae4", opaque="5ccc", algorithm=SHA-256')
    expect(proxyAuthorization.parse(text)).toEqual(E.right(c))
    expect(authorization.parse('Digest qop="auth"')).toEqual(E.right({ scheme: 'Digest', params: [{ name: 'qop', value: 'auth' }] }))
  })
})
