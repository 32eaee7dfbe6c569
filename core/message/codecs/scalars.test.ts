import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { callId } from './call-id.ts'
import { cseq } from './cseq.ts'
import { contentLength, expires, maxForwards, minExpires } from './scalar.ts'

describe('CSeq (RFC 3261 §20.16)', () => {
  it('parses and formats', () => {
    expect(cseq.parse('4711 INVITE')).toEqual(E.right({ seq: 4711, method: 'INVITE' }))
    expect(cseq.format({ seq: 4711, method: 'INVITE' })).toBe('4711 INVITE')
    expect(cseq.parse('4294967295 ACK')).toEqual(E.right({ seq: 4294967295, method: 'ACK' }))
  })
  it('RFC 4475 wsinv: leading zeros and folding', () => {
    expect(cseq.parse('0009 INVITE')).toEqual(E.right({ seq: 9, method: 'INVITE' }))
    expect(cseq.parse('0009  \t INVITE ')).toEqual(E.right({ seq: 9, method: 'INVITE' }))
  })
  it("RFC 4475 intmeth: the method is any token", () => {
    expect(cseq.parse("139122385 !interesting-Method0123456789_*+`.%indeed'~")).toEqual(
      E.right({ seq: 139122385, method: "!interesting-Method0123456789_*+`.%indeed'~" }),
    )
  })
  it('RFC 4475 scalar02 / scalarlg: overlarge is an error', () => {
    expect(cseq.parse('36893488147419103232 REGISTER')).toEqual(E.left({ reason: expect.any(String), index: 0 }))
    expect(E.isLeft(cseq.parse('4294967296 INVITE'))).toBe(true)
  })
  it('other errors', () => {
    for (const v of ['', 'INVITE', '1', '1INVITE', '-1 INVITE', '1 INVITE x', '1 IN<VITE']) expect(E.isLeft(cseq.parse(v))).toBe(true)
  })
})

describe('Call-ID (RFC 3261 §20.8)', () => {
  it('word ["@" word], with the odd word characters of RFC 4475 intmeth', () => {
    for (const v of ['a84b4c76e66710@pc33.atlanta.example.com', 'esc01.239409asdfakjkn23onasd0-3234', 'intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{'])
      expect(callId.parse(v)).toEqual(E.right(v))
    expect(callId.format('abc@d')).toBe('abc@d')
  })
  it('errors', () => {
    for (const v of ['', 'a b', 'a@', '@b', 'a@b@c', 'a;b', 'a,b']) expect(E.isLeft(callId.parse(v))).toBe(true)
  })
})

describe('numeric headers', () => {
  it('Max-Forwards 0..255, leading zeros (RFC 4475 wsinv, zeromf, scalar02)', () => {
    expect(maxForwards.parse('0068')).toEqual(E.right(68))
    expect(maxForwards.parse('0')).toEqual(E.right(0))
    expect(maxForwards.parse('255')).toEqual(E.right(255))
    expect(E.isLeft(maxForwards.parse('300'))).toBe(true)
  })
  it('Content-Length (RFC 4475 ncl)', () => {
    expect(contentLength.parse('150')).toEqual(E.right(150))
    for (const v of ['-999', 'five', '', '1 2']) expect(E.isLeft(contentLength.parse(v))).toBe(true)
  })
  it('Expires / Min-Expires up to 2^32-1', () => {
    expect(expires.parse('4294967295')).toEqual(E.right(4294967295))
    expect(minExpires.parse('60')).toEqual(E.right(60))
    expect(E.isLeft(expires.parse('1' + '0'.repeat(100)))).toBe(true)
    expect(expires.format(3600)).toBe('3600')
  })
})
