import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { memoryIo } from './memory-io.ts'
import { parseCommand } from './parse-command.ts'

const options = 'OPTIONS sip:bob@example.com SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\ni: x@h\r\nl: 0\r\n\r\n'

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
