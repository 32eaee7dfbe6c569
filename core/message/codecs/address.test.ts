import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { paramValue } from '../name-addr.ts'
import { from, recordRoute, referTo, referredBy, route, to } from './address.ts'

describe('address headers', () => {
  it('names, keys, list flags', () => {
    expect([from, to, route, recordRoute, referTo, referredBy].map((c) => [c.name, c.key, c.list])).toEqual([
      ['From', 'from', false], ['To', 'to', false], ['Route', 'route', true], ['Record-Route', 'record-route', true],
      ['Refer-To', 'refer-to', false], ['Referred-By', 'referred-by', false],
    ])
  })

  it('From tag', () => {
    const r = from.parse('"Bob" <sips:bob@biloxi.example.com>;tag=a48s')
    expect(E.isRight(r) && paramValue(r.right.params, 'tag')).toBe('a48s')
  })

  it('Route with lr', () => {
    expect(route.parse('<sip:services.example.com;lr;unknownwith=value;unknown-no-value>')).toEqual(E.right({
      displayName: undefined,
      uri: expect.objectContaining({
        host: 'services.example.com', params: [{ name: 'lr' }, { name: 'unknownwith', value: 'value' }, { name: 'unknown-no-value' }],
      }),
      params: [],
    }))
  })

  it('Refer-To without angle brackets, with an escaped Replaces (real peers)', () => {
    const r = referTo.parse('sip:carol@chicago.example.com?Replaces=abc%40host%3Bto-tag%3D1%3Bfrom-tag%3D2')
    expect(E.isRight(r) && r.right.uri).toMatchObject({ headers: [{ name: 'Replaces', value: 'abc@host;to-tag=1;from-tag=2' }] })
    // From/To stay strict (RFC 4475 regbadct)
    expect(E.isLeft(to.parse('sip:carol@chicago.example.com?Replaces=abc'))).toBe(true)
  })

  it('Referred-By with cid (RFC 3892)', () => {
    const r = referredBy.parse('<sip:referrer@referrer.example>;cid="20398823.2UWQFN309shb3@referrer.example"')
    expect(E.isRight(r) && r.right.params).toEqual([{ name: 'cid', value: '"20398823.2UWQFN309shb3@referrer.example"' }])
    if (E.isRight(r)) expect(referredBy.parse(referredBy.format(r.right))).toEqual(r)
  })

  it('RFC 4475 baddn', () => {
    expect(E.isLeft(from.parse('Bell, Alexander <sip:a.g.bell@example.com>;tag=43'))).toBe(true)
    expect(E.isLeft(to.parse('Watson, Thomas <sip:t.watson@example.org>'))).toBe(true)
  })
})
