import { Either } from 'effect'
import { describe, expect, it } from 'vitest'
import { initialSender, sendFrame, skipFrame } from './packetizer.ts'
import { encodeRtp, parseRtp, type RtpPacket } from './rtp-packet.ts'

const packet: RtpPacket = {
  marker: true,
  payloadType: 8,
  sequence: 0xfffe,
  timestamp: 0xfffffff0,
  ssrc: 0xdeadbeef,
  csrc: [],
  payload: Uint8Array.of(1, 2, 3),
}

const right = <A>(e: Either.Either<A, string>): A => {
  if (Either.isLeft(e)) throw new Error(e.left)
  return e.right
}

describe('RTP fixed header (RFC 3550 §5.1)', () => {
  it('lays out V=2, M, PT, sequence, timestamp and SSRC in network order', () => {
    expect([...encodeRtp(packet)]).toEqual([0x80, 0x88, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xf0, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3])
  })

  it('round-trips, with CSRCs', () => {
    const withCsrc = { ...packet, marker: false, payloadType: 0, csrc: [1, 0xffffffff] }
    const bytes = encodeRtp(withCsrc)
    expect(bytes.length).toBe(12 + 8 + 3)
    expect(right(parseRtp(bytes))).toEqual(withCsrc)
  })

  it('skips a header extension and strips padding', () => {
    // X=1, P=1: extension of one word, payload 2 bytes, 3 bytes of padding (last byte = 3).
    const bytes = Uint8Array.of(0xb0, 0x00, 0, 1, 0, 0, 0, 160, 0, 0, 0, 7, 0xbe, 0xde, 0, 1, 9, 9, 9, 9, 0xaa, 0xbb, 0, 0, 3)
    const parsed = right(parseRtp(bytes))
    expect(parsed.payload).toEqual(Uint8Array.of(0xaa, 0xbb))
    expect(parsed.sequence).toBe(1)
    expect(parsed.timestamp).toBe(160)
    expect(parsed.ssrc).toBe(7)
  })

  it('refuses what is not RTP', () => {
    const left = (bytes: Uint8Array) => Either.getLeft(parseRtp(bytes)).pipe((o) => (o._tag === 'Some' ? o.value : 'accepted'))
    expect(left(Uint8Array.of(0x80, 0))).toMatch(/shorter/)
    expect(left(Uint8Array.of(0x40, ...new Array<number>(11).fill(0)))).toMatch(/version 1/)
    expect(left(Uint8Array.of(0x80, 200, ...new Array<number>(10).fill(0)))).toMatch(/RTCP/)
    expect(left(Uint8Array.of(0x82, 0, ...new Array<number>(10).fill(0)))).toMatch(/CSRC/)
    expect(left(Uint8Array.of(0x90, 0, ...new Array<number>(10).fill(0), 0, 0, 0, 5))).toMatch(/extension exceeds/)
    expect(left(Uint8Array.of(0xa0, 0, ...new Array<number>(10).fill(0), 0))).toMatch(/padding/)
  })
})

describe('packetizer', () => {
  it('advances sequence per packet and timestamp per frame, wrapping both', () => {
    const s0 = initialSender(0x1234, 0xffff, 0xffffff60)
    const [p1, s1] = sendFrame(s0, 0, new Uint8Array(160), 160)
    const [p2, s2] = sendFrame(s1, 0, new Uint8Array(160), 160)
    expect([p1.sequence, p1.timestamp, p1.marker]).toEqual([0xffff, 0xffffff60, true])
    expect([p2.sequence, p2.timestamp, p2.marker]).toEqual([0, 0, false])
    expect(s2.sample).toBe(320)
  })

  it('keeps the media clock running through silence and marks the next talkspurt', () => {
    const [, s1] = sendFrame(initialSender(1, 10, 1000), 0, new Uint8Array(160), 160)
    const held = skipFrame(skipFrame(s1, 160), 160)
    const [p, s2] = sendFrame(held, 0, new Uint8Array(160), 160)
    expect([p.sequence, p.timestamp, p.marker]).toEqual([11, 1480, true])
    expect(s2.sample).toBe(640)
  })
})
