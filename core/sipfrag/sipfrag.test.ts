import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { formatSipFrag, parseSipFrag, statusFrag } from './sipfrag.ts'

const text = (b: Uint8Array): string => new TextDecoder().decode(b)

describe('message/sipfrag (RFC 3420)', () => {
  it('parses a bare status line, with or without CRLF', () => {
    for (const input of ['SIP/2.0 100 Trying\r\n', 'SIP/2.0 100 Trying']) {
      const r = parseSipFrag(input)
      expect(E.isRight(r) && r.right.startLine).toEqual({ type: 'response', version: 'SIP/2.0', status: 100, reason: 'Trying' })
    }
  })
  it('parses a status line with headers and a request line', () => {
    const r = parseSipFrag('SIP/2.0 603 Declined\r\nRetry-After: 30\r\n')
    expect(E.isRight(r) && r.right.headers.map((h) => [h.name, h.value])).toEqual([['Retry-After', '30']])
    const q = parseSipFrag('INVITE sip:bob@biloxi.example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n')
    expect(E.isRight(q) && q.right.startLine?.type).toBe('request')
  })
  it('parses a fragment with no start line', () => {
    const r = parseSipFrag('Contact: <sip:a@b>\r\n')
    expect(E.isRight(r) && r.right.startLine).toBeUndefined()
    expect(E.isRight(r) && r.right.headers[0]?.name).toBe('Contact')
  })
  it('gives positions in the fragment itself, with or without a start line', () => {
    const r = parseSipFrag('Contact: <sip:a@b>\r\nCSeq: 1 INVITE\r\n')
    expect(E.isRight(r) && r.right.headers.map((h) => h.at)).toEqual([
      { line: 1, column: 10, offset: 9 },
      { line: 2, column: 7, offset: 26 },
    ])
    const e = parseSipFrag('Contact: <sip:a@b>\r\nFoo bar\r\n')
    expect(E.isLeft(e) && [e.left.at, e.left.headers?.[0]?.at]).toEqual([{ line: 2, column: 5, offset: 24 }, { line: 1, column: 10, offset: 9 }])
    const s = parseSipFrag('SIP/2.0 200 OK\r\nContact: <sip:a@b>\r\n')
    expect(E.isRight(s) && s.right.headers[0]?.at).toEqual({ line: 2, column: 10, offset: 25 })
  })
  it('rejects a malformed status line with a position', () => {
    const r = parseSipFrag('SIP/2.0 2000 OK\r\n')
    expect(E.isLeft(r) && r.left.kind).toBe('body')
    expect(E.isLeft(r) && r.left.at.line).toBe(1)
  })
  it('formats canonically and round-trips', () => {
    const bytes = formatSipFrag(statusFrag(200, 'OK'))
    expect(text(bytes)).toBe('SIP/2.0 200 OK\r\n')
    const r = parseSipFrag(bytes)
    expect(E.isRight(r) && formatSipFrag(r.right)).toEqual(bytes)
  })
})
