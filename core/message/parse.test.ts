import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { defaultLimits, parseMessage } from './parse.ts'
import { serializeMessage } from './serialize.ts'
import type { SipMessage } from './types.ts'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const ok = (s: string | Uint8Array): SipMessage => {
  const r = parseMessage(typeof s === 'string' ? enc(s) : s)
  if (E.isLeft(r)) throw new Error(`${r.left.reason} at ${r.left.at.line}:${r.left.at.column}`)
  return r.right
}
const err = (s: string) => {
  const r = parseMessage(enc(s))
  if (E.isRight(r)) throw new Error('expected a parse error')
  return r.left
}

const invite = [
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@biloxi.example.com>',
  'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@pc33.atlanta.example.com>',
  'Content-Type: application/sdp',
  'Content-Length: 4',
  '',
  'v=0\n',
].join('\r\n')

describe('parseMessage (RFC 3261 §7)', () => {
  it('parses a request: start line, headers in order, body framed by Content-Length', () => {
    const m = ok(invite)
    expect(m.type).toBe('request')
    if (m.type !== 'request') return
    expect([m.method, m.uri, m.version]).toEqual(['INVITE', 'sip:bob@biloxi.example.com', 'SIP/2.0'])
    expect(m.headers.map((h) => h.name)).toEqual(['Via', 'Max-Forwards', 'To', 'From', 'Call-ID', 'CSeq', 'Contact', 'Content-Type', 'Content-Length'])
    expect(new TextDecoder().decode(m.body)).toBe('v=0\n')
    expect(m.headers[3]?.at).toEqual({ line: 5, column: 7, offset: invite.indexOf('Alice') })
  })

  it('parses a response, with an empty reason phrase (RFC 4475 noreason)', () => {
    const m = ok('SIP/2.0 100 \r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n')
    expect(m.type === 'response' && [m.status, m.reason]).toEqual([100, ''])
  })

  it('unfolds continuation lines and expands compact names', () => {
    const m = ok('OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h\r\n ;branch=z9hG4bK1\r\nSubject:\r\n\tfolded\r\n  twice\r\nl: 0\r\n\r\n')
    expect(m.headers.map((h) => [h.name, h.key, h.value])).toEqual([
      ['Via', 'via', 'SIP/2.0/UDP h ;branch=z9hG4bK1'],
      ['Subject', 'subject', 'folded twice'],
      ['Content-Length', 'content-length', '0'],
    ])
  })

  it('places a value that starts past a fold on its own line', () => {
    const text = 'OPTIONS sip:a@b SIP/2.0\r\nSubject:\r\n\tfolded\r\n  twice\r\nX: a\r\n b\r\nl: 0\r\n\r\n'
    const m = ok(text)
    expect(m.headers.map((h) => h.at)).toEqual([
      { line: 3, column: 2, offset: text.indexOf('folded') },
      { line: 5, column: 4, offset: text.indexOf('a\r\n b') },
      { line: 7, column: 4, offset: text.lastIndexOf('0\r\n') },
    ])
  })

  it('counts a bare LF inside a header line as a line of its own in positions', () => {
    const text = 'OPTIONS sip:a@b SIP/2.0\r\nX: a\nb\r\nCall-ID: x\r\nl: 0\r\n\r\n'
    const m = ok(text)
    expect(m.headers.map((h) => [h.value, h.at])).toEqual([
      ['a\nb', { line: 2, column: 4, offset: text.indexOf('a\nb') }],
      ['x', { line: 4, column: 10, offset: text.indexOf('x\r\n') }],
      ['0', { line: 5, column: 4, offset: text.lastIndexOf('0\r\n') }],
    ])
  })

  it('keeps unknown headers verbatim and in order, names case-insensitive', () => {
    const m = ok('OPTIONS sip:a@b SIP/2.0\r\nX-B: 2\r\nMaX-fOrWaRdS: 0068\r\nx-a: ;;,,;;,;\r\nl: 0\r\n\r\n')
    expect(m.headers.map((h) => [h.name, h.value])).toEqual([['X-B', '2'], ['Max-Forwards', '0068'], ['x-a', ';;,,;;,;'], ['Content-Length', '0']])
  })

  it('keeps a U+FEFF that starts a header value (UTF-8 decoding never drops it as a byte-order mark)', () => {
    const m = ok('OPTIONS sip:a@b SIP/2.0\r\nX-B: \uFEFF2\r\nl: 0\r\n\r\n')
    expect(m.headers[0]?.value).toBe('\uFEFF2')
  })

  it('ignores bytes after the body in a datagram (RFC 4475 dblreq)', () => {
    const m = ok('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\nINVITE sip:x SIP/2.0\r\n\r\n')
    expect(m.body.length).toBe(0)
  })

  it('takes the rest of the datagram as body when Content-Length is absent (RFC 3261 §18.3)', () => {
    const m = ok('OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n\r\nhello')
    expect(new TextDecoder().decode(m.body)).toBe('hello')
  })

  it('rejects framing errors: too large, negative, non-numeric, repeated Content-Length', () => {
    expect(err('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 9999\r\n\r\nabc').kind).toBe('framing')
    expect(err('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: -999\r\n\r\n').kind).toBe('framing')
    expect(err('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: five\r\n\r\n').kind).toBe('framing')
    expect(err('OPTIONS sip:a@b SIP/2.0\r\nl: 1\r\nContent-Length: 1\r\n\r\nab').kind).toBe('framing')
    expect(err('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\n').reason).toMatch(/empty line/)
  })

  it('rejects malformed start lines with the position of the fault', () => {
    const twoSp = err('INVITE  sip:a@b SIP/2.0\r\nl: 0\r\n\r\n')
    expect([twoSp.kind, twoSp.at.line, twoSp.at.column, twoSp.request]).toEqual(['start-line', 1, 8, true])
    expect(err('INVITE sip:a@b SIP/2.0  \r\nl: 0\r\n\r\n').kind).toBe('start-line')
    expect(err('INVITE <sip:a@b> SIP/2.0\r\nl: 0\r\n\r\n').kind).toBe('start-line')
    expect(err('INVITE sip:a@b; lr SIP/2.0\r\nl: 0\r\n\r\n').kind).toBe('start-line')
    expect(err('SIP/2.0 4294967301 better not break\r\nl: 0\r\n\r\n').kind).toBe('start-line')
    expect(err('SIP/2.0 099 Low\r\nl: 0\r\n\r\n').kind).toBe('start-line')
    expect(err('INVITE sip:a@b HTTP/1.1\r\nl: 0\r\n\r\n').kind).toBe('start-line')
  })

  it('keeps the headers of a request whose start line is bad, so a UA can answer 400', () => {
    const e = err('INVITE  sip:a@b SIP/2.0\r\nCall-ID: x\r\nl: 0\r\n\r\n')
    expect(e.headers?.map((h) => h.name)).toEqual(['Call-ID', 'Content-Length'])
  })

  it('rejects a header line without a colon, at its line', () => {
    const e = err('OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\nFoobar roobar\r\n\r\n')
    expect([e.kind, e.at.line, e.at.column]).toEqual(['header', 3, 8])
  })

  it('enforces limits', () => {
    const many = 'OPTIONS sip:a@b SIP/2.0\r\n' + 'X: 1\r\n'.repeat(300) + '\r\n'
    expect(err(many).kind).toBe('limit')
    const r = parseMessage(enc(invite), { maxMessageBytes: 100, maxHeaders: 256, maxLineLength: 1000 })
    expect(E.isLeft(r) && r.left.kind).toBe('limit')
  })

  it('rejects a line longer than maxLineLength, at the start of that line (header line and start line)', () => {
    const head = 'OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n'
    // Default limit: a header line of exactly 16,384 characters passes, one more does not.
    const line = (length: number) => 'X-Long: ' + 'a'.repeat(length - 'X-Long: '.length)
    expect(defaultLimits.maxLineLength).toBe(16_384)
    ok(head + line(16_384) + '\r\nl: 0\r\n\r\n')
    const long = err(head + line(16_385) + '\r\nl: 0\r\n\r\n')
    expect(long.kind).toBe('limit')
    expect(long.reason).toBe('header line longer than 16384')
    expect(long.at).toEqual({ line: 3, column: 1, offset: head.length })
    // A configured limit, on the start line.
    const limits = { ...defaultLimits, maxLineLength: 23 }
    const at = (s: string) => {
      const r = parseMessage(enc(s), limits)
      return E.isLeft(r) ? [r.left.kind, r.left.reason, r.left.at] : 'parsed'
    }
    expect(at('OPTIONS sip:a@b SIP/2.0\r\nl: 0\r\n\r\n')).toBe('parsed') // 23 characters
    expect(at('OPTIONS sip:ab@c SIP/2.0\r\nl: 0\r\n\r\n')).toEqual(['limit', 'start line longer than 23', { line: 1, column: 1, offset: 0 }])
    // After leading CRLFs (skipped, RFC 3261 §7.5) the position still names the line.
    expect(at('\r\n\r\nOPTIONS sip:ab@c SIP/2.0\r\nl: 0\r\n\r\n')).toEqual(['limit', 'start line longer than 23', { line: 3, column: 1, offset: 4 }])
    // The limit counts bytes (é is two): 22 characters in 23 bytes pass, 23 in 24 do not.
    expect(at('OPTIONS sip:éa SIP/2.0\r\nl: 0\r\n\r\n')).toBe('parsed')
    expect(at('OPTIONS sip:éab SIP/2.0\r\nl: 0\r\n\r\n')).toEqual(['limit', 'start line longer than 23', { line: 1, column: 1, offset: 0 }])
  })

  it('decodes a UTF-8 start line (Reason-Phrase, RFC 3261 §25.1), with byte positions for its errors', () => {
    const m = ok('SIP/2.0 200 Très bien\r\nl: 0\r\n\r\n')
    expect(m.type === 'response' && m.reason).toBe('Très bien')
    // "é" is two bytes: the second SP is at byte 15, column 16 (character 14).
    const e = err('MESSAGE sip:é  SIP/2.0\r\nl: 0\r\n\r\n')
    expect([e.reason, e.at]).toEqual(['whitespace inside the Request-URI or after the SIP version', { line: 1, column: 16, offset: 15 }])
  })

  it('skips CRLFs before the start line (RFC 3261 §7.5) and counts them as lines', () => {
    const m = ok('\r\n\r\nOPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nl: 0\r\n\r\n')
    expect(m.headers[0]?.at).toEqual({ line: 4, column: 10, offset: 38 })
  })

  it('decodes UTF-8 header values and keeps byte offsets', () => {
    const bytes = enc('MESSAGE sip:a@b SIP/2.0\r\nSubject: héllo\r\nTo: <sip:b@c>\r\nl: 0\r\n\r\n')
    const m = ok(bytes)
    expect(m.headers[0]?.value).toBe('héllo')
    expect(m.headers[1]?.at?.offset).toBe(bytes.indexOf(0x3c)) // '<' after the two-byte é
  })

  it('reads the same message whether the whole datagram is ASCII (fast path) or not', () => {
    // A leading CRLF and a non-ASCII body both take the general path.
    const fast = ok(invite)
    const slow = ok('\r\n' + invite)
    const body = ok(invite.slice(0, invite.indexOf('\r\n\r\n') + 4).replace('Content-Length: 4', 'Content-Length: 5') + 'é\x00\x01x')
    for (const m of [slow, body]) {
      // `source` differs in its offsets (and is absent where the value is not ASCII); readers.test.ts checks it.
      // The leading CRLF of `slow` is a line of its own.
      const shift = m === slow ? 1 : 0
      expect(m.headers.map(({ at, source: _, ...h }) => [h, at?.line, at?.column])).toEqual(
        fast.headers.map(({ at, source: _, ...h }) => [h.key === 'content-length' && m === body ? { ...h, value: '5' } : h, (at?.line ?? 0) + shift, at?.column]),
      )
    }
    expect(slow.headers[0]?.at?.offset).toBe((fast.headers[0]?.at?.offset ?? 0) + 2)
  })

  it('keeps a binary body byte for byte', () => {
    const head = enc('MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 6\r\n\r\n')
    const body = new Uint8Array([0, 13, 10, 255, 13, 0])
    const bytes = new Uint8Array(head.length + body.length)
    bytes.set(head)
    bytes.set(body, head.length)
    expect(ok(bytes).body).toEqual(body)
  })
})

describe('serializeMessage', () => {
  it('is a fixed point after one pass and round-trips the message', () => {
    const once = serializeMessage(ok(invite))
    expect(serializeMessage(ok(once))).toEqual(once)
    const strip = (m: SipMessage) => ({ ...m, headers: m.headers.map(({ at: _at, ...h }) => h) })
    expect(strip(ok(once))).toEqual(strip(ok(invite)))
  })
  it('writes compact names on request and adds a missing Content-Length', () => {
    const text = new TextDecoder().decode(serializeMessage(ok('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nVia: SIP/2.0/UDP h\r\n\r\nab'), { compact: true }))
    expect(text).toBe('OPTIONS sip:a@b SIP/2.0\r\ni: x\r\nv: SIP/2.0/UDP h\r\nl: 2\r\n\r\nab')
  })
})
