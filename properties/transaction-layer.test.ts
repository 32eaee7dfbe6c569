/**
 * Properties of the transaction layer, driven with a virtual clock:
 * - timer schedules (A doubles from T1 with no cap until B; E and G cap at T2; E is T2 in Proceeding);
 * - retransmissions only on unreliable transports;
 * - at most one final response per server transaction (retransmissions of it aside);
 * - liveness: once the peers and the TU have said their last word, every transaction
 *   reaches Terminated and no timer is left after max(64·T1, D) + T4.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { serializeMessage, type SipRequest } from '../core/message/index.ts'
import type { TransportName } from '../core/transaction/endpoint.ts'
import { clientTransactionId, emptyLayer, nextDeadline, type ServerTransaction, type TransactionConfig, type TransactionInput } from '../core/transaction/index.ts'
import { feed, harness, runUntil, sentMessages, type Harness } from '../core/transaction/testing/harness.ts'
import { alice, bob, request, responseTo } from '../core/transaction/testing/messages.ts'

const decoder = new TextDecoder()

/** T1 and a T2 that is T1·2^m (m ≥ 1), so no retransmission lands on 64·T1 exactly. */
const timing = fc.record({ t1: fc.integer({ min: 20, max: 1_000 }), m: fc.integer({ min: 1, max: 4 }) }).map(({ t1, m }) => ({ t1, t2: t1 * 2 ** m }))

/** The RFC schedule: first after T1, each next interval doubled (capped at `cap`), T2 once `proceedingAt` passed. */
const schedule = (t1: number, cap: number, end: number, t2: number, proceedingAt = Infinity): ReadonlyArray<number> => {
  const times: Array<number> = [0]
  let t = 0
  let iv = t1
  while (t + iv < end) {
    t += iv
    times.push(t)
    iv = t > proceedingAt ? t2 : Math.min(2 * iv, cap)
  }
  return times
}

const sendTimes = (h: Harness, what: (m: ReturnType<typeof sentMessages>[number]) => boolean) => sentMessages(h).filter(what).map((s) => s.at)

describe('timer schedules (RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1)', () => {
  it('A: INVITE sent at 0, T1, 3T1, 7T1 … (doubling, no cap) until B fires at 64·T1', () => {
    fc.assert(
      fc.property(timing, ({ t1, t2 }) => {
        const layer = emptyLayer({ t1, t2 })
        let h = feed(harness(layer), { type: 'send-request', at: 0, request: request(), destination: bob, transport: 'udp' })
        h = runUntil(h, 64 * t1 + 1)
        expect(sendTimes(h, () => true)).toEqual(schedule(t1, Infinity, 64 * t1, t2))
        expect(h.log.find((e) => e.output.type === 'timeout')).toMatchObject({ at: 64 * t1, output: { timer: 'B' } })
        expect(h.layer.transactions.size).toBe(0)
      }),
    )
  })

  it('E: non-INVITE sent with intervals MIN(2^n·T1, T2), and T2 once Proceeding, until F', () => {
    fc.assert(
      fc.property(timing, fc.option(fc.integer({ min: 1, max: 40_000 }), { nil: undefined }), ({ t1, t2 }, provisional) => {
        let h = feed(harness(emptyLayer({ t1, t2 })), { type: 'send-request', at: 0, request: request({ method: 'OPTIONS' }), destination: bob, transport: 'udp' })
        const p = provisional === undefined ? undefined : provisional % (64 * t1)
        if (p !== undefined) {
          h = runUntil(h, p)
          h = feed(h, { type: 'receive-response', at: p, response: responseTo(request({ method: 'OPTIONS' }), 100), source: bob, transport: 'udp' })
        }
        h = runUntil(h, 64 * t1 + 1)
        // A 1xx at a firing instant arrives just after it: that firing was still in Trying, so its
        // interval doubles; the next firing, in Proceeding, resets E to T2 (§17.1.2.2).
        expect(sendTimes(h, () => true)).toEqual(schedule(t1, t2, 64 * t1, t2, p === undefined ? Infinity : p + 0.5))
        expect(h.log.find((e) => e.output.type === 'timeout')).toMatchObject({ at: 64 * t1, output: { timer: 'F' } })
      }),
      // CI found this one: the 1xx lands on the instant E fires (t = T1).
      { examples: [[{ t1: 25, t2: 100 }, 25]] },
    )
  })

  it('G: a non-2xx final is resent with intervals MIN(2^n·T1, T2) until H at 64·T1', () => {
    fc.assert(
      fc.property(timing, fc.constantFrom(300, 404, 486, 603), ({ t1, t2 }, status) => {
        let h = feed(harness(emptyLayer({ t1, t2, trying: 'tu' })), { type: 'receive-request', at: 0, request: request(), source: alice, transport: 'udp' })
        h = feed(h, { type: 'send-response', at: 0, transaction: 's:1', response: responseTo(request(), status) })
        h = runUntil(h, 64 * t1 + 1)
        expect(sendTimes(h, () => true)).toEqual(schedule(t1, t2, 64 * t1, t2))
        expect(h.log.find((e) => e.output.type === 'timeout')).toMatchObject({ at: 64 * t1, output: { timer: 'H' } })
      }),
    )
  })
})

