/**
 * The transferor's side of the refer subscription over time (RFC 6665 §4.1.2, RFC 3515
 * §2.4.4): it refreshes a subscription that would expire before the outcome, it can
 * unsubscribe without failing the transfer, and a transferee that forgets the
 * subscription (a crash) cannot leave the transferor waiting forever.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { codecs, headerValue, parseMessage, type SipMessage } from '../../core/message/index.ts'
import { parseSipFrag } from '../../core/sipfrag/index.ts'
import { isQuiescent, type UaEvent, type UserAgent } from '../../core/ua/index.ts'
import { noFaults, type FaultPlan } from '../fault-plan.ts'
import { checkTrace } from '../oracle/index.ts'
import { payloadBytes } from '../payload.ts'
import { runScenario } from '../run.ts'
import type { Scenario } from '../scenario.ts'
import { uaFactory } from '../ua-node.ts'
import { worldSteps } from '../world.ts'
import { blind, blindLongRing, blindUnsubscribe } from './blind.ts'
import { parties } from './transfer-helpers.ts'

interface Sent {
  readonly at: number
  readonly from: string
  readonly message: SipMessage
}

const run = (scenario: Scenario, faults: FaultPlan = noFaults(1)) => {
  const { world, trace } = runScenario(scenario, faults, uaFactory)
  const steps = worldSteps(world)
  const sent: Sent[] = []
  for (const s of steps) {
    if (s.type !== 'send') continue
    const parsed = parseMessage(payloadBytes(s.payload))
    if (E.isRight(parsed)) sent.push({ at: s.at, from: s.from, message: parsed.right })
  }
  const events = (node: string): ReadonlyArray<UaEvent> => steps.flatMap((s) => (s.type === 'event' && s.node === node ? [s.event] : []))
  const leaks = world.nodes.filter((n) => !isQuiescent(n.state as UserAgent)).map((n) => n.name)
  return { trace, sent, events, leaks }
}

/** A run that must pass, leave nothing open and break no RFC rule. */
const runClean = (scenario: Scenario, faults?: FaultPlan) => {
  const r = run(scenario, faults)
  expect(r.trace.outcome.type).toBe('pass')
  expect(r.leaks).toEqual([])
  expect(checkTrace(r.trace)).toEqual([])
  return r
}

const method = (m: SipMessage): string => (m.type === 'request' ? m.method : String(m.status))
const raw = (m: SipMessage, name: string): string | undefined => m.headers.find((h) => h.key === name.toLowerCase())?.value
const expiresOf = (m: SipMessage): number | undefined => {
  const v = headerValue(m, codecs.expires)
  return E.isRight(v) ? v.right : undefined
}
const fragStatus = (m: SipMessage): number | undefined => {
  const f = parseSipFrag(m.body)
  return E.isRight(f) && f.right.startLine?.type === 'response' ? f.right.startLine.status : undefined
}
const isResponseTo = (m: SipMessage, to: SipMessage): boolean => m.type === 'response' && raw(m, 'call-id') === raw(to, 'call-id') && raw(m, 'cseq') === raw(to, 'cseq')

describe('refresh before expiry (RFC 6665 §4.1.2.2)', () => {
  it('bob refreshes the subscription with SUBSCRIBE; alice extends it and repeats the state; the transfer completes', () => {
    const { sent, events } = runClean(blindLongRing)
    const refer = sent.find((s) => s.from === 'bob' && method(s.message) === 'REFER')!
    const firstNotify = sent.find((s) => s.from === 'alice' && method(s.message) === 'NOTIFY')!
    // alice offers 30 s (referSubscriptionSeconds); charlie rings 45 s: two refreshes.
    expect(raw(firstNotify.message, 'subscription-state')).toBe('active;expires=30')
    const subscribes = sent.filter((s) => s.from === 'bob' && method(s.message) === 'SUBSCRIBE')
    expect(subscribes).toHaveLength(2)
    const subscribe = subscribes[0]!
    // Refreshed halfway through what the latest NOTIFY said (64·T1, 32 s, is more than half of 30 s).
    const latest = sent.filter((s) => s.from === 'alice' && method(s.message) === 'NOTIFY' && s.at < subscribe.at).at(-1)!
    const seconds = Number(/expires=(\d+)/.exec(raw(latest.message, 'subscription-state') ?? '')?.[1])
    expect(subscribe.at - latest.at).toBe(10 + (seconds * 1000) / 2) // the NOTIFY's 10 ms flight, then half
    // R3515-19: the id of the REFER's subscription; same dialog.
    expect(raw(subscribe.message, 'event')).toBe(`refer;id=${raw(refer.message, 'cseq')?.split(' ')[0]}`)
    expect(raw(subscribe.message, 'call-id')).toBe(raw(refer.message, 'call-id'))
    // bob asks for his own 180 s; alice grants no more than she offers (R6665-1).
    expect(expiresOf(subscribe.message)).toBe(180)
    const ok = sent.find((s) => s.from === 'alice' && isResponseTo(s.message, subscribe.message))!
    expect(method(ok.message)).toBe('200')
    expect(expiresOf(ok.message)).toBe(30)
    // R6665-14: a NOTIFY at once, with the state as it is (charlie still ringing) and the new duration.
    const next = sent.find((s) => s.from === 'alice' && method(s.message) === 'NOTIFY' && s.at >= ok.at)!
    expect(next.at - ok.at).toBeLessThanOrEqual(1000)
    expect(fragStatus(next.message)).toBe(180)
    expect(raw(next.message, 'subscription-state')).toBe('active;expires=30')
    expect(events('bob').filter((e) => e.type === 'transferSucceeded')).toHaveLength(1)
  })

  it('a transfer that settles quickly never refreshes', () => {
    const { sent } = run(blind)
    expect(sent.filter((s) => method(s.message) === 'SUBSCRIBE')).toEqual([])
  })
})

