import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseMessage } from './parse.ts'
import { shiftPosition } from './position.ts'
import { emptyFramer, pushBytes, pushFrames, pushFramesAt, type StreamFramer } from './stream.ts'
import type { ParseError, Position } from './types.ts'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const msg = (body: string) => `MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`

/** Line and column (1-based) of byte `offset` of an ASCII `text`, counted by hand. */
const where = (text: string, offset: number): Position => {
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: before[before.length - 1]!.length + 1, offset }
}

/** The one error of a stream fed whole, and fed one byte at a time (the same either way). */
const errorOf = (text: string): ParseError => {
  const errors = (chunks: ReadonlyArray<string>) => feed(chunks)[1].flatMap((r) => (E.isLeft(r) ? [r.left] : []))
  const whole = errors([text])
  expect(whole).toHaveLength(1)
  const { kind, reason, at, headers } = whole[0]!
  expect(errors([...text]).map((e) => [e.kind, e.reason, e.at, e.headers?.map((h) => h.at)])).toEqual([[kind, reason, at, headers?.map((h) => h.at)]])
  return whole[0]!
}

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

describe('stream positions: line, column and offset in the stream, not in one message', () => {
  const first = msg('hello') // its body does not end a line
  const second = 'OPTIONS sip:a@b SIP/2.0\r\nCall-ID: y\r\nContent-Length: 0\r\n\r\n'

  it('a missing Content-Length is reported where its message starts, mid-line after a body', () => {
    const text = '\r\n' + first + second + 'OPTIONS sip:a@b SIP/2.0\r\nCall-ID: z\r\n\r\n'
    const e = errorOf(text)
    expect(e.reason).toMatch(/Content-Length is required/)
    // Line 1 is the keep-alive, the first message spans lines 2–5 and its body "hello"
    // starts line 6, where the second message goes on at column 6 (to line 9).
    expect(e.at).toEqual({ line: 10, column: 1, offset: 2 + first.length + second.length })
    // The failed framer stays at the message that failed, however the bytes came (more are ignored).
    for (const chunks of [[text], [...text], [text, second]]) expect(feed(chunks)[0].origin).toEqual(e.at)
    const mid = errorOf(first + 'OPTIONS sip:a@b SIP/2.0\r\n\r\n')
    expect(mid.at).toEqual({ line: 5, column: 6, offset: first.length })
  })

  it('a malformed header line in a later message is at its line of the stream', () => {
    const bad = 'OPTIONS sip:a@b SIP/2.0\r\nCall-ID: z\r\nFoobar roobar\r\nContent-Length: 0\r\n\r\n'
    const text = first + '\r\n' + second + bad
    const e = errorOf(text)
    expect(e.kind).toBe('header')
    expect(e.at).toEqual(where(text, text.indexOf('roobar')))
    expect(e.at.line).toBe(12)
    // The fields split before the fault, kept for a 400, are placed in the stream too.
    expect(e.headers?.map((h) => h.at)).toEqual([where(text, text.indexOf('z\r\n'))])
  })

  it('a start line that does not parse is at its line of the stream (the stream goes on)', () => {
    const text = second + 'OPTIONS  sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n' + second
    const e = errorOf(text)
    expect([e.kind, e.at]).toEqual(['start-line', where(text, second.length + 8)])
    expect(feed([text])[1].filter(E.isRight)).toHaveLength(2)
  })

  it('a Content-Length over the size limit is reported at its value', () => {
    const text = second + 'MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 70000\r\n\r\n'
    const e = errorOf(text)
    expect([e.kind, e.at]).toEqual(['limit', where(text, text.indexOf('70000'))])
  })

  it('an over-long header section is reported where its message starts', () => {
    const text = second + second + 'OPTIONS sip:a@b SIP/2.0\r\n' + 'X: 1\r\n'.repeat(12_000)
    const [f, out] = feed([text])
    expect(f.failed).toBe(true)
    expect(out.filter(E.isLeft).map((r) => r.left.at)).toEqual([where(text, 2 * second.length)])
  })

  it('header positions of framed messages are the stream\'s, and the remainder\'s origin follows', () => {
    const text = first + second + 'OPTIONS sip:a@b'
    for (const chunks of [[text], [...text]]) {
      const [f, out] = feed(chunks)
      const m = out[1]!
      expect(E.isRight(m) && m.right.headers.map((h) => h.at)).toEqual([
        where(text, text.indexOf('y\r\n')),
        where(text, text.lastIndexOf(': 0') + 2),
      ])
      expect(f.origin).toEqual(where(text, first.length + second.length))
    }
  })

  it('pushFramesAt: each frame\'s start, to move the positions of its own parse into the stream', () => {
    const bad = 'OPTIONS  sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n'
    const text = first + '\r\n\r\n' + second + bad // the framer frames it; parsing it finds the fault
    const [, out] = pushFramesAt(emptyFramer, enc(text))
    const frames = out.flatMap((r) => (E.isRight(r) ? [r.right] : []))
    expect(frames.map((f) => f.at)).toEqual([where(text, 0), where(text, first.length + 4), where(text, text.indexOf(bad))])
    const last = frames[2]!
    const e = parseMessage(last.bytes)
    expect(E.isLeft(e) && shiftPosition(e.left.at, last.at)).toEqual(where(text, text.indexOf(bad) + 8))
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
