import { describe, expect, it } from 'vitest'
import {
  eqIgnoreCase, failIndex, findParam, formatParams, isToken, parseDigits, quote, scanParams, scanQuoted, scanToken,
  scanWord, skipWs, unquote,
} from './scan.ts'
import type { Param } from './types.ts'

describe('scan toolkit', () => {
  it('token and word (RFC 3261 §25.1)', () => {
    const t = "abc-.!%*_+`'~Z9 x"
    expect(scanToken(t, 0, t.length)).toBe(15)
    expect(scanToken('(a', 0, 2)).toBe(0)
    expect(scanWord('a()<>:\\"/[]?{}@b', 0, 16)).toBe(14)
    expect(isToken('INVITE')).toBe(true)
    expect(isToken('')).toBe(false)
    expect(isToken('a b')).toBe(false)
  })

  it('skips LWS', () => {
    expect(skipWs(' \t x', 0, 4)).toBe(3)
    expect(skipWs('x', 0, 1)).toBe(0)
  })

  it('quoted strings with quoted-pairs', () => {
    const s = '"a\\"b\\\\c" rest'
    const e = scanQuoted(s, 0, s.length)
    expect(e).toBe(9)
    expect(unquote(s, 0, e)).toBe('a"b\\c')
    expect(unquote('"plain"', 0, 7)).toBe('plain')
    expect(failIndex(scanQuoted('"open', 0, 5))).toBe(0)
    expect(failIndex(scanQuoted('"a\u0001"', 0, 4))).toBe(2)
    expect(scanQuoted('"\\\u0000"', 0, 4)).toBe(4) // a quoted NUL is fine (RFC 4475 intmeth)
  })

  it('quote escapes what it must and never emits CR/LF', () => {
    expect(quote('plain text')).toBe('"plain text"')
    expect(quote('a"b\\c\u0000')).toBe('"a\\"b\\\\c\\\u0000"')
    expect(quote('a\r\nb')).toBe('"a  b"')
    const q = quote('x"\u0007\u007f\\')
    expect(unquote(q, 0, q.length)).toBe('x"\u0007\u007f\\')
  })

  it('generic params with SWS, flags, quoted and IPv6 values', () => {
    const s = ' ; tag = 1 ;lr;x="a;b";maddr=[2001:db8::1] rest'
    const out: Array<Param> = []
    const e = scanParams(s, 0, s.length, out)
    expect(out).toEqual([{ name: 'tag', value: '1' }, { name: 'lr' }, { name: 'x', value: '"a;b"' }, { name: 'maddr', value: '[2001:db8::1]' }])
    expect(s.slice(e)).toBe('rest')
    expect(formatParams(out)).toBe(';tag=1;lr;x="a;b";maddr=[2001:db8::1]')
    expect(findParam(out, 'TAG')).toEqual({ name: 'tag', value: '1' })
    expect(failIndex(scanParams(';;', 0, 2, []))).toBe(1)
    expect(failIndex(scanParams(';a=', 0, 3, []))).toBe(3)
    expect(failIndex(scanParams(';a="x', 0, 5, []))).toBe(3)
  })

  it('digits with leading zeros and a maximum', () => {
    expect(parseDigits('0009', 0, 4, 10)).toBe(9)
    expect(parseDigits('11', 0, 2, 10)).toBe(-2)
    expect(parseDigits('1x', 0, 2, 10)).toBe(-1)
    expect(parseDigits('', 0, 0, 10)).toBe(-1)
    expect(parseDigits('9'.repeat(400), 0, 400, 0xffffffff)).toBe(-2)
  })

  it('case-insensitive compare', () => {
    expect(eqIgnoreCase('Branch', 'bRANCH')).toBe(true)
    expect(eqIgnoreCase('a', 'b')).toBe(false)
    expect(eqIgnoreCase('@', '`')).toBe(false)
  })
})
