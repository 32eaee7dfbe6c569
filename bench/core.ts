/**
 * `npm run bench -- core`: calls per second through the pure core alone, no I/O.
 *
 * The call flow of the `udp` bench (sipp's built-in `uac`: INVITE with an SDP offer, ACK,
 * BYE) is fed as bytes to one auto-answering user agent (`autoAnswerMs: 0`), with virtual
 * time moving 0.5 ms a call (2,000 calls/s of arrivals) so transactions and timers pile up
 * as they would over UDP: each ended call keeps its INVITE and BYE server transactions for
 * 64·T1 (RFC 6026 Timer L, RFC 3261 Timer J). Timers are fired from the shell's own timer
 * table. Each call must end with 100, 200 (with SDP), 200 to the BYE: a call that does not
 * is an error, not a rate.
 *
 * The rate is the ceiling of `udp` for sipxfer: the shell adds sockets, Effect and JSON on
 * top of exactly this work. Also reported: the retained heap per call at steady state.
 */
import { createUserAgent, step, type Input, type Output, type UserAgent } from '../core/index.ts'
import { applyTimer, emptyTimerTable, takeDue, type TimerTable } from '../shell/runtime/timer-table.ts'
import { measure, sink, type BenchOptions, type BenchOutcome } from './measure.ts'

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const local = { address: '127.0.0.1', port: 5070 }
const remote = { address: '127.0.0.1', port: 5061 }

const offer = [
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 6000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  '',
].join('\r\n')

