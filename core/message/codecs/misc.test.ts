import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { contentType } from './content-type.ts'
import { retryAfter } from './retry-after.ts'
import { allow, proxyRequire, require, supported, unsupported } from './tokens.ts'

describe('Content-Type (RFC 3261 §20.15)', () => {
  it('type/subtype;params', () => {
    expect(contentType.parse('application/sdp')).toEqual(E.right({ type: 'application', subtype: 'sdp', params: [] }))
    expect(contentType.parse('Message/SIPfrag ; version = 2.0')).toEqual(E.right({ type: 'message', subtype: 'sipfrag', params: [{ name: 'version', value: '2.0' }] }))
    expect(contentType.parse('multipart/signed;protocol="application/pkcs7-signature";micalg=sha1;boundary=boundary42')).toEqual(E.right({
      type: 'multipart', subtype: 'signed',
      params: [{ name: 'protocol', value: '"application/pkcs7-signature"' }, { name: 'micalg', value: 'sha1' }, { name: 'boundary', value: 'boundary42' }],
    }))
    expect(contentType.format({ type: 'application', subtype: 'unknownformat', params: [{ name: 'a', value: '"b c"' }] })).toBe('application/unknownformat;a="b c"')
    for (const v of ['', 'application', 'application/', '/sdp', 'application/sdp x', 'application/sdp;']) expect(E.isLeft(contentType.parse(v))).toBe(true)
  })
})

describe('Retry-After (RFC 3261 §20.33)', () => {
  it('delta, comment, duration, params', () => {
    expect(retryAfter.parse('18000;duration=3600')).toEqual(E.right({ seconds: 18000, comment: undefined, duration: 3600, params: [] }))
    expect(retryAfter.parse('120 (I\'m in a meeting (really)) ;x=1')).toEqual(E.right({ seconds: 120, comment: 'I\'m in a meeting (really)', duration: undefined, params: [{ name: 'x', value: '1' }] }))
    expect(retryAfter.format({ seconds: 120, comment: 'busy', duration: 60, params: [{ name: 'x' }] })).toBe('120 (busy);duration=60;x')
  })
  it('RFC 4475 scalarlg: overlarge is an error', () => {
    expect(E.isLeft(retryAfter.parse('949302838503028349304023988'))).toBe(true)
    for (const v of ['', 'x', '1 (open', '1;duration=x', '1;duration=1;duration=2', '1 x']) expect(E.isLeft(retryAfter.parse(v))).toBe(true)
  })
})

describe('token lists', () => {
  it('option tags and methods, one element at a time', () => {
    for (const c of [require, supported, unsupported, proxyRequire, allow]) expect(c.list).toBe(true)
    expect(require.parse('replaces')).toEqual(E.right('replaces'))
    expect(supported.parse(' 100rel ')).toEqual(E.right('100rel'))
    expect(allow.parse('INVITE')).toEqual(E.right('INVITE'))
    expect(allow.format('REFER')).toBe('REFER')
    for (const v of ['', 'a b', 'a,b', '"a"']) expect(E.isLeft(proxyRequire.parse(v))).toBe(true)
  })
})
