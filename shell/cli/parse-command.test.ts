import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { memoryIo } from './memory-io.ts'
import { parseCommand } from './parse-command.ts'

const options = 'OPTIONS sip:bob@example.com SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\ni: x@h\r\nl: 0\r\n\r\n'
const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const join = (...parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0)
  return out
}
/** The body of a message: the bytes after the first CRLF CRLF. */
const bodyOf = (bytes: Uint8Array): Uint8Array => {
  for (let i = 0; i + 3 < bytes.length; i++) if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return bytes.subarray(i + 4)
  throw new Error('no end of headers')
}

describe('sipxfer parse', () => {
  it('prints JSON with canonical names, raw and typed values, exit 0', async () => {
    const io = memoryIo({ 'm.sip': options })
    expect(await parseCommand(['m.sip'], io)).toBe(0)
    const json = JSON.parse(io.out())
    expect(json.startLine).toEqual({ type: 'request', method: 'OPTIONS', uri: 'sip:bob@example.com', version: 'SIP/2.0' })
    expect(json.headers[0]).toMatchObject({ name: 'Via', raw: 'SIP/2.0/UDP h;branch=z9hG4bK1', value: [{ transport: 'UDP', host: 'h' }] })
    expect(json.headers[1]).toMatchObject({ name: 'Call-ID', value: 'x@h' })
  })
  it('prints the canonical serialization with --format sip, reading stdin', async () => {
    const io = memoryIo({}, new TextEncoder().encode(options))
    expect(await parseCommand(['-', '--format', 'sip'], io)).toBe(0)
    expect(io.out()).toBe('OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCall-ID: x@h\r\nContent-Length: 0\r\n\r\n')
  })
  it('reports FILE:LINE:COL: error: REASON and exits 1 on an invalid message', async () => {
    const io = memoryIo({ 'bad.sip': 'OPTIONS sip:bob@example.com SIP/2.0\r\nCSeq: x OPTIONS\r\nl: 0\r\n\r\n' })
    expect(await parseCommand(['bad.sip'], io)).toBe(1)
    expect(io.err()).toMatch(/^bad\.sip:2:7: error: CSeq: /)
  })
  it('frames TCP bytes with --stream (Content-Length required)', async () => {
    const io = memoryIo({ 's.sip': options + options })
    expect(await parseCommand(['s.sip', '--stream', '--format=sip'], io)).toBe(0)
    expect(io.out().split('OPTIONS').length - 1).toBe(2)
    const missing = memoryIo({ 's.sip': 'OPTIONS sip:b SIP/2.0\r\nCall-ID: x\r\n\r\n' })
    expect(await parseCommand(['s.sip', '--stream'], missing)).toBe(1)
    expect(missing.err()).toMatch(/Content-Length is required/)
  })
  it('--format sip writes a body that is not UTF-8 byte for byte', async () => {
    // A canonical message comes out exactly as it went in.
    const body = new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x0d, 0x0a, 0xe2, 0x82])
    const message = join(enc(`MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n\r\n`), body)
    for (const args of [['m.sip', '--format', 'sip'], ['m.sip', '--format', 'sip', '--stream']]) {
      const io = memoryIo({ 'm.sip': message })
      expect(await parseCommand(args, io)).toBe(0)
      expect(io.outBytes()).toEqual(message)
    }
    // RFC 4475 mpart01: a multipart body with binary parts (not UTF-8).
    const mpart = new Uint8Array(readFileSync(new URL('../../fixtures/rfc4475/mpart01.dat', import.meta.url)))
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bodyOf(mpart))).toThrow()
    const io = memoryIo({ 'mpart01.dat': mpart })
    expect(await parseCommand(['mpart01.dat', '--format=sip', '--compact'], io)).toBe(0)
    expect(bodyOf(io.outBytes())).toEqual(bodyOf(mpart))
  })
  it('--stream reports positions in the file: line, column, offset of the fault, not of one message', async () => {
    const run = async (text: string) => {
      const io = memoryIo({ 's.sip': text })
      expect(await parseCommand(['s.sip', '--stream'], io)).toBe(1)
      return io.err()
    }
    // options spans lines 1–5 (the empty line is 5); a keep-alive CRLF is line 6.
    const badCSeq = 'OPTIONS sip:bob@example.com SIP/2.0\r\nCall-ID: y\r\nCSeq: x OPTIONS\r\nl: 0\r\n\r\n'
    expect(await run(options + '\r\n' + badCSeq)).toMatch(/^s\.sip:9:7: error: CSeq: /)
    const badUri = 'OPTIONS sip:bob@[::1 SIP/2.0\r\nl: 0\r\n\r\n'
    expect(await run(options + options + badUri)).toMatch(/^s\.sip:11:\d+: error: Request-URI: /)
    // A header line without a colon stops the framer itself.
    expect(await run(options + options + 'OPTIONS sip:b SIP/2.0\r\nCall-ID: z\r\nFoobar roobar\r\n\r\n')).toMatch(/^s\.sip:13:8: error: expected ':'/)
    expect(await run(options + '\r\n\r\nOPTIONS sip:b SIP/2.0\r\nCall-ID: z\r\n\r\n')).toBe('s.sip:8:1: error: Content-Length is required on a stream transport\n')
    // The stream ends inside the third message: named where that message starts.
    expect(await run(options + options + 'OPTIONS sip:b SIP/2.0\r\nl: 10\r\n\r\nabc')).toBe('s.sip:11:1: error: stream ends inside a message (35 bytes left)\n')
  })
  it('--stream: a message that starts mid-line (after a body with no line end) is placed by column', async () => {
    const first = 'MESSAGE sip:a@b SIP/2.0\r\nl: 5\r\n\r\nhello'
    const io = memoryIo({ 's.sip': first + 'OPTIONS  sip:b SIP/2.0\r\nl: 0\r\n\r\n' })
    expect(await parseCommand(['s.sip', '--stream'], io)).toBe(1)
    // "hello" is line 4, columns 1–5; the second message starts at column 6, its second SP at column 14.
    expect(io.err()).toMatch(/^s\.sip:4:14: error: more than one SP/)
  })
  it('exits 2 on usage errors', async () => {
    expect(await parseCommand(['--format', 'xml', 'a'], memoryIo())).toBe(2)
    expect(await parseCommand(['--bogus'], memoryIo())).toBe(2)
    expect(await parseCommand(['missing.sip'], memoryIo())).toBe(2)
  })
  it('runs as the real `sipxfer` binary (built by npm test)', () => {
    const bin = new URL('../../bin/sipxfer.js', import.meta.url).pathname
    const ok = spawnSync(process.execPath, [bin, 'parse', '-', '--format', 'sip'], { input: options })
    expect(ok.status, ok.stderr.toString()).toBe(0)
    const bad = spawnSync(process.execPath, [bin, 'parse', new URL('../../fixtures/rfc4475/badinv01.dat', import.meta.url).pathname])
    expect(bad.status).toBe(1)
    expect(bad.stderr.toString()).toMatch(/badinv01\.dat:\d+:\d+: error: Via/)
    const usage = spawnSync(process.execPath, [bin, 'nonsense'])
    expect(usage.status).toBe(2)
  })
})
