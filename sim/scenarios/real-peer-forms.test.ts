/**
 * What real phones send during transfer (shared/notes/real-peers.md, "Forms to tolerate"),
 * end to end: one party's outgoing SIP is rewritten into the real-peer form, the others are
 * sipxfer, and the transfer must still succeed with nothing left open and no RFC rule broken.
 * Each test also checks that the form really went on the wire, so it cannot pass vacuously.
 * The target that treats an INVITE with Replaces as a new call is the registered scenario
 * `attended-target-ignores-replaces` (run in transfer.test.ts).
 */
import { describe, expect, it } from 'vitest'
import { noFaults } from '../fault-plan.ts'
import { ladderText } from '../ladder-text.ts'
import { checkTrace, showViolation } from '../oracle/index.ts'
import { describeOutcome } from '../outcome.ts'
import { payloadText } from '../payload.ts'
import { runScenario } from '../run.ts'
import type { Scenario } from '../scenario.ts'
import { isRequest, rewritingFactory, type Rewrite } from '../testing/rewriting-node.ts'
import type { TraceStep } from '../trace-step.ts'
import { uaQuiescence } from '../ua-quiescence.ts'
import { attended } from './attended.ts'
import { blind } from './blind.ts'

const run = (scenario: Scenario, rewrite: Rewrite) => {
  const { trace } = runScenario(scenario, noFaults(1), rewritingFactory(rewrite), { finalChecks: [uaQuiescence] })
  const violations = checkTrace(trace)
  const why = `${describeOutcome(trace.outcome)}\n${violations.map(showViolation).join('\n')}\n${ladderText(trace)}`
  expect(trace.outcome.type, why).toBe('pass')
  expect(violations, why).toEqual([])
  const sent = trace.steps.flatMap((s: TraceStep) => (s.type === 'send' ? [payloadText(s.payload)] : []))
  const events = trace.steps.flatMap((s: TraceStep) => (s.type === 'event' ? [`${s.node}:${s.event.type}`] : []))
  return { sent, events, statuses: sent.filter((m) => m.startsWith('SIP/2.0')).map((m) => m.slice(8, 11)) }
}

const header = (message: string, name: string): string | undefined =>
  message.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))

describe('real-peer forms during transfer (notes/real-peers.md)', () => {
  it('Refer-To without angle brackets', () => {
    const r = run(blind, (node, m) => (node === 'bob' && isRequest(m, 'REFER') ? m.replace(/\r\nRefer-To: <([^>]*)>/, '\r\nRefer-To: $1') : m))
    expect(r.sent.filter((m) => isRequest(m, 'REFER')).map((m) => header(m, 'Refer-To'))).toEqual(['Refer-To: sip:charlie@192.0.2.3:5060'])
    expect(r.events).toContain('bob:transferSucceeded')
    expect(r.events).toContain('alice:transferSucceeded')
  })

  it('no port in the Refer-To URI (5060 is meant)', () => {
    const r = run(blind, (node, m) => (node === 'bob' && isRequest(m, 'REFER') ? m.replace('<sip:charlie@192.0.2.3:5060>', '<sip:charlie@192.0.2.3>') : m))
    expect(r.sent.filter((m) => isRequest(m, 'REFER')).map((m) => header(m, 'Refer-To'))).toEqual(['Refer-To: <sip:charlie@192.0.2.3>'])
    expect(r.events).toContain('bob:transferSucceeded')
  })

  it('Replaces in Refer-To with lower-case and needless escapes, from-tag before to-tag, no angle brackets', () => {
    const reorder = (m: string): string =>
      m.replace(/\r\nRefer-To: <sip:charlie@([^?>]*)\?Replaces=([^%]*)%40([^%]*)%3Bto-tag%3D([^%]*)%3Bfrom-tag%3D([^>&]*)((?:&[^>]*)?)>/, (_all, host, id, idHost, toTag, fromTag, more) =>
        `\r\nRefer-To: sip:%63harlie@${host}?Replaces=${id}%40${idHost}%3bfrom-tag%3d${fromTag}%3bto-tag%3d${toTag}${more}`)
    const r = run(attended, (node, m) => (node === 'bob' && isRequest(m, 'REFER') ? reorder(m) : m))
    const referTo = r.sent.filter((m) => isRequest(m, 'REFER')).map((m) => header(m, 'Refer-To'))
    expect(referTo).toHaveLength(1)
    expect(referTo[0]).toMatch(/^Refer-To: sip:%63harlie@[^<>]*%3bfrom-tag%3d[^%]*%3bto-tag%3d/)
    // charlie got a Replaces it could match, and replaced the consultation.
    expect(r.events).toContain('charlie:replaced')
    expect(r.events).toContain('bob:transferSucceeded')
  })

  it('NOTIFY without Contact, with "reason=reason=noresource" and Event: refer without ;id', () => {
    const notify = (m: string): string =>
      m.replace(/\r\nContact: [^\r]*/, '').replace('reason=noresource', 'reason=reason=noresource').replace(/\r\nEvent: refer;id=\d+/, '\r\nEvent: refer')
    const r = run(blind, (node, m) => (node === 'alice' && isRequest(m, 'NOTIFY') ? notify(m) : m))
    const notifies = r.sent.filter((m) => isRequest(m, 'NOTIFY'))
    expect(notifies.length).toBeGreaterThanOrEqual(2)
    for (const m of notifies) {
      expect(header(m, 'Contact')).toBeUndefined()
      expect(header(m, 'Event')).toBe('Event: refer')
    }
    expect(notifies.at(-1)).toMatch(/\r\nSubscription-State: terminated;reason=reason=noresource\r\n/)
    // Every NOTIFY answered 200, never 481, and bob learned the outcome.
    expect(r.statuses).not.toContain('481')
    expect(r.events).toContain('bob:transferSucceeded')
  })

  it('a hold answered with c=IN IP4 0.0.0.0 and a=inactive', () => {
    // alice answers bob's hold re-INVITE (her second INVITE transaction as UAS) that way.
    const inactive = (m: string): string => m.replace(/c=IN IP4 [0-9.]+/g, 'c=IN IP4 0.0.0.0').replace(/a=(recvonly|sendrecv|sendonly)/, 'a=inactive')
    const r = run(attended, (node, m) => (node === 'alice' && m.startsWith('SIP/2.0 200') && /\r\nCSeq: 2 INVITE\r\n/.test(m) ? inactive(m) : m))
    const holdAnswer = r.sent.find((m) => m.startsWith('SIP/2.0 200') && /\r\nCSeq: 2 INVITE\r\n/.test(m) && m.includes('c=IN IP4 0.0.0.0'))
    expect(holdAnswer).toMatch(/a=inactive/)
    expect(r.events).toContain('bob:held')
    expect(r.events).toContain('bob:transferSucceeded')
    expect(r.events).toContain('alice:transferSucceeded')
  })
})
