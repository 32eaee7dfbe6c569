/**
 * The RTP fixed header (RFC 3550 §5.1): 12 bytes, then CSRCs, an optional header
 * extension (§5.3.1) and the payload, possibly followed by padding.
 */
import { Either } from 'effect'

export const RTP_VERSION = 2
export const RTP_HEADER_BYTES = 12

export interface RtpPacket {
  readonly marker: boolean
  readonly payloadType: number
  /** 16-bit sequence number (§5.1). */
  readonly sequence: number
  /** 32-bit media timestamp in clock-rate units (§5.1). */
  readonly timestamp: number
  readonly ssrc: number
  readonly csrc: readonly number[]
  readonly payload: Uint8Array
}

/** Serialise a packet with V=2, no padding and no extension. */
export const encodeRtp = (packet: RtpPacket): Uint8Array => {
  const cc = Math.min(packet.csrc.length, 15)
  const out = new Uint8Array(RTP_HEADER_BYTES + 4 * cc + packet.payload.length)
  const view = new DataView(out.buffer)
  view.setUint8(0, (RTP_VERSION << 6) | cc)
  view.setUint8(1, (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f))
  view.setUint16(2, packet.sequence & 0xffff)
  view.setUint32(4, packet.timestamp >>> 0)
  view.setUint32(8, packet.ssrc >>> 0)
  packet.csrc.slice(0, cc).forEach((c, i) => view.setUint32(RTP_HEADER_BYTES + 4 * i, c >>> 0))
  out.set(packet.payload, RTP_HEADER_BYTES + 4 * cc)
  return out
}

/**
 * Parse and validate one datagram as RTP (the header checks of RFC 3550 §A.1:
 * version 2, lengths consistent with CC, X and P). RTCP (PT 200–204 once the
 * marker bit is folded in, §A.1) is refused.
 */
export const parseRtp = (data: Uint8Array): Either.Either<RtpPacket, string> => {
  if (data.length < RTP_HEADER_BYTES) return Either.left(`shorter than the ${RTP_HEADER_BYTES}-byte RTP header`)
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const b0 = view.getUint8(0)
  const b1 = view.getUint8(1)
  if (b0 >> 6 !== RTP_VERSION) return Either.left(`RTP version ${b0 >> 6}, expected ${RTP_VERSION}`)
  if (b1 >= 200 && b1 <= 204) return Either.left(`RTCP packet type ${b1}`)
  const cc = b0 & 0x0f
  let offset = RTP_HEADER_BYTES + 4 * cc
  if (data.length < offset) return Either.left(`CSRC count ${cc} exceeds the packet`)
  const csrc = Array.from({ length: cc }, (_, i) => view.getUint32(RTP_HEADER_BYTES + 4 * i))
  if (b0 & 0x10) {
    if (data.length < offset + 4) return Either.left('header extension truncated')
    offset += 4 + 4 * view.getUint16(offset + 2)
    if (data.length < offset) return Either.left('header extension exceeds the packet')
  }
  let end = data.length
  if (b0 & 0x20) {
    const padding = view.getUint8(data.length - 1)
    if (padding === 0 || offset + padding > data.length) return Either.left(`invalid padding length ${padding}`)
    end -= padding
  }
  return Either.right({
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequence: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    csrc,
    payload: data.subarray(offset, end),
  })
}
