/**
 * Reception statistics of one RTP stream as a pure reducer: sequence validation and
 * extended sequence numbers (RFC 3550 §A.1), expected and lost packets (§A.3) and the
 * interarrival jitter estimate (§6.4.1, §A.8). A new SSRC (a transfer brought a new peer)
 * or a sequence restart (§A.1 `bad_seq`) starts a new source; its predecessors' counts
 * are carried so that totals stay cumulative.
 */
import type { HostPort } from '../../core/ua/io.ts'

const RTP_SEQ_MOD = 1 << 16
/** §A.1: jumps up to this many are taken as losses, not a restart. */
export const MAX_DROPOUT = 3000
/** §A.1: packets up to this many behind the highest are late (reordered or duplicated). */
export const MAX_MISORDER = 100

export interface SourceStats {
  readonly ssrc: number
  readonly baseSeq: number
  readonly maxSeq: number
  /** Shifted count of sequence number wraps (§A.1 `cycles`). */
  readonly cycles: number
  /** The sequence number that would confirm a restart, or -1 (§A.1 `bad_seq`). */
  readonly badSeq: number
  /** Packets accepted by the sequence check (§A.1 `received`). */
  readonly received: number
  /** Arrival and RTP timestamp of the previous packet, in clock-rate units (§A.8). */
  readonly lastArrival: number
  readonly lastTimestamp: number
  /** Interarrival jitter in clock-rate units (§6.4.1 J). */
  readonly jitter: number
}

export interface ReceiveStats {
  /** RTP packets accounted while the stream was receiving. */
  readonly packets: number
  /** RTP packets that arrived while the stream was not receiving (hold): tracked, not played. */
  readonly ignored: number
  readonly source: SourceStats | undefined
  /** Expected and received of the sources before `source`. */
  readonly priorExpected: number
  readonly priorReceived: number
  readonly lastSender: HostPort | undefined
}

export const emptyReceiveStats: ReceiveStats = {
  packets: 0,
  ignored: 0,
  source: undefined,
  priorExpected: 0,
  priorReceived: 0,
  lastSender: undefined,
}

export interface Arrival {
  readonly ssrc: number
  readonly sequence: number
  readonly timestamp: number
  /** Arrival time in the stream's clock-rate units (§A.8 `arrival`). */
  readonly arrival: number
  readonly from?: HostPort
  /** False while the stream does not receive: the packet still advances sequence and jitter state. */
  readonly counted?: boolean
}

/** §A.1 init_seq; the first packet counts as received (no probation). */
const newSource = (a: Arrival): SourceStats => ({
  ssrc: a.ssrc,
  baseSeq: a.sequence,
  maxSeq: a.sequence,
  cycles: 0,
  badSeq: -1,
  received: 1,
  lastArrival: a.arrival,
  lastTimestamp: a.timestamp,
  jitter: 0,
})

/** §A.3: extended highest sequence number received minus the first, plus one. */
const sourceExpected = (s: SourceStats): number => s.cycles + s.maxSeq - s.baseSeq + 1

/** Signed difference of two 32-bit RTP timestamps. */
const timestampDelta = (a: number, b: number): number => ((a - b) | 0)

/** §A.8: J += (|D(i−1, i)| − J) / 16, D from arrival and RTP timestamp differences. */
const updateJitter = (s: SourceStats, a: Arrival): SourceStats => {
  const d = a.arrival - s.lastArrival - timestampDelta(a.timestamp, s.lastTimestamp)
  return { ...s, jitter: s.jitter + (Math.abs(d) - s.jitter) / 16, lastArrival: a.arrival, lastTimestamp: a.timestamp }
}

/** §A.1 update_seq (without probation): the next source state, or a restart. */
const updateSeq = (s: SourceStats, seq: number): SourceStats | 'restart' => {
  const udelta = (seq - s.maxSeq + RTP_SEQ_MOD) % RTP_SEQ_MOD
  if (udelta < MAX_DROPOUT) {
    // In order, possibly with a gap; a smaller number means the 16-bit space wrapped.
    const cycles = seq < s.maxSeq ? s.cycles + RTP_SEQ_MOD : s.cycles
    return { ...s, cycles, maxSeq: seq, received: s.received + 1 }
  }
  if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
    // A very large jump: believe it only when the next packet follows it (§A.1).
    if (seq === s.badSeq) return 'restart'
    return { ...s, badSeq: (seq + 1) % RTP_SEQ_MOD }
  }
  // Duplicate or reordered: counted, the highest sequence number stays.
  return { ...s, received: s.received + 1 }
}

/**
 * Account for one RTP packet. Packets ignored on hold still feed the sequence state, so
 * that what a peer sent during hold is not reported as network loss afterwards.
 */
export const receivePacket = (stats: ReceiveStats, a: Arrival): ReceiveStats => {
  const counted = a.counted ?? true
  const base = {
    ...stats,
    packets: stats.packets + (counted ? 1 : 0),
    ignored: stats.ignored + (counted ? 0 : 1),
    lastSender: a.from ?? stats.lastSender,
  }
  const s = stats.source
  if (s === undefined) return { ...base, source: newSource(a) }
  const carry = (old: SourceStats): ReceiveStats => ({
    ...base,
    priorExpected: stats.priorExpected + sourceExpected(old),
    priorReceived: stats.priorReceived + old.received,
    source: newSource(a),
  })
  if (a.ssrc !== s.ssrc) return carry(s)
  const next = updateSeq(s, a.sequence)
  if (next === 'restart') return carry(s)
  // A packet refused by the sequence check is not this source's: no jitter sample (§A.8).
  return { ...base, source: next.received === s.received ? next : updateJitter(next, a) }
}

/** §A.3 expected packets, over every source so far. */
export const expectedPackets = (stats: ReceiveStats): number =>
  stats.priorExpected + (stats.source === undefined ? 0 : sourceExpected(stats.source))

/** §A.3 cumulative packets lost; negative when duplicates outnumber losses (§6.4.1). */
export const lostPackets = (stats: ReceiveStats): number =>
  expectedPackets(stats) - stats.priorReceived - (stats.source?.received ?? 0)

/** The current source's jitter in milliseconds. */
export const jitterMillis = (stats: ReceiveStats, clockRate: number): number =>
  stats.source === undefined ? 0 : (stats.source.jitter / clockRate) * 1000
