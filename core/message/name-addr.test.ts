import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { formatNameAddr, hasParam, parseNameAddr, paramValue } from './name-addr.ts'
import type { NameAddr } from './types.ts'

const ok = (text: string, lenient = false): NameAddr => {
  const r = parseNameAddr(text, { lenient })
  if (E.isLeft(r)) throw new Error(`${text}: ${r.left.reason} at ${r.left.index}`)
  expect(parseNameAddr(formatNameAddr(r.right))).toEqual(r)
  return r.right
}
const bad = (text: string): number => {
  const r = parseNameAddr(text)
  if (E.isRight(r)) throw new Error(`${text} should not parse`)
  return r.left.index
}

describe('name-addr and addr-spec (RFC 3261 §20.10, §25.1)', () => {
  it('quoted display name, URI, header params', () => {
    const na = ok('"Alice Liddell" <sip:alice@atlanta.example.com;transport=tcp>;tag=1928301774;x')
    expect(na.displayName).toBe('Alice Liddell')
    expect(na.uri).toMatchObject({ type: 'sip', user: 'alice', params: [{ name: 'transport', value: 'tcp' }] })
    expect(na.params).toEqual([{ name: 'tag', value: '1928301774' }, { name: 'x' }])
    expect(paramValue(na.params, 'TAG')).toBe('1928301774')
    expect(hasParam(na.params, 'X')).toBe(true)
    expect(paramValue(na.params, 'x')).toBeUndefined()
    expect(hasParam(na.params, 'y')).toBe(false)
    expect(formatNameAddr(na)).toBe('"Alice Liddell" <sip:alice@atlanta.example.com;transport=tcp>;tag=1928301774;x')
  })

  it('RFC 4475 wsinv: escaped quotes and LWS around ";" and "="', () => {
    const from = ok('"J Rosenberg \\\\\\""       <sip:jdrosen@example.com> ; tag = 98asjd8')
    expect(from.displayName).toBe('J Rosenberg \\"')
    expect(from.params).toEqual([{ name: 'tag', value: '98asjd8' }])
    const to = ok('sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n')
    expect(to.displayName).toBeUndefined()
    expect(to.params).toEqual([{ name: 'tag', value: '1918181833n' }])
    const m = ok('"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam = newvalue ; secondparam ; q = 0.33')
    expect(m.displayName).toBe('Quoted string ""')
    expect(m.params).toEqual([{ name: 'newparam', value: 'newvalue' }, { name: 'secondparam' }, { name: 'q', value: '0.33' }])
  })

  it('RFC 4475 intmeth: quoted-pairs of NUL, BEL, DEL; a display name of several tokens; UTF-8 param', () => {
    const to = ok('"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007f" <sip:1_unusual.URI~(to-be!sure)&isn\'t+it$/crazy?,/;;*@example.com>')
    expect(to.displayName).toBe('BEL:\u0007 NUL:\u0000 DEL:\u007f')
    expect(to.uri).toMatchObject({ user: "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", host: 'example.com' })
    const from = ok("token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"работающий\";tag=_token~1'+`*%!-.")
    expect(from.displayName).toBe("token1~` token2'+_ token3*%!.-")
    expect(from.params).toEqual([{ name: "fromParam''~+*_!.-%", value: '"работающий"' }, { name: 'tag', value: "_token~1'+`*%!-." }])
  })

  it('RFC 4475 lwsdisp: no LWS before "<"', () => {
    expect(ok('caller<sip:caller@example.com>;tag=323')).toMatchObject({ displayName: 'caller', params: [{ name: 'tag', value: '323' }] })
  })

  it('RFC 4475 cparam01: in addr-spec form ";params" belong to the header', () => {
    const na = ok('sip:+19725552222@gw1.example.net;unknownparam')
    expect(na.uri).toMatchObject({ user: '+19725552222', host: 'gw1.example.net', params: [] })
    expect(na.params).toEqual([{ name: 'unknownparam' }])
  })

  it('RFC 4475 cparam02 / regescrt: in "<>" they belong to the URI', () => {
    expect(ok('<sip:+19725552222@gw1.example.net;unknownparam>').uri).toMatchObject({ params: [{ name: 'unknownparam' }] })
    expect(ok('<sip:user@example.com?Route=%3Csip:sip.example.com%3E>').uri).toMatchObject({
      headers: [{ name: 'Route', value: '<sip:sip.example.com>' }],
    })
  })

  it('RFC 4475 esc01 / escnull / unksm2 values', () => {
    expect(ok('<sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>').uri).toMatchObject({
      user: 'caller', params: [{ name: 'lr' }, { name: 'name', value: 'value%41' }],
    })
    expect(ok('sip:null-%00-null@example.com;tag=839923423').uri).toMatchObject({ user: 'null-\u0000-null' })
    expect(ok('isbn:2983792873').uri).toEqual({ type: 'absolute', scheme: 'isbn', opaque: '2983792873' })
    expect(ok('<http://www.example.com>;tag=12312').uri).toMatchObject({ type: 'absolute', scheme: 'http' })
    expect(ok('Watson <name:John_Smith>').uri).toMatchObject({ type: 'absolute', opaque: 'John_Smith' })
  })

  it('RFC 4475 regbadct: an addr-spec with "?" is an error', () => {
    expect(bad('sip:user@example.com?Route=%3Csip:sip.example.com%3E')).toBe(20)
    bad('sip:a,b@example.com')
  })

  it('RFC 4475 badaspec: spaces inside "<>"', () => {
    expect(bad('"Watson, Thomas" < sip:t.watson@example.org >')).toBe(18)
    bad('<sip:t.watson@example.org >')
  })

  it('RFC 4475 quotbal: an unterminated quote', () => {
    expect(bad('"Mr. J. User <sip:j.user@example.com>')).toBe(0)
  })

  it('RFC 4475 baddn: an unquoted display name with ","', () => {
    bad('Bell, Alexander <sip:a.g.bell@example.com>;tag=43')
    expect(parseNameAddr('Bell, Alexander <sip:a.g.bell@example.com>', { lenient: true })._tag).toBe('Left')
  })

  it('RFC 4475 badinv01: empty parameters', () => {
    bad('"Joe" <sip:joe@example.org>;;;;')
    bad('<sip:joe@example.org>;')
    bad('<sip:joe@example.org>;tag=')
  })

  it('other errors', () => {
    bad('')
    bad('"Joe"')
    bad('"Joe" sip:joe@example.org')
    bad('<sip:joe@example.org')
    bad('<sip:joe@example.org> junk')
  })

  it('lenient (Refer-To): no angle brackets around a URI with headers', () => {
    const na = ok('sip:carol@chicago.example.com?Replaces=abc%40host%3bfrom-tag%3D2%3Bto-tag%3D1', true)
    expect(na.uri).toMatchObject({ headers: [{ name: 'Replaces', value: 'abc@host;from-tag=2;to-tag=1' }] })
    expect(formatNameAddr(na)).toBe('<sip:carol@chicago.example.com?Replaces=abc%40host%3Bfrom-tag%3D2%3Bto-tag%3D1>')
  })

  it('formats display names as quoted strings', () => {
    const na: NameAddr = { displayName: 'a "b" \\ c', uri: { type: 'tel', number: '+1', params: [] }, params: [] }
    expect(formatNameAddr(na)).toBe('"a \\"b\\" \\\\ c" <tel:+1>')
    expect(parseNameAddr(formatNameAddr(na))).toEqual(E.right(na))
  })
})
