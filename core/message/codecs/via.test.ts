import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Via } from '../types.ts'
import { splitList } from '../split-list.ts'
import { via, viaBranch } from './via.ts'

const ok = (text: string): Via => {
  const r = via.parse(text)
  if (E.isLeft(r)) throw new Error(`${text}: ${r.left.reason} at ${r.left.index}`)
  expect(via.parse(via.format(r.right))).toEqual(r)
  return r.right
}
const bad = (text: string): number => {
  const r = via.parse(text)
  if (E.isRight(r)) throw new Error(`${text} should not parse`)
  return r.left.index
}

describe('Via (RFC 3261 §20.42)', () => {
  it('parses the common form and the branch', () => {
    const v = ok('SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;received=192.0.2.1')
    expect(v).toEqual({
      protocol: 'SIP/2.0', transport: 'UDP', host: 'pc33.atlanta.example.com', port: 5060,
      params: [{ name: 'branch', value: 'z9hG4bK776asdhds' }, { name: 'received', value: '192.0.2.1' }],
    })
    expect(viaBranch(v)).toBe('z9hG4bK776asdhds')
    expect(via.format(v)).toBe('SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;received=192.0.2.1')
    expect(viaBranch(ok('SIP/2.0/UDP h'))).toBeUndefined()
  })

  it('RFC 4475 wsinv: LWS around the slashes, ";" and "="', () => {
    expect(ok('SIP  /   2.0 /UDP 192.0.2.2;branch=390skdjuw')).toMatchObject({ protocol: 'SIP/2.0', transport: 'UDP', host: '192.0.2.2' })
    expect(ok('SIP  / 2.0  / TCP     spindle.example.com   ; branch  =   z9hG4bK9ikj8')).toMatchObject({
      transport: 'TCP', host: 'spindle.example.com', params: [{ name: 'branch', value: 'z9hG4bK9ikj8' }],
    })
    expect(viaBranch(ok('SIP  /    2.0   / UDP  192.168.255.111   ; branch= z9hG4bK30239'))).toBe('z9hG4bK30239')
  })

  it('RFC 4475 transports: any transport token, upper-cased', () => {
    for (const t of ['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP', 'WSS']) expect(ok(`SIP/2.0/${t} t1.example.com;branch=z9hG4bKkdjuw`).transport).toBe(t)
    expect(ok('SIP/2.0/tcp h').transport).toBe('TCP')
  })

  it('RFC 4475 intmeth: odd branch characters', () => {
    expect(viaBranch(ok("SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~"))).toBe("z9hG4bK-.!%66*_+`'~")
  })

  it('RFC 5118: IPv6 sent-by and received with or without brackets', () => {
    expect(ok('SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111')).toMatchObject({ host: '[2001:db8::9:1]', port: undefined })
    expect(ok('SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111')).toMatchObject({ host: '[2001:db8::9:1]', port: 6050 })
    expect(ok('SIP/2.0/UDP [::ffff:192.0.2.10]:19823;branch=z9hG4bKbh19')).toMatchObject({ host: '[::ffff:192.0.2.10]', port: 19823 })
    const withDelim = ok('SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111')
    const noDelim = ok('SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3-111')
    expect(withDelim).toEqual(noDelim)
    expect(via.format(withDelim)).toBe('SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3-111')
    expect(ok('SIP/2.0/UDP [2001:db8::9:1];received=192.0.2.200').params).toEqual([{ name: 'received', value: '192.0.2.200' }])
    bad('SIP/2.0/UDP 2001:db8::9:1')
    bad('SIP/2.0/UDP h;received=1:2')
  })

  it('rport as a flag or a port (RFC 3581)', () => {
    expect(ok('SIP/2.0/UDP h;rport;branch=z9hG4bKx').params[0]).toEqual({ name: 'rport' })
    expect(ok('SIP/2.0/UDP h;rport=5060').params[0]).toEqual({ name: 'rport', value: '5060' })
    bad('SIP/2.0/UDP h;rport=x')
    bad('SIP/2.0/UDP h;rport=70000')
  })

  it('RFC 4475 badinv01: ";;,;,," is an error', () => {
    expect(bad('SIP/2.0/UDP 192.0.2.15;;')).toBe(23)
    bad('SIP/2.0/UDP 192.0.2.15;;,;,,')
    bad(';')
    bad('')
  })

  it('other errors', () => {
    bad('SIP/2.0 h')
    bad('SIP/2.0/UDP')
    bad('SIP/2.0/UDPh')
    bad('SIP/2.0/UDP h:')
    bad('SIP/2.0/UDP h:99999')
    bad('SIP/2.0/UDP h;ttl=256')
    bad('SIP/2.0/UDP h;branch="x"')
    bad('SIP/2.0/UDP h x')
    bad('SIP/2.0/UDP [::1')
  })

  it('keeps an unusual protocol as written (RFC 4475 badvers is a 505, not a parse error)', () => {
    expect(ok('SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw').protocol).toBe('SIP/7.0')
  })
})

describe('Via parseFirst (the fast path of headerValue)', () => {
  // parseFirst must agree with parse on the first element of splitList, error indexes included.
  const viaFirst = via.parseFirst ?? via.parse
  it('agrees with splitList + parse', () => {
    for (const value of [
      'SIP/2.0/UDP a.example.com;branch=z9hG4bKx , SIP/2.0/TCP b',
      'SIP/2.0/UDP a;ttl=999 , SIP/2.0/UDP b',
      'SIP/2.0/UDP a;foo="x,y";branch=z9hG4bKq,SIP/2.0/UDP b',
      ' , SIP/2.0/UDP b',
      'SIP/2.0/ udp a:5060;rport;received=[2001:db8::1]',
      'SIP / 2.0 / UDP a (comment, here), SIP/2.0/UDP b',
      'SIP/2.0/UDP a;;branch=x, SIP/2.0/UDP b',
      'SIP/2.0/UDP a;received=300.1.1.1, SIP/2.0/UDP b',
    ]) {
      const first = splitList(value)[0]
      const want = via.parse(first?.text ?? '')
      const got = viaFirst(value)
      expect(got, value).toEqual(E.isLeft(want) ? E.left({ ...want.left, index: want.left.index + (first?.index ?? 0) }) : want)
    }
  })
})
