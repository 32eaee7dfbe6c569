import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeWithTail } from './slab-encoder.ts'

const plain = (text: string, tail: Uint8Array): Uint8Array => {
  const head = new TextEncoder().encode(text)
  const out = new Uint8Array(head.length + tail.length)
  out.set(head, 0)
  out.set(tail, head.length)
  return out
}

describe('encodeWithTail', () => {
  it('gives the bytes TextEncoder gives, then the tail', () => {
    const tail = new TextEncoder().encode('v=0\r\n')
    expect(encodeWithTail('INVITE sip:bob@example.com SIP/2.0\r\n\r\n', tail)).toEqual(plain('INVITE sip:bob@example.com SIP/2.0\r\n\r\n', tail))
    // Multi-byte characters and a lone surrogate (encoded as U+FFFD, as TextEncoder does).
    expect(encodeWithTail('J\u00f6rg \u2603 \ud83d\ude00 \ud800', new Uint8Array())).toEqual(plain('J\u00f6rg \u2603 \ud83d\ude00 \ud800', new Uint8Array()))
  })

  it('never changes bytes it handed out, across slabs and for any text', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 3000 }), fc.uint8Array({ maxLength: 700 })), { maxLength: 40 }), (messages) => {
        const given = messages.map(([text, tail]) => encodeWithTail(text, tail))
        // Every earlier result is still what it was when it was handed out.
        given.forEach((bytes, i) => expect(bytes).toEqual(plain(messages[i]![0], messages[i]![1])))
      }),
      { numRuns: 200 },
    )
  })

  it('gives a large message a buffer of its own', () => {
    const big = 'x'.repeat(20_000)
    const bytes = encodeWithTail(big, new Uint8Array([1, 2]))
    expect(bytes.byteOffset).toBe(0)
    expect(bytes.buffer.byteLength).toBe(20_002)
    expect(bytes[20_001]).toBe(2)
  })
})
