/**
 * Classic libpcap export (Ethernet / IPv4 / UDP) of a trace, timestamps from the
 * virtual clock, one IPv4 address per node. Wireshark and tshark read it as SIP.
 * TCP packets are left out (a faithful TCP stream would need handshakes and
 * sequence numbers).
 */
import type { HostPort, Millis } from '../core/ua/io.ts'
import { inetChecksum, onesComplementSum } from './inet-checksum.ts'
import { payloadBytes } from './payload.ts'
import type { Trace } from './trace.ts'
import type { SendStep } from './trace-step.ts'

export interface PcapPacket {
  readonly at: Millis
  readonly source: HostPort
  readonly destination: HostPort
  readonly data: Uint8Array
}

const ipv4 = (address: string): ReadonlyArray<number> | undefined => {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address)
  if (m === null) return undefined
  const parts = m.slice(1).map(Number)
  return parts.every((p) => p <= 255) ? parts : undefined
}

/** Maps every address to an IPv4 address: dotted quads as they are, others to 198.18.x.y (RFC 2544 test range). */
const addressBook = (): ((address: string) => ReadonlyArray<number>) => {
  const assigned = new Map<string, ReadonlyArray<number>>()
  return (address) => {
    const direct = ipv4(address)
    if (direct !== undefined) return direct
    const known = assigned.get(address)
    if (known !== undefined) return known
    const n = assigned.size + 1
    const made = [198, 18, (n >> 8) & 0xff, n & 0xff]
    assigned.set(address, made)
    return made
  }
}

const mac = (ip: ReadonlyArray<number>): ReadonlyArray<number> => [0x02, 0x00, ...ip]

const u16 = (v: DataView, at: number, x: number): void => v.setUint16(at, x & 0xffff, false)

/** One Ethernet frame carrying an IPv4/UDP datagram, with correct IPv4 and UDP checksums. */
const frame = (
  src: ReadonlyArray<number>,
  dst: ReadonlyArray<number>,
  srcPort: number,
  dstPort: number,
  payload: Uint8Array,
  id: number,
): Uint8Array => {
  const udpLength = 8 + payload.length
  const ipLength = 20 + udpLength
  const out = new Uint8Array(14 + ipLength)
  const v = new DataView(out.buffer)
  out.set(mac(dst), 0)
  out.set(mac(src), 6)
  u16(v, 12, 0x0800)
  const ip = 14
  out[ip] = 0x45
  u16(v, ip + 2, ipLength)
  u16(v, ip + 4, id)
  u16(v, ip + 6, 0x4000) // don't fragment
  out[ip + 8] = 64
  out[ip + 9] = 17
  out.set(src, ip + 12)
  out.set(dst, ip + 16)
  u16(v, ip + 10, inetChecksum(out.subarray(ip, ip + 20)))
  const udp = ip + 20
  u16(v, udp, srcPort)
  u16(v, udp + 2, dstPort)
  u16(v, udp + 4, udpLength)
  out.set(payload, udp + 8)
  const pseudo = new Uint8Array(12)
  pseudo.set(src, 0)
  pseudo.set(dst, 4)
  pseudo[9] = 17
  new DataView(pseudo.buffer).setUint16(10, udpLength, false)
  const sum = inetChecksum(out.subarray(udp, udp + udpLength), onesComplementSum(pseudo))
  u16(v, udp + 6, sum === 0 ? 0xffff : sum)
  return out
}

export interface PcapWriteOptions {
  /** Wall-clock time of virtual time 0, in ms since the epoch (default 0). */
  readonly epochMs?: number
}

/** A classic pcap file (microsecond timestamps, LINKTYPE_ETHERNET) of UDP packets. */
export const writePcap = (packets: ReadonlyArray<PcapPacket>, options: PcapWriteOptions = {}): Uint8Array => {
  const book = addressBook()
  const epoch = options.epochMs ?? 0
  const frames = packets.map((p, i) =>
    frame(book(p.source.address), book(p.destination.address), p.source.port, p.destination.port, p.data, (i + 1) & 0xffff),
  )
  const size = 24 + frames.reduce((n, f) => n + 16 + f.length, 0)
  const out = new Uint8Array(size)
  const v = new DataView(out.buffer)
  v.setUint32(0, 0xa1b2c3d4, true)
  v.setUint16(4, 2, true)
  v.setUint16(6, 4, true)
  v.setUint32(16, 262_144, true) // snaplen
  v.setUint32(20, 1, true) // LINKTYPE_ETHERNET
  let at = 24
  frames.forEach((f, i) => {
    const micros = Math.round(((packets[i]?.at ?? 0) + epoch) * 1000)
    v.setUint32(at, Math.floor(micros / 1_000_000), true)
    v.setUint32(at + 4, micros % 1_000_000, true)
    v.setUint32(at + 8, f.length, true)
    v.setUint32(at + 12, f.length, true)
    out.set(f, at + 16)
    at += 16 + f.length
  })
  return out
}

export interface TracePcapOptions extends PcapWriteOptions {
  /**
   * `sender` (default): every packet once, when sent (lost ones included).
   * `receiver`: every copy that arrived, when it arrived.
   */
  readonly capturePoint?: 'sender' | 'receiver'
}

/** The UDP packets of a trace as pcap. */
export const tracePackets = (trace: Trace, capturePoint: 'sender' | 'receiver' = 'sender'): ReadonlyArray<PcapPacket> => {
  const sends = new Map<number, SendStep>()
  const out: PcapPacket[] = []
  for (const s of trace.steps) {
    if (s.type === 'send') {
      sends.set(s.packet, s)
      if (capturePoint === 'sender' && s.transport === 'udp')
        out.push({ at: s.at, source: s.source, destination: s.destination, data: payloadBytes(s.payload) })
    } else if (s.type === 'deliver' && capturePoint === 'receiver') {
      const sent = sends.get(s.packet)
      if (sent !== undefined && sent.transport === 'udp')
        out.push({ at: s.at, source: sent.source, destination: sent.destination, data: payloadBytes(sent.payload) })
    }
  }
  return out
}

export const tracePcap = (trace: Trace, options: TracePcapOptions = {}): Uint8Array =>
  writePcap(tracePackets(trace, options.capturePoint), options)
