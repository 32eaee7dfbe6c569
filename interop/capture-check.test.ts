/**
 * The capture checks are not vacuous: on a pcap written by the project's own exporter, the
 * ladder reader names every message and the malformed check flags a broken SDP that tshark
 * rejects (an m= port beyond 65535), while a clean capture passes. Offline: no network.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, expect, it } from 'vitest'
import { writePcap, type PcapPacket } from '../sim/pcap-export.ts'
import { cleanTemp, ladder, lines, malformedFrames, requireTool, tempDir } from './testing/harness.ts'

beforeAll(() => requireTool('tshark'))
afterEach((ctx) => cleanTemp(ctx.task.result?.state === 'fail'))

const a = { address: '127.0.0.1', port: 41_000 }
const b = { address: '127.0.0.1', port: 41_002 }
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text.replace(/\n/g, '\r\n'))
const invite = (mediaPort: string): Uint8Array => {
  const sdp = `v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio ${mediaPort} RTP/AVP 0\n`
  return bytes(
    `INVITE sip:b@127.0.0.1:41002 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:41000;branch=z9hG4bKcheck1\nMax-Forwards: 70\n` +
      `From: <sip:a@127.0.0.1>;tag=1\nTo: <sip:b@127.0.0.1>\nCall-ID: check@127.0.0.1\nCSeq: 1 INVITE\n` +
      `Content-Type: application/sdp\nContent-Length: ${bytes(sdp).length}\n\n${sdp}`,
  )
}
const ok = bytes(`SIP/2.0 200 OK\nVia: SIP/2.0/UDP 127.0.0.1:41000;branch=z9hG4bKcheck1\nFrom: <sip:a@127.0.0.1>;tag=1\nTo: <sip:b@127.0.0.1>;tag=2\nCall-ID: check@127.0.0.1\nCSeq: 1 INVITE\nContent-Length: 0\n\n`)

const pcap = (name: string, packets: ReadonlyArray<PcapPacket>): string => {
  const file = join(tempDir(), name)
  writeFileSync(file, writePcap(packets))
  return file
}

it('reads the ladder and finds no malformed frame in a clean capture', () => {
  const file = pcap('clean.pcap', [
    { at: 0, source: a, destination: b, data: invite('40000') },
    { at: 1, source: b, destination: a, data: ok },
  ])
  expect(lines(ladder(file, { alice: a.port, bob: b.port }))).toEqual(['alice>bob INVITE', 'bob>alice 200/INVITE'])
  expect(malformedFrames(file, [a.port, b.port])).toEqual([])
})

it('flags a frame tshark finds malformed', () => {
  const file = pcap('broken.pcap', [{ at: 0, source: a, destination: b, data: invite('99999999999') }])
  expect(malformedFrames(file, [a.port, b.port])).toHaveLength(1)
})