/** The requests of sipp's `uac` scenario for call `n` (its message templates, filled in). */
export const uacRequest = (n: number, method: 'INVITE' | 'ACK' | 'BYE', toTag?: string): string => {
  const body = method === 'INVITE' ? offer : ''
  const seq = method === 'BYE' ? 2 : 1
  const branch = method === 'BYE' ? 7 : method === 'ACK' ? 5 : 0
  return [
    `${method} sip:service@127.0.0.1:5070 SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-${n}-1-${branch}`,
    `From: sipp <sip:sipp@127.0.0.1:5061>;tag=${n}SIPpTag001`,
    `To: service <sip:service@127.0.0.1:5070>${toTag === undefined ? '' : `;tag=${toTag}`}`,
    `Call-ID: ${n}-1@127.0.0.1`,
    `CSeq: ${seq} ${method}`,
    'Contact: sip:sipp@127.0.0.1:5061',
    'Max-Forwards: 70',
    'Subject: Performance Test',
    ...(method === 'INVITE' ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${encoder.encode(body).length}`,
    '',
    body,
  ].join('\r\n')
}

/** One auto-answering UAS and its driver: the state, the timer table, virtual time. */
export interface UasDriver {
  ua: UserAgent
  readonly timers: TimerTable
  now: number
  /** Status lines of everything sent, for the current call. */
  sent: Array<string>
}

export const createUasDriver = (): UasDriver => ({
  ua: createUserAgent({ user: 'bench', address: local.address, port: local.port, autoAnswerMs: 0, seed: 1 }),
  timers: emptyTimerTable(),
  now: 0,
  sent: [],
})

const feed = (d: UasDriver, input: Input): void => {
  const [ua, outputs] = step(d.ua, input)
  d.ua = ua
  outputs.forEach((o: Output) => {
    if (o.type === 'timer') applyTimer(d.timers, o)
    else if (o.type === 'send') d.sent.push(decoder.decode(o.data))
  })
}

const fireDue = (d: UasDriver): void => {
  for (let key = takeDue(d.timers, d.now); key !== undefined; key = takeDue(d.timers, d.now)) feed(d, { type: 'timer', at: d.now, key })
}

const packet = (d: UasDriver, text: string): void => {
  feed(d, { type: 'packet', at: d.now, transport: 'udp', source: remote, destination: local, data: encoder.encode(text) })
  fireDue(d)
}

const statusOf = (message: string): string => message.slice(0, message.indexOf('\r\n'))

/**
 * One call, 0.5 ms of virtual time: INVITE; the answer (auto-answer fires at once); ACK
 * with the 200's To tag; BYE. Returns the status lines sent, or an error when the call
 * did not go INVITE → 100, 200 (with SDP) → 200 to the BYE.
 */
export const runCall = (d: UasDriver, n: number): ReadonlyArray<string> | Error => {
  d.sent = []
  packet(d, uacRequest(n, 'INVITE'))
  const ok = d.sent.find((m) => m.startsWith('SIP/2.0 200'))
  const toTag = ok === undefined ? undefined : /\r\nTo:[^\r]*;tag=([^;\r]+)/i.exec(ok)?.[1]
  if (ok === undefined || toTag === undefined || !ok.includes('\r\nm=audio ')) return new Error(`call ${n}: no 200 with an answer; sent ${d.sent.map(statusOf).join(', ')}`)
  d.now += 0.25
  packet(d, uacRequest(n, 'ACK', toTag))
  packet(d, uacRequest(n, 'BYE', toTag))
  d.now += 0.25
  fireDue(d)
  const statuses = d.sent.map(statusOf)
  const expected = ['SIP/2.0 100 Trying', 'SIP/2.0 200 OK', 'SIP/2.0 200 OK']
  const got = statuses.filter((s) => !s.startsWith('SIP/2.0 180'))
  return got.length === expected.length && got.every((s, i) => s === expected[i]) ? statuses : new Error(`call ${n}: sent ${statuses.join(', ')}`)
}

export interface CoreBenchResult {
  readonly callsPerSec: number
  readonly microsecondsPerCall: number
  /**
   * Heap the state retains per transaction it holds (each ended call leaves its INVITE and
   * BYE server transactions for 64·T1, so a call costs about twice this for 32 s); NaN without --expose-gc.
   */
  readonly retainedBytesPerTransaction: number
  /** Calls and transactions in the state when the runs ended (virtual time: 0.5 ms a call). */
  readonly callsHeld: number
  readonly transactionsHeld: number
}

export const runCoreBench = (options: BenchOptions): CoreBenchResult => {
  const d = createUasDriver()
  let n = 0
  const pass = (): number => {
    for (let i = 0; i < 100; i++) {
      const r = runCall(d, n++)
      if (r instanceof Error) throw r
      sink(r.length)
    }
    return 100
  }
  const m = measure(pass, options)
  const held = d.ua.transactions.transactions.size
  const calls = d.ua.calls.size
  // Retained heap: with the state, then with a fresh user agent in its place (needs --expose-gc, as `npm run bench` runs).
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const withState = process.memoryUsage().heapUsed
  d.ua = createUasDriver().ua
  gc?.()
  const without = process.memoryUsage().heapUsed
  return {
    callsPerSec: Math.round(m.perSec),
    microsecondsPerCall: Math.round((1e6 / m.perSec) * 10) / 10,
    retainedBytesPerTransaction: gc === undefined || held === 0 ? Number.NaN : Math.round(Math.max(0, withState - without) / held),
    callsHeld: calls,
    transactionsHeld: held,
  }
}

const formatReport = (r: CoreBenchResult): string =>
  [
    'core: the pure user agent alone, no I/O (sipp uac call flow: INVITE+SDP, ACK, BYE; auto-answer; 0.5 ms of virtual time a call)',
    `  calls/s                 ${r.callsPerSec.toLocaleString('en-US').padStart(12)}   (${r.microsecondsPerCall} µs a call; the ceiling of \`udp\` for sipxfer)`,
    `  retained heap           ${(Number.isNaN(r.retainedBytesPerTransaction) ? 'n/a' : r.retainedBytesPerTransaction.toLocaleString('en-US')).padStart(12)} bytes a transaction held  (${r.transactionsHeld.toLocaleString('en-US')} transactions, ${r.callsHeld.toLocaleString('en-US')} calls held; an ended call leaves 2 for 64·T1)`,
  ].join('\n')

export async function run(options: BenchOptions): Promise<BenchOutcome> {
  const result = runCoreBench(options)
  return { json: result, text: formatReport(result) }
}