// ---------------------------------------------------------------------------
// Random scenarios: a TU and a peer doing arbitrary things at arbitrary times.

type Act =
  | { readonly type: 'tu-request'; readonly method: string; readonly branch: number; readonly transport: TransportName }
  | { readonly type: 'net-response'; readonly pick: number; readonly status: number }
  | { readonly type: 'net-request'; readonly method: string; readonly branch: number; readonly transport: TransportName; readonly toTag: boolean }
  | { readonly type: 'tu-response'; readonly pick: number; readonly status: number; readonly tag: number }
  | { readonly type: 'transport-error'; readonly pick: number }
  | { readonly type: 'abandon'; readonly pick: number }

const transportArb = fc.constantFrom<TransportName>('udp', 'tcp')
const statusArb = fc.constantFrom(100, 180, 183, 200, 202, 302, 408, 486, 503)
const act: fc.Arbitrary<Act> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('tu-request' as const), method: fc.constantFrom('INVITE', 'OPTIONS', 'BYE', 'CANCEL'), branch: fc.nat(3), transport: transportArb }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('net-response' as const), pick: fc.nat(), status: statusArb }) },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('net-request' as const),
      method: fc.constantFrom('INVITE', 'OPTIONS', 'ACK', 'CANCEL', 'BYE'),
      branch: fc.nat(3),
      transport: transportArb,
      toTag: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('tu-response' as const), pick: fc.nat(), status: statusArb, tag: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('transport-error' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('abandon' as const), pick: fc.nat() }) },
)
// Mostly short gaps, so that several things happen to one transaction; sometimes long ones, so timers fire.
const gap = fc.oneof({ weight: 3, arbitrary: fc.nat(300) }, { weight: 1, arbitrary: fc.nat(20_000) })
const scenario = fc.array(fc.record({ dt: gap, act }), { maxLength: 30 })

const branchName = (n: number): string => `z9hG4bKbranch${n}`

/** Branch 3 is RFC 2543 style (no branch), to exercise the fallback. */
const netRequest = (method: string, n: number, toTag: boolean): SipRequest =>
  request({ method, ...(n === 3 ? { branch: undefined } : { branch: branchName(n) }), ...(toTag ? { toTag: 'tag0' } : {}) })

/** What a server transaction answers: its request, or (once it has sent its final and kept no request) one like it. */
const answered = (tx: ServerTransaction): SipRequest =>
  tx.request ?? request({ method: tx.key.type === 'rfc3261' ? tx.key.method : tx.key.cseq.method, ...(tx.key.type === 'rfc3261' ? { branch: tx.key.branch } : { branch: undefined }) })

const pickOf = <A>(items: ReadonlyArray<A>, n: number): A | undefined => (items.length === 0 ? undefined : items[n % items.length])

const inputFor = (h: Harness, at: number, a: Act): TransactionInput | undefined => {
  const txs = [...h.layer.transactions.values()]
  switch (a.type) {
    case 'tu-request':
      return { type: 'send-request', at, request: request({ method: a.method, branch: branchName(a.branch) }), destination: bob, transport: a.transport }
    case 'net-response': {
      const tx = pickOf(txs.filter((t) => t.type === 'invite-client' || t.type === 'non-invite-client'), a.pick)
      return tx && { type: 'receive-response', at, response: responseTo(tx.request, a.status, a.status === 100 ? undefined : 'tag0'), source: bob, transport: tx.transport }
    }
    case 'net-request':
      return { type: 'receive-request', at, request: netRequest(a.method, a.branch, a.toTag), source: alice, transport: a.transport }
    case 'tu-response': {
      const tx = pickOf(txs.filter((t) => t.type === 'invite-server' || t.type === 'non-invite-server'), a.pick)
      return tx && { type: 'send-response', at, transaction: tx.id, response: responseTo(answered(tx), a.status, a.status === 100 ? undefined : `tag${a.tag}`) }
    }
    case 'transport-error':
    case 'abandon': {
      const tx = pickOf(txs, a.pick)
      return tx && { type: a.type, at, transaction: tx.id }
    }
  }
}

