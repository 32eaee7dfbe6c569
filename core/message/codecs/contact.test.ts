import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { splitList } from '../split-list.ts'
import { contact, isStar } from './contact.ts'

describe('Contact (RFC 3261 §20.10)', () => {
  it('star', () => {
    const r = contact.parse(' * ')
    expect(r).toEqual(E.right({ type: 'star' }))
    expect(E.isRight(r) && isStar(r.right)).toBe(true)
    expect(E.isRight(r) && contact.format(r.right)).toBe('*')
    expect(E.isLeft(contact.parse('*;x'))).toBe(true)
  })

  it('RFC 4475 wsinv: params with LWS', () => {
    const r = contact.parse('"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam = newvalue ; secondparam ; q = 0.33')
    expect(E.isRight(r) && !isStar(r.right) && r.right.params.length).toBe(3)
  })

  it('RFC 4475 esc01: folded Contact', () => {
    expect(contact.parse(' <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>')).toEqual(E.right({
      displayName: undefined,
      uri: expect.objectContaining({ user: 'caller', params: [{ name: 'lr' }, { name: 'name', value: 'value%41' }] }),
      params: [],
    }))
  })

  it('RFC 4475 cparam01 / scalar02: contact params are header params, kept as written', () => {
    expect(contact.parse('sip:+19725552222@gw1.example.net;unknownparam')).toEqual(E.right({
      displayName: undefined, uri: expect.objectContaining({ params: [] }), params: [{ name: 'unknownparam' }],
    }))
    expect(E.isRight(contact.parse('<sip:user@host129.example.com> ;expires=280297596632815'))).toBe(true)
  })

  it('RFC 4475 badinv01 and regbadct', () => {
    expect(E.isLeft(contact.parse('"Joe" <sip:joe@example.org>;;;;'))).toBe(true)
    expect(E.isLeft(contact.parse('sip:user@example.com?Route=%3Csip:sip.example.com%3E'))).toBe(true)
  })

  it('each list element parses (RFC 4475 escnull: two distinct contacts)', () => {
    const parts = splitList('<sip:%00@host5.example.com>, "a,b" <sip:%00%00@host5.example.com>;q=0.5')
    const users = parts.map((p) => {
      const r = contact.parse(p.text)
      return E.isRight(r) && !isStar(r.right) && r.right.uri.type === 'sip' ? r.right.uri.user : undefined
    })
    expect(users).toEqual(['\u0000', '\u0000\u0000'])
  })
})