describe('unsubscribe (R3515-15)', () => {
  it('SUBSCRIBE with Expires: 0 ends the reports, not the transfer; bob neither fails nor succeeds', () => {
    const { sent, events } = runClean(blindUnsubscribe)
    const subscribe = sent.find((s) => s.from === 'bob' && method(s.message) === 'SUBSCRIBE')!
    expect(expiresOf(subscribe.message)).toBe(0)
    const ok = sent.find((s) => s.from === 'alice' && isResponseTo(s.message, subscribe.message))!
    expect(method(ok.message)).toBe('200')
    expect(expiresOf(ok.message)).toBe(0)
    // R6665-20: the NOTIFY that follows ends the subscription with reason=timeout and carries the state.
    const last = sent.filter((s) => s.from === 'alice' && method(s.message) === 'NOTIFY').at(-1)!
    expect(last.at).toBeGreaterThanOrEqual(ok.at)
    expect(raw(last.message, 'subscription-state')).toBe('terminated;reason=timeout')
    expect(fragStatus(last.message)).toBeLessThan(200)
    // No report after it: the transfer's outcome is not sent to bob.
    expect(sent.filter((s) => s.from === 'alice' && method(s.message) === 'NOTIFY' && s.at > last.at)).toEqual([])
    expect(events('bob').filter((e) => e.type === 'transferSucceeded' || e.type === 'transferFailed')).toEqual([])
    expect(events('bob').filter((e) => e.type === 'transferOutcomeUnknown')).toEqual([{ type: 'transferOutcomeUnknown', call: 'c1' }])
    expect(events('alice').filter((e) => e.type === 'transferSucceeded')).toHaveLength(1)
  })

  it('an ending NOTIFY still waiting out the 1 s spacing carries the newest state (found by the fault property)', () => {
    // Under this loss the unsubscribe reaches alice while a NOTIFY is in flight, and charlie's 200 before the ending NOTIFY may leave.
    const faults: FaultPlan = { ...noFaults(1094596607), links: { latency: 20, jitter: 10, loss: { type: 'random', p: 0.26 }, duplicate: 0, reorder: 0, reorderGap: 40 } }
    const { trace, sent } = run(blindUnsubscribe, faults)
    expect(checkTrace(trace)).toEqual([])
    const ending = sent.find((s) => s.from === 'alice' && method(s.message) === 'NOTIFY' && raw(s.message, 'subscription-state')?.startsWith('terminated') === true)!
    const ok = sent.find((s) => s.from === 'charlie' && method(s.message) === '200' && raw(s.message, 'cseq')?.endsWith('INVITE') === true)!
    expect(ok.at).toBeLessThan(ending.at)
    expect(fragStatus(ending.message)).toBe(200)
  })

  it('an unsubscribe with nothing to end is an error event', () => {
    const scenario: Scenario = { ...blind, name: 'unsubscribe-nothing', reactions: [...blind.reactions, { node: 'bob', on: 'answered', where: { call: 'c1' }, after: 100, command: { type: 'unsubscribe', call: 'c1' }, times: 1 }] }
    const { events } = run(scenario)
    expect(events('bob').filter((e) => e.type === 'error').map((e) => (e.type === 'error' ? e.reason : ''))).toEqual(['unsubscribe: call c1 has no transfer subscription to end'])
  })
})

describe('a transferee that forgets the subscription (crash after the first NOTIFY)', () => {
  const crashAlice = (restartAt: number | undefined): FaultPlan => ({
    ...noFaults(1),
    crashes: [{ node: 'alice', at: 1600, ...(restartAt === undefined ? {} : { restartAt }) }],
  })
  // Every party ends its calls eventually, so the leak check means something.
  const withHangups: Scenario = {
    ...blind,
    name: 'blind-transferee-crash',
    // bob's in-dialog OPTIONS probe (90 s) would find alice gone first; here the refresh must.
    participants: parties({ bob: { keepaliveMs: 1_000_000 } }),
    reactions: [...blind.reactions, ...['alice', 'bob', 'charlie'].map((node) => ({ node, on: 'answered', after: 240_000, command: { type: 'hangup' as const, call: '$event.call' } }))],
    livenessDeadline: 600_000,
  }

  it.each([
    ['restarts (its 481 ends the refresh)', 5000],
    ['stays down (the refresh times out)', undefined],
  ])('alice %s: bob refreshes, learns the subscription is gone, says the outcome is unknown and leaks nothing', (_, restartAt) => {
    const { sent, events, leaks } = run(withHangups, crashAlice(restartAt))
    expect(leaks).toEqual([])
    const subscribe = sent.find((s) => s.from === 'bob' && method(s.message) === 'SUBSCRIBE')
    expect(subscribe).toBeDefined()
    // The transfer may have gone on at alice before she crashed: bob claims neither success nor failure.
    const outcomes = events('bob').filter((e) => e.type === 'transferSucceeded' || e.type === 'transferFailed' || e.type === 'transferOutcomeUnknown')
    expect(outcomes).toEqual([{ type: 'transferOutcomeUnknown', call: 'c1' }])
  })
})
