import { describe, expect, it } from 'vitest'
import { emptyReceiveStats, expectedPackets, jitterMillis, lostPackets, receivePacket, type Arrival, type ReceiveStats } from './receive-stats.ts'

/** Packets of one source, 160 timestamp units apart, arriving `delay[i]` units after their nominal time. */
const feed = (seqs: readonly number[], options: { ssrc?: number; delay?: (seq: number, i: number) => number } = {}, from: ReceiveStats = emptyReceiveStats) =>
  seqs.reduce(
    (stats, seq, i) =>
      receivePacket(stats, {
        ssrc: options.ssrc ?? 42,
        sequence: seq & 0xffff,
        timestamp: (seq * 160) >>> 0,
        arrival: seq * 160 + (options.delay?.(seq, i) ?? 0),
      } satisfies Arrival),
    from,
  )

describe('loss (RFC 3550 §A.1, §A.3)', () => {
  it('counts nothing lost on an in-order stream', () => {
    const s = feed([1, 2, 3, 4, 5])
    expect([s.packets, expectedPackets(s), lostPackets(s)]).toEqual([5, 5, 0])
  })

  it('counts gaps as lost and reordered packets as received', () => {
    // 105, 108 and 109 never arrive; 104/103 and 107/106 swap.
    const s = feed([100, 101, 102, 104, 103, 107, 106, 110])
    expect([s.packets, expectedPackets(s), lostPackets(s)]).toEqual([8, 11, 3])
  })

  it('fills a loss when the late packet finally arrives', () => {
    const before = feed([1, 2, 4, 5])
    expect(lostPackets(before)).toBe(1)
    expect(lostPackets(feed([3], {}, before))).toBe(0)
  })

  it('extends sequence numbers across the 16-bit wrap', () => {
    const s = feed([65533, 65534, 65535, 65536, 65537, 65539])
    expect(s.source?.cycles).toBe(65536)
    expect([expectedPackets(s), lostPackets(s)]).toEqual([7, 1])
  })

  it('goes negative with duplicates (§6.4.1)', () => {
    expect(lostPackets(feed([1, 2, 2, 3]))).toBe(-1)
  })

  it('ignores one stray far-off packet, and resynchronises when the jump is confirmed', () => {
    const stray = feed([1, 2, 3, 20000, 4])
    expect([stray.packets, expectedPackets(stray), lostPackets(stray)]).toEqual([5, 4, 0])
    // 20000 then 20001: the sender restarted. As in §A.1 the new source starts at 20001 (the
    // probe 20000 counts in neither); the old source's 3 are carried, 20002 is lost.
    const restarted = feed([1, 2, 3, 20000, 20001, 20003])
    expect([expectedPackets(restarted), lostPackets(restarted)]).toEqual([3 + 3, 1])
  })

  it('tracks packets ignored on hold so that they do not read as loss', () => {
    const held = [4, 5, 6].reduce(
      (stats, seq) => receivePacket(stats, { ssrc: 42, sequence: seq, timestamp: seq * 160, arrival: seq * 160, counted: false }),
      feed([1, 2, 3]),
    )
    const s = feed([7, 8], {}, held)
    expect([s.packets, s.ignored, expectedPackets(s), lostPackets(s)]).toEqual([5, 3, 8, 0])
  })

  it('keeps totals across a change of SSRC (a transfer brings a new peer)', () => {
    const first = feed([10, 11, 13]) // one lost
    const second = feed([500, 501, 502, 504], { ssrc: 7 }, first) // one more lost
    expect(second.source?.ssrc).toBe(7)
    expect([second.packets, expectedPackets(second), lostPackets(second)]).toEqual([7, 9, 2])
  })
})

describe('interarrival jitter (RFC 3550 §6.4.1, §A.8)', () => {
  it('is zero for a constant transit time, however large', () => {
    expect(feed([1, 2, 3, 4, 5, 6], { delay: () => 5000 }).source?.jitter).toBe(0)
  })

  it('follows J += (|D| − J)/16 on a crafted delay pattern', () => {
    // Packet 3 arrives 40 units (5 ms) late: D = 0, +40, −40, 0.
    const s = feed([1, 2, 3, 4, 5], { delay: (seq) => (seq === 3 ? 40 : 0) })
    const j3 = 40 / 16
    const j4 = j3 + (40 - j3) / 16
    const j5 = j4 - j4 / 16
    expect(s.source?.jitter).toBeCloseTo(j5, 12)
    expect(jitterMillis(s, 8000)).toBeCloseTo((j5 / 8000) * 1000, 12)
  })

  it('uses arrival order for reordered packets (D from RTP timestamps, not sequence)', () => {
    // 3 and 4 swap on the wire: 4 arrives at its nominal time, 3 just after it (160 late).
    const s = feed([1, 2, 4, 3, 5], { delay: (seq) => (seq === 3 ? 161 : 0) })
    // D: 0 | 4 vs 2: 0 | 3 vs 4: (481+160−640) − (−160) = 161 | 5 vs 3: (800−641) − 320 = −161
    const j = [0, 161, 161].reduce((acc, d) => acc + (Math.abs(d) - acc) / 16, 0)
    expect(s.source?.jitter).toBeCloseTo(j, 12)
  })

  it('converges towards the mean |D| of a steady alternating delay', () => {
    const s = feed(Array.from({ length: 400 }, (_, i) => i + 1), { delay: (seq) => (seq % 2 === 0 ? 80 : 0) })
    // |D| is 80 every packet: J → 80 units = 10 ms at 8 kHz.
    expect(jitterMillis(s, 8000)).toBeCloseTo(10, 3)
  })

  it('is wrap-safe across the 32-bit timestamp boundary', () => {
    const near = 2 ** 32 / 160 - 2 // timestamps ... 0xFFFFFEC0, 0, 160 ...
    const s = feed([near, near + 1, near + 2, near + 3])
    expect(s.source?.jitter).toBe(0)
  })
})