const play = (config: Partial<TransactionConfig>, steps: ReadonlyArray<{ readonly dt: number; readonly act: Act }>): Harness =>
  steps.reduce((h, s) => {
    const at = h.now + s.dt
    const ready = runUntil(h, at)
    const input = inputFor(ready, at, s.act)
    return input === undefined ? ready : feed(ready, input)
  }, harness(emptyLayer(config)))

/** The TU answers whatever it still owes and the peer sends a final for every open client transaction. */
const closeEverything = (h: Harness): Harness =>
  [...h.layer.transactions.values()].reduce((acc, tx) => {
    if (!acc.layer.transactions.has(tx.id)) return acc
    const at = acc.now
    switch (tx.type) {
      case 'invite-client':
      case 'non-invite-client':
        return feed(acc, { type: 'receive-response', at, response: responseTo(tx.request, 486), source: bob, transport: tx.transport })
      case 'invite-server':
      case 'non-invite-server':
        return feed(acc, { type: 'send-response', at, transaction: tx.id, response: responseTo(answered(tx), 200, 'tag0') })
    }
  }, h)

describe('transaction layer under random TU and network behaviour', () => {
  it('never throws, and every output refers to something sane', () => {
    fc.assert(
      fc.property(scenario, (steps) => {
        const h = play({}, steps)
        for (const e of h.log) if (e.output.type === 'timer' && e.output.at !== undefined) expect(e.output.at).toBeGreaterThanOrEqual(e.at)
        expect(nextDeadline(h.layer) === undefined).toBe(h.timers.size === 0)
      }),
    )
  })

  it('on a reliable transport nothing is ever sent because a timer fired', () => {
    fc.assert(
      fc.property(scenario, (steps) => {
        const tcp = steps.map((s) =>
          s.act.type === 'tu-request' || s.act.type === 'net-request' ? { ...s, act: { ...s.act, transport: 'tcp' as const } } : s,
        )
        const h = runUntil(play({}, tcp), 1e9)
        expect(sentMessages(h).filter((s) => s.cause === 'timer')).toEqual([])
      }),
    )
  })

  it('each server transaction sends at most one final response (its retransmissions aside)', () => {
    fc.assert(
      fc.property(scenario, (steps) => {
        const h = runUntil(play({}, steps), 1e9)
        const finals = new Map<string, Set<string>>()
        for (const s of sentMessages(h)) {
          const m = s.output.message
          if (m.type !== 'response' || m.status < 200 || !s.output.transaction.startsWith('s:')) continue
          const set = finals.get(s.output.transaction) ?? new Set<string>()
          set.add(decoder.decode(serializeMessage(m)))
          finals.set(s.output.transaction, set)
        }
        for (const set of finals.values()) expect(set.size).toBe(1)
      }),
      { numRuns: 300 },
    )
  })

  it('once everyone has spoken, all transactions end and no timer is left after max(64·T1, D) + T4', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(250, 500, 1_000), (steps, t1) => {
        const config = { t1, t2: 8 * t1, t4: 5_000, d: 32_000 }
        const closed = closeEverything(play(config, steps))
        const h = runUntil(closed, closed.now + Math.max(64 * t1, config.d) + config.t4)
        expect([...h.layer.transactions.values()].map((t) => `${t.id} ${t.state}`)).toEqual([])
        expect(h.timers.size).toBe(0)
        expect(nextDeadline(h.layer)).toBeUndefined()
        // Every transaction created was announced as terminated.
        const created = new Set(h.log.flatMap((e) => (e.output.type === 'request' ? [e.output.transaction] : e.output.type === 'send' ? [e.output.transaction] : [])))
        const ended = new Set(h.log.flatMap((e) => (e.output.type === 'terminated' ? [e.output.transaction] : [])))
        expect([...created].filter((id) => !ended.has(id))).toEqual([])
      }),
    )
  })

  it('with the default T1 the bound is the brief\'s 64·T1 + T4', () => {
    fc.assert(
      fc.property(scenario, (steps) => {
        const closed = closeEverything(play({}, steps))
        const h = runUntil(closed, closed.now + 64 * 500 + 5_000)
        expect(h.layer.transactions.size).toBe(0)
        expect(h.timers.size).toBe(0)
      }),
    )
  })

  it('client ids are the §17.1.3 matching key', () => {
    expect(clientTransactionId('INVITE', 'z9hG4bKx')).not.toBe(clientTransactionId('CANCEL', 'z9hG4bKx'))
  })
})
