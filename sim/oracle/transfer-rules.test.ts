import { describe, expect, it } from 'vitest'
import { noFaults } from '../fault-plan.ts'
import { payloadText } from '../payload.ts'
import { runScenario } from '../run.ts'
import { attended, attendedTargetIgnoresReplaces } from '../scenarios/attended.ts'
import { blind } from '../scenarios/blind.ts'
import { sealTrace, type Trace } from '../trace.ts'
import { uaFactory } from '../ua-node.ts'
import { checkTrace } from './index.ts'
import { finalFragMatches, replacedDialogEnded, subscriptionTerminated } from './transfer-rules.ts'

/** The first NOTIFY that ends a subscription, sent by `from`. */
const finalNotifyOf = (trace: Trace, from: string) =>
  trace.steps.find((s) => s.type === 'send' && s.from === from && /^NOTIFY /.test(payloadText(s.payload)) && /Subscription-State: terminated/i.test(payloadText(s.payload)))

describe('RFC5589-6-FINAL-SIPFRAG: the final sipfrag reports what the referenced INVITE got', () => {
  it('flags a final NOTIFY whose sipfrag says failure when the target answered 200', () => {
    const { trace } = runScenario(blind, noFaults(1), uaFactory)
    expect(checkTrace(trace, [finalFragMatches])).toEqual([])
    const notify = finalNotifyOf(trace, 'alice')
    expect(notify).toBeDefined()
    // Same length, so Content-Length still holds: "SIP/2.0 200 OK" becomes "SIP/2.0 480 Xx".
    const steps = trace.steps.map((s) =>
      s === notify && s.type === 'send' ? { ...s, payload: { text: payloadText(s.payload).replace('SIP/2.0 200 OK', 'SIP/2.0 480 Xx') } } : s,
    )
    const tampered = sealTrace({ ...trace, steps })
    expect(checkTrace(tampered, [finalFragMatches]).map((v) => v.rule)).toEqual(['RFC5589-6-FINAL-SIPFRAG'])
  })
})

describe('R3891-12: the target itself ends the dialog it replaced', () => {
  it('flags a run where only the transferor ended the replaced dialog, not a target without Replaces support', () => {
    const { trace } = runScenario(attended, noFaults(1), uaFactory)
    expect(checkTrace(trace, [replacedDialogEnded])).toEqual([])
    // charlie's BYE of the consultation dialog, sent by bob instead, 40 s later (as a transferor's
    // 64·T1 fallback would): the rule must notice the target never ended it.
    const bye = trace.steps.find((s) => s.type === 'send' && s.from === 'charlie' && /^BYE /.test(payloadText(s.payload)))
    expect(bye).toBeDefined()
    const byBob = (delay: number) => trace.steps.map((s) => (s === bye && s.type === 'send' ? { ...s, from: 'bob', to: 'charlie', at: s.at + delay } : s))
    expect(checkTrace(sealTrace({ ...trace, steps: byBob(40_000) }), [replacedDialogEnded]).map((v) => v.rule)).toEqual(['R3891-12'])
    // bob getting there first, within 64·T1 of the accept (a clean-up, or charlie's BYE waiting for an ACK), is no violation.
    expect(checkTrace(sealTrace({ ...trace, steps: byBob(0) }), [replacedDialogEnded])).toEqual([])
    // A target that does not support Replaces took the INVITE as a new call: bob ending the consultation is right.
    const ignored = runScenario(attendedTargetIgnoresReplaces, noFaults(1), uaFactory).trace
    expect(checkTrace(ignored, [replacedDialogEnded])).toEqual([])
  })
})

describe('R3515-20: every accepted refer subscription ends with a terminated NOTIFY', () => {
  const withoutFinalNotify = (trace: Trace): Trace => {
    const final = finalNotifyOf(trace, 'alice')
    expect(final).toBeDefined()
    // The final NOTIFY says active instead: the subscription is never seen to end.
    const steps = trace.steps.map((s) => (s === final && s.type === 'send' ? { ...s, payload: { text: payloadText(s.payload).replace('terminated;reason=noresource', 'active;expires=170000000') } } : s))
    return sealTrace({ ...trace, steps })
  }

  it('flags a subscription never terminated, also in a run that did not pass its expectations', () => {
    const { trace } = runScenario(blind, noFaults(1), uaFactory)
    expect(checkTrace(trace, [subscriptionTerminated])).toEqual([])
    expect(checkTrace(withoutFinalNotify(trace), [subscriptionTerminated]).map((v) => v.rule)).toEqual(['R3515-20'])
    const failedExpectations = sealTrace({ ...withoutFinalNotify(trace), outcome: { type: 'expectation-failed', at: 0, missing: [] } })
    expect(checkTrace(failedExpectations, [subscriptionTerminated]).map((v) => v.rule)).toEqual(['R3515-20'])
  })

  it('excuses a notifier that crashed after accepting', () => {
    const { trace } = runScenario(blind, { ...noFaults(1), crashes: [{ node: 'alice', at: 1600, restartAt: 5000 }] }, uaFactory)
    expect(checkTrace(trace, [subscriptionTerminated])).toEqual([])
  })
})
