import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { emptyFramer, pushBytes, pushFrames, type StreamFramer } from './stream.ts'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const msg = (body: string) => `MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`

const feed = (chunks: ReadonlyArray<string>) => {
  let f: StreamFramer = emptyFramer
  const out = []
  for (const c of chunks) {
    const [g, r] = pushBytes(f, enc(c))
    f = g
    out.push(...r)
  }
  return [f, out] as const
}

describe('stream framer (RFC 3261 §18.3)', () => {
  it('frames back-to-back messages split at every byte, skipping CRLF keep-alives', () => {
    const all = '\r\n\r\n' + msg('hello') + '\r\n' + msg('') + msg('x')
    const [f, out] = feed([...all])
    expect(out.map((r) => E.isRight(r) && new TextDecoder().decode(r.right.body))).toEqual(['hello', '', 'x'])
    expect(f.buffered.length).toBe(0)
  })
  it('keeps an incomplete message as the remainder', () => {
    const whole = msg('hello')
    const [f, out] = feed([whole.slice(0, whole.length - 2)])
    expect(out).toEqual([])
    expect(f.buffered.length).toBe(whole.length - 2)
  })
  it('requires Content-Length and fails the stream on framing errors', () => {
    const [f, out] = feed(['OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n', msg('a')])
    expect(out.length).toBe(1)
    expect(E.isLeft(out[0]!) && out[0].left.reason).toMatch(/required/)
    expect(f.failed).toBe(true)
    const [g] = feed(['OPTIONS sip:a@b SIP/2.0\r\nContent-Length: -1\r\n\r\n'])
    expect(g.failed).toBe(true)
  })
  it('fails on a header section larger than the limit instead of buffering forever', () => {
    let f: StreamFramer = emptyFramer
    let errors = 0
    for (let i = 0; i < 100 && !f.failed; i++) {
      const [g, r] = pushBytes(f, enc('X-Long: ' + 'a'.repeat(1000) + '\r\n'))
      f = g
      errors += r.filter(E.isLeft).length
    }
    expect(f.failed).toBe(true)
    expect(errors).toBe(1)
  })
})

describe('pushFrames', () => {
  it('gives the raw bytes of each message, split at any byte, the same as pushBytes frames them', () => {
    const a = msg('hello')
    const b = 'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;;,;,,\r\nContent-Length: 0\r\n\r\n' // frames, but its Via is malformed
    let f: StreamFramer = emptyFramer
    const frames: Array<string> = []
    for (const c of [...('\r\n' + a + b)]) {
      const [g, r] = pushFrames(f, enc(c))
      f = g
      for (const x of r) if (E.isRight(x)) frames.push(new TextDecoder().decode(x.right))
    }
    expect(frames).toEqual([a, b])
  })
  it('fails the stream on a framing error, as pushBytes does', () => {
    const [f, out] = pushFrames(emptyFramer, enc('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: -1\r\n\r\n'))
    expect(f.failed).toBe(true)
    expect(out.length === 1 && E.isLeft(out[0]!)).toBe(true)
  })
})
