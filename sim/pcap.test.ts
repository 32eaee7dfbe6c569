/**
 * pcap export and import. The tshark test needs Debian's `tshark` (CI installs it;
 * it does not skip): every frame must decode as SIP, none malformed.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { FaultPlan } from './fault-plan.ts'
import { inetChecksum } from './inet-checksum.ts'
import { payloadBytes } from './payload.ts'
import { tracePackets, tracePcap, writePcap } from './pcap-export.ts'
import { readPcap } from './pcap-import.ts'
import { runScenario } from './run.ts'
import { swarmFaults } from './swarm-faults.ts'
import { toyFactory } from './testing/toy-node.ts'
import { toyTriangle } from './testing/toy-scenarios.ts'

const faults: FaultPlan = { ...swarmFaults(5, ['alice', 'bob', 'carol']), healAt: 3000 }
const { trace } = runScenario(toyTriangle, faults, toyFactory)
const sends = trace.steps.filter((s) => s.type === 'send')

describe('pcap export', () => {
  const pcap = tracePcap(trace)
  const view = new DataView(pcap.buffer)

  it('writes a classic little-endian pcap header for Ethernet', () => {
    expect(view.getUint32(0, true)).toBe(0xa1b2c3d4)
    expect([view.getUint16(4, true), view.getUint16(6, true)]).toEqual([2, 4])
    expect(view.getUint32(20, true)).toBe(1)
  })

  it('gives every frame a correct IPv4 header checksum and the virtual time', () => {
    let at = 24
    let n = 0
    while (at < pcap.length) {
      const sec = view.getUint32(at, true)
      const usec = view.getUint32(at + 4, true)
      const len = view.getUint32(at + 8, true)
      const ip = pcap.subarray(at + 16 + 14, at + 16 + 34)
      expect(inetChecksum(ip)).toBe(0) // a header with a correct checksum sums to 0xffff
      expect(sec * 1000 + usec / 1000).toBe(sends[n]?.at)
      at += 16 + len
      n++
    }
    expect(n).toBe(sends.length)
  })

  it('reads back the same SIP packets, addresses and times', () => {
    const back = readPcap(pcap)
    if (E.isLeft(back)) throw new Error(back.left)
    expect(back.right.map((p) => [p.at, p.source, p.destination, new TextDecoder().decode(p.data)])).toEqual(
      sends.map((s) => [s.at, s.source, s.destination, new TextDecoder().decode(payloadBytes(s.payload))]),
    )
  })

  it('captures at the receiver: every copy that arrived, when it arrived', () => {
    const delivered = trace.steps.filter((s) => s.type === 'deliver').map((s) => s.at)
    expect(tracePackets(trace, 'receiver').map((p) => p.at)).toEqual(delivered)
  })

  it('maps names that are not IPv4 addresses to addresses of their own', () => {
    const pcap2 = writePcap([
      { at: 1, source: { address: 'alice.example', port: 5060 }, destination: { address: 'bob.example', port: 5062 }, data: new TextEncoder().encode('OPTIONS sip:b SIP/2.0\r\n\r\n') },
    ])
    const back = readPcap(pcap2)
    expect(E.isRight(back) && back.right.map((p) => [p.source.address, p.destination.address])).toEqual([['198.18.0.1', '198.18.0.2']])
  })

  it('rejects what it cannot read, readably', () => {
    expect(readPcap(new Uint8Array(10))).toEqual(E.left('not a pcap file: shorter than its 24-byte header'))
    const ng = new Uint8Array(32)
    new DataView(ng.buffer).setUint32(0, 0x0a0d0d0a, true)
    expect(readPcap(ng)).toEqual(E.left('pcapng is not supported: save as classic pcap (editcap -F pcap)'))
    expect(readPcap(pcap.subarray(0, pcap.length - 3))).toEqual(E.left(`frame ${sends.length} is truncated (file cut short?)`))
  })

  it('decodes in tshark as SIP in every frame, none malformed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sipxfer-pcap-'))
    try {
      const file = join(dir, 'trace.pcap')
      writeFileSync(file, pcap)
      const tshark = (filter: string): ReadonlyArray<string> =>
        execFileSync('tshark', ['-n', '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-r', file, '-Y', filter, '-T', 'fields', '-e', 'frame.number', '-e', 'sip.Call-ID', '-e', 'ip.checksum.status', '-e', 'udp.checksum.status'], {
          encoding: 'utf8',
          timeout: 30_000,
          stdio: ['ignore', 'pipe', 'pipe'],
        })
          .split('\n')
          .filter((l) => l !== '')
      const sip = tshark('sip')
      expect(sip.length).toBe(sends.length)
      // Call-ID present; IPv4 and UDP checksums validated by tshark as good (status 1).
      expect(sip.every((l) => /^\d+\t\S+@10\.0\.0\.\d\t1\t1$/.test(l))).toBe(true)
      expect(tshark('_ws.malformed')).toEqual([])
      expect(tshark('_ws.expert.severity >= warning')).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
