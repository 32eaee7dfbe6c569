import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { codecs } from './codecs/index.ts'
import { headerValue, headerValues } from './headers.ts'
import type { HeaderField } from './types.ts'

const msgOf = (name: string, key: string, values: ReadonlyArray<string>): { headers: ReadonlyArray<HeaderField> } => ({
  headers: values.map((value) => ({ name, key, value })),
})

/** Decoding without any memo: the codec itself, list elements split as the RFC says. */
const fresh = (value: string) => codecs.from.parse(value)

describe('header decoding through the recent-decodings memo', () => {
  const texts = [
    'Alice <sip:alice@example.com>;tag=1',
    '<sip:bob@example.com>;tag=2',
    'sip:carol@example.com;tag=3',
    '"Dave" <sip:dave@[::1]:5070>;tag=4',
    'not a name-addr <',
    '<sip:eve@example.com>;tag=5',
    '<sip:frank@example.com>;tag=6',
    '<sip:grace@example.com>;tag=7',
    '<sip:heidi@example.com>;tag=8',
    '<sip:ivan@example.com>;tag=9',
  ]

  it('gives what a fresh decoding gives, also after more texts than it remembers', () => {
    for (let round = 0; round < 3; round++) {
      for (const text of texts) {
        const got = headerValue(msgOf('From', 'from', [text]), codecs.from)
        const want = fresh(text)
        if (E.isRight(want)) expect(got).toEqual(E.right(want.right))
        else expect(E.isLeft(got) && got.left.reason).toBe(`From: ${want.left.reason}`)
      }
    }
  })

  it('reports an error at its position in every field, remembered or not', () => {
    const bad = 'not a name-addr <'
    const first = headerValue(msgOf('From', 'from', [bad]), codecs.from)
    const again = headerValue(msgOf('From', 'from', [bad]), codecs.from)
    expect(E.isLeft(first)).toBe(true)
    expect(again).toEqual(first)
  })

  test.prop([fc.array(fc.constantFrom(...texts), { minLength: 1, maxLength: 40 })])('any sequence of reads equals fresh decodings', (seq) => {
    for (const text of seq) {
      const got = headerValue(msgOf('From', 'from', [text]), codecs.from)
      const want = fresh(text)
      expect(E.isRight(got)).toBe(E.isRight(want))
      if (E.isRight(got) && E.isRight(want)) expect(got.right).toEqual(want.right)
    }
  })

  it('list headers: a single value with blanks around it decodes like its trimmed self; errors keep their column', () => {
    const one = headerValues(msgOf('Via', 'via', ['  SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1  ']), codecs.via)
    const two = headerValues(msgOf('Via', 'via', ['SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1']), codecs.via)
    expect(one).toEqual(two)
    const bad = headerValues(msgOf('Via', 'via', ['  SIP/2.0/UDP ;branch=z9hG4bK1']), codecs.via)
    const badTrimmed = headerValues(msgOf('Via', 'via', ['SIP/2.0/UDP ;branch=z9hG4bK1']), codecs.via)
    expect(E.isLeft(bad) && E.isLeft(badTrimmed)).toBe(true)
    if (E.isLeft(bad) && E.isLeft(badTrimmed)) expect(bad.left.at.column).toBe(badTrimmed.left.at.column + 2)
  })
})
