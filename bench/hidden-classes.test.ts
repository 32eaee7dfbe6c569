/**
 * A guard for speed that a test can check: the objects on the hot paths keep a few V8 hidden
 * classes per kind, however many objects there are. A field added after a spread
 * (`{ ...call, newField }`) gives every object its own, and then each read of it anywhere
 * misses its inline cache: that alone made the core and the simulator about half as fast
 * (see the README's notes on speed). A literal and its copies may differ, and a field
 * whose kind of value widens makes one more; up to 4 an inline cache still holds them all
 * (polymorphic), past that every read is a slow lookup. Node only.
 */
import { setFlagsFromString } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { createUserAgent, step, type Call, type UserAgent } from '../core/index.ts'
import { parseSdp } from '../core/sdp/index.ts'
import { noFaults } from '../sim/fault-plan.ts'
import { runScenario } from '../sim/run.ts'
import { holdResume } from '../sim/scenarios/hold-resume.ts'
import { uaFactory } from '../sim/ua-node.ts'
import type { TraceStep } from '../sim/trace-step.ts'
import { createUasDriver, runCall, uacRequest } from './core.ts'

setFlagsFromString('--allow-natives-syntax')
// The only way to reach V8's %HaveSameMap.
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: unknown, b: unknown) => boolean

/** Most hidden classes an inline cache keeps fast (V8's polymorphic limit). */
const polymorphic = 4

/** How many hidden classes a list of objects uses. */
const shapes = (objects: ReadonlyArray<unknown>): number => {
  const distinct: Array<unknown> = []
  for (const o of objects) if (!distinct.some((d) => haveSameMap(d, o))) distinct.push(o)
  return distinct.length
}

const encoder = new TextEncoder()
const invite = (n: number): Uint8Array => encoder.encode(uacRequest(n, 'INVITE'))

describe('hidden classes of hot objects', () => {
  it('the measure itself: objects given a field after a spread get one each', () => {
    const base = { id: 'x', state: 'a' }
    const spreadAdd = (i: number): object => ({ ...base, [`f${i % 2}`]: i })
    expect(shapes(Array.from({ length: 12 }, (_, i) => spreadAdd(i)))).toBeGreaterThan(polymorphic)
  })

  it('calls at every stage share a few, whatever fields they have set', () => {
    let ua: UserAgent = createUserAgent({ user: 'bench', address: '127.0.0.1', port: 5070, autoAnswerMs: 0, seed: 1 })
    const calls: Array<Call> = []
    for (let n = 0; n < 12; n++) {
      ;[ua] = step(ua, { type: 'packet', at: n, transport: 'udp', source: { address: '127.0.0.1', port: 5061 }, destination: { address: '127.0.0.1', port: 5070 }, data: invite(n) })
      calls.push(...ua.calls.values())
      // The auto-answer timer: the call moves on to Accepted with its 2xx, media and more.
      const due = [...ua.timers.entries()].filter(([, at]) => at <= n)
      for (const [key] of due) [ua] = step(ua, { type: 'timer', at: n, key })
      calls.push(...ua.calls.values())
    }
    expect(calls.length).toBeGreaterThan(20)
    expect(new Set(calls.map((c) => c.state))).toEqual(new Set(['Incoming', 'Accepted']))
    expect(shapes(calls)).toBeLessThanOrEqual(polymorphic)
  })

  it('server transactions of both kinds share a few', () => {
    const d = createUasDriver()
    for (let n = 0; n < 20; n++) expect(runCall(d, n)).not.toBeInstanceOf(Error)
    const txs = [...d.ua.transactions.transactions.values()]
    expect(new Set(txs.map((t) => t.type))).toEqual(new Set(['invite-server', 'non-invite-server']))
    expect(txs.length).toBe(40)
    expect(shapes(txs)).toBeLessThanOrEqual(polymorphic)
  })

  it('parsed SDP media descriptions share a few, with or without optional lines', () => {
    const texts = [
      'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n',
      'v=0\r\no=- 2 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 4002/2 RTP/AVP 0 8\r\ni=voice\r\nc=IN IP4 224.2.1.1/127\r\nk=prompt\r\na=sendonly\r\n',
    ]
    const media = texts.flatMap((t) => {
      const r = parseSdp(t)
      return r._tag === 'Right' ? r.right.media : []
    })
    expect(media).toHaveLength(2)
    expect(shapes(media)).toBeLessThanOrEqual(1)
    expect(shapes(media.flatMap((m) => m.connections))).toBeLessThanOrEqual(1)
  })

  it('simulator send steps share a few, delivered or dropped', () => {
    const { trace } = runScenario(holdResume, { ...noFaults(3), links: { latency: 10, jitter: 0, loss: { type: 'random', p: 0.3 }, duplicate: 0, reorder: 0, reorderGap: 0 } }, uaFactory)
    const sends = trace.steps.filter((s: TraceStep) => s.type === 'send')
    expect(new Set(sends.map((s) => (s.type === 'send' ? s.fate : '')))).toEqual(new Set(['delivered', 'dropped']))
    expect(sends.length).toBeGreaterThan(20)
    expect(shapes(sends)).toBeLessThanOrEqual(polymorphic)
  })
})
