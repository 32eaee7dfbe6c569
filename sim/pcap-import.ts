/**
 * Reads SIP over UDP back out of a classic pcap file (either byte order, micro- or
 * nanosecond timestamps; Ethernet with optional 802.1Q tags, Linux cooked capture,
 * or raw IP; IPv4 and IPv6). Used by `sipxfer check PCAP`. pcapng is not read.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { HostPort, Millis } from '../core/ua/io.ts'

export interface CapturedPacket {
  /** Frame number in the file, from 1. */
  readonly frame: number
  /** Capture time in ms since the epoch. */
  readonly at: Millis
  readonly transport: 'udp'
  readonly source: HostPort
  readonly destination: HostPort
  readonly data: Uint8Array
}

const LINKTYPE_ETHERNET = 1
const LINKTYPE_RAW = 101
const LINKTYPE_LINUX_SLL = 113
const LINKTYPE_IPV4 = 228
const LINKTYPE_IPV6 = 229

/** A SIP request or status line starts the payload (so malformed SIP still comes back). */
const looksLikeSip = (data: Uint8Array): boolean => {
  const head = new TextDecoder().decode(data.subarray(0, 256)).split(/\r?\n/, 1)[0] ?? ''
  return /^SIP\/2\.0 \d{3}/.test(head) || /^[A-Za-z]+ \S+ SIP\/2\.0$/.test(head)
}

/** RFC 5952 text: lower-case hex, the longest run (≥ 2) of zero groups as "::". */
const ipv6Text = (b: Uint8Array): string => {
  const groups: number[] = []
  for (let i = 0; i < 16; i += 2) groups.push(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0))
  let best = { start: -1, length: 0 }
  for (let i = 0; i < 8; ) {
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > best.length) best = { start: i, length: j - i }
    i = j === i ? i + 1 : j
  }
  const hex = groups.map((g) => g.toString(16))
  if (best.length < 2) return hex.join(':')
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`
}

/** The UDP payload and endpoints inside an IP packet, if it is one unfragmented UDP datagram. */
const udpOfIp = (ip: Uint8Array): { source: HostPort; destination: HostPort; data: Uint8Array } | undefined => {
  const version = (ip[0] ?? 0) >> 4
  let src: string
  let dst: string
  let udp: Uint8Array
  if (version === 4) {
    const ihl = ((ip[0] ?? 0) & 0x0f) * 4
    if ((ip[9] ?? 0) !== 17 || ip.length < ihl + 8) return undefined
    const fragment = (((ip[6] ?? 0) & 0x3f) << 8) | (ip[7] ?? 0)
    const more = ((ip[6] ?? 0) & 0x20) !== 0
    if (fragment !== 0 || more) return undefined
    const total = ((ip[2] ?? 0) << 8) | (ip[3] ?? 0)
    src = Array.from(ip.subarray(12, 16)).join('.')
    dst = Array.from(ip.subarray(16, 20)).join('.')
    udp = ip.subarray(ihl, Math.min(ip.length, total))
  } else if (version === 6) {
    if ((ip[6] ?? 0) !== 17 || ip.length < 48) return undefined
    src = ipv6Text(ip.subarray(8, 24))
    dst = ipv6Text(ip.subarray(24, 40))
    udp = ip.subarray(40)
  } else return undefined
  if (udp.length < 8) return undefined
  const length = ((udp[4] ?? 0) << 8) | (udp[5] ?? 0)
  return {
    source: { address: src, port: ((udp[0] ?? 0) << 8) | (udp[1] ?? 0) },
    destination: { address: dst, port: ((udp[2] ?? 0) << 8) | (udp[3] ?? 0) },
    data: udp.slice(8, Math.max(8, Math.min(udp.length, length))),
  }
}

const ipOfFrame = (linktype: number, f: Uint8Array): Uint8Array | undefined => {
  switch (linktype) {
    case LINKTYPE_ETHERNET: {
      let at = 12
      let type = ((f[at] ?? 0) << 8) | (f[at + 1] ?? 0)
      while (type === 0x8100 || type === 0x88a8) {
        at += 4
        type = ((f[at] ?? 0) << 8) | (f[at + 1] ?? 0)
      }
      return type === 0x0800 || type === 0x86dd ? f.subarray(at + 2) : undefined
    }
    case LINKTYPE_LINUX_SLL: {
      const type = ((f[14] ?? 0) << 8) | (f[15] ?? 0)
      return type === 0x0800 || type === 0x86dd ? f.subarray(16) : undefined
    }
    case LINKTYPE_RAW:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      return f
    default:
      return undefined
  }
}

/** The SIP/UDP packets of a classic pcap file, or why it cannot be read. */
export const readPcap = (bytes: Uint8Array): E.Either<string, ReadonlyArray<CapturedPacket>> => {
  if (bytes.length < 24) return E.left('not a pcap file: shorter than its 24-byte header')
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const magicLe = v.getUint32(0, true)
  const formats: { readonly [magic: number]: { readonly little: boolean; readonly nano: boolean } } = {
    0xa1b2c3d4: { little: true, nano: false },
    0xa1b23c4d: { little: true, nano: true },
    0xd4c3b2a1: { little: false, nano: false },
    0x4d3cb2a1: { little: false, nano: true },
  }
  const format = formats[magicLe]
  if (format === undefined)
    return E.left(magicLe === 0x0a0d0d0a ? 'pcapng is not supported: save as classic pcap (editcap -F pcap)' : 'not a pcap file: unknown magic number')
  const { little, nano } = format
  const linktype = v.getUint32(20, little) & 0x0fffffff
  if (![LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_LINUX_SLL, LINKTYPE_IPV4, LINKTYPE_IPV6].includes(linktype))
    return E.left(`unsupported link type ${linktype} (Ethernet, Linux cooked and raw IP are read)`)
  const out: CapturedPacket[] = []
  let at = 24
  let frameNo = 0
  while (at + 16 <= bytes.length) {
    frameNo++
    const sec = v.getUint32(at, little)
    const frac = v.getUint32(at + 4, little)
    const caplen = v.getUint32(at + 8, little)
    if (at + 16 + caplen > bytes.length) return E.left(`frame ${frameNo} is truncated (file cut short?)`)
    const f = bytes.subarray(at + 16, at + 16 + caplen)
    at += 16 + caplen
    const ip = ipOfFrame(linktype, f)
    const udp = ip === undefined ? undefined : udpOfIp(ip)
    if (udp === undefined || !looksLikeSip(udp.data)) continue
    out.push({ frame: frameNo, at: sec * 1000 + (nano ? frac / 1e6 : frac / 1e3), transport: 'udp', ...udp })
  }
  return E.right(out)
}
