import { describe, expect, it } from 'vitest'
import { noFaults } from '../fault-plan.ts'
import { payloadText } from '../payload.ts'
import { runScenario } from '../run.ts'
import { blind } from '../scenarios/blind.ts'
import { sealTrace, type Trace } from '../trace.ts'
import { uaFactory } from '../ua-node.ts'
import { checkTrace } from './index.ts'
import { finalFragMatches } from './transfer-rules.ts'

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
