/**
 * What transfers put on the wire, read from simulator traces (the golden ladders show
 * only methods, so `blind` and `blind-target-dialog` have the same ladder): the REFER
 * inside or outside the dialog (RFC 4538, RFC 7647 §4), and the transferee's NOTIFYs
 * (RFC 3515 §2.4.4–§2.4.7, RFC 6665 §4.2.2, RFC 3420).
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { codecs, headerValue, parseMessage, type SipMessage } from '../../core/message/index.ts'
import { noFaults } from '../fault-plan.ts'
import { payloadBytes } from '../payload.ts'
import { runScenario } from '../run.ts'
import type { Scenario } from '../scenario.ts'
import { decodeTrace, encodeTrace } from '../trace.ts'
import { uaFactory } from '../ua-node.ts'
import { blind, blindBusy, blindNoAnswer, blindTargetDialog, twoRefersOneDialog } from './blind.ts'
import { parties } from './transfer-helpers.ts'

interface Packet {
  readonly at: number
  readonly from: string
  readonly to: string | undefined
  readonly msg: SipMessage
}

const run = (scenario: Scenario) => {
  const { trace } = runScenario(scenario, noFaults(1), uaFactory)
  expect(trace.outcome.type).toBe('pass')
  const packets: ReadonlyArray<Packet> = trace.steps.flatMap((s) => {
    if (s.type !== 'send') return []
    const m = parseMessage(payloadBytes(s.payload))
    return E.isRight(m) ? [{ at: s.at, from: s.from, to: s.to, msg: m.right }] : []
  })
  return { trace, packets }
}

const header = (m: SipMessage, name: string): string | undefined => m.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value
const all = (m: SipMessage, name: string): ReadonlyArray<string> => m.headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value)
const tag = (v: string | undefined): string | undefined => (v === undefined ? undefined : /;\s*tag=([^;>\s]+)/i.exec(v)?.[1])
const isReq = (p: Packet, method: string): boolean => p.msg.type === 'request' && p.msg.method === method
const cseq = (m: SipMessage): { readonly seq: number; readonly method: string } => {
  const c = headerValue(m, codecs.cseq)
  return E.isRight(c) && c.right !== undefined ? c.right : { seq: NaN, method: '' }
}
const only = <A>(xs: ReadonlyArray<A>): A => {
  expect(xs).toHaveLength(1)
  return xs[0]!
}

/** alice's INVITE to bob and bob's 2xx: the call's Call-ID, alice's tag and bob's. */
const theCall = (packets: ReadonlyArray<Packet>) => {
  const invite = only(packets.filter((p) => p.from === 'alice' && p.to === 'bob' && isReq(p, 'INVITE') && cseq(p.msg).seq === 1))
  const ok = packets.find((p) => p.from === 'bob' && p.msg.type === 'response' && p.msg.status === 200 && cseq(p.msg).method === 'INVITE')
  expect(ok).toBeDefined()
  return { invite, callId: header(invite.msg, 'Call-ID'), alice: tag(header(invite.msg, 'From')), bob: tag(header(ok!.msg, 'To')) }
}

describe('the REFER on the wire', () => {
  it('blind-target-dialog: outside the dialog, no To tag, Target-Dialog naming the call (local-tag alice\'s, remote-tag bob\'s), Require: tdialog', () => {
    const { packets } = run(blindTargetDialog)
    const call = theCall(packets)
    // Our UAs advertise tdialog (R4538-7), so the transferor may use it (R4538-2).
    expect(header(call.invite.msg, 'Supported')).toMatch(/\btdialog\b/)
    const refer = only(packets.filter((p) => p.from === 'bob' && isReq(p, 'REFER')))
    expect(tag(header(refer.msg, 'To'))).toBeUndefined()
    expect(header(refer.msg, 'Call-ID')).not.toBe(call.callId)
    const td = headerValue(refer.msg, codecs.targetDialog)
    expect(E.isRight(td) ? td.right : td).toEqual({ callId: call.callId, localTag: call.alice, remoteTag: call.bob, params: [] })
    expect(all(refer.msg, 'Require')).toEqual(['tdialog'])
    expect(all(refer.msg, 'Refer-To')).toEqual(['<sip:charlie@192.0.2.3:5060>'])
    expect(all(refer.msg, 'Referred-By')).toEqual(['<sip:bob@192.0.2.2:5060>'])
    expect(all(refer.msg, 'Contact')).toHaveLength(1)
    // R3515-12: the NOTIFYs belong to the REFER's new dialog, not the call's.
    const notifies = packets.filter((p) => p.from === 'alice' && isReq(p, 'NOTIFY'))
    expect(notifies.length).toBeGreaterThan(0)
    for (const n of notifies) {
      expect(header(n.msg, 'Call-ID')).toBe(header(refer.msg, 'Call-ID'))
      expect(tag(header(n.msg, 'To'))).toBe(tag(header(refer.msg, 'From')))
    }
  })

  it('blind: inside the dialog, with the call\'s Call-ID and tags, and no Target-Dialog or Require', () => {
    const { packets } = run(blind)
    const call = theCall(packets)
    const refer = only(packets.filter((p) => p.from === 'bob' && isReq(p, 'REFER')))
    expect(header(refer.msg, 'Call-ID')).toBe(call.callId)
    expect(tag(header(refer.msg, 'To'))).toBe(call.alice)
    expect(tag(header(refer.msg, 'From'))).toBe(call.bob)
    expect(header(refer.msg, 'Target-Dialog')).toBeUndefined()
    expect(all(refer.msg, 'Require')).toEqual([])
  })
})

describe("the transferee's NOTIFYs", () => {
  /** alice's NOTIFYs for one REFER, in send order, first copies only. */
  const notifiesFor = (packets: ReadonlyArray<Packet>, refer: Packet): ReadonlyArray<Packet> =>
    packets.filter((p) => p.from === 'alice' && isReq(p, 'NOTIFY') && header(p.msg, 'Event') === `refer;id=${cseq(refer.msg).seq}`)

  const body = (m: SipMessage): string => new TextDecoder().decode(m.body)
  const statusLine = (m: SipMessage): string => body(m).split('\r\n')[0] ?? ''

  it.each([
    [blind, 'SIP/2.0 200 OK'],
    [blindBusy, 'SIP/2.0 486 Busy Here'],
    [blindNoAnswer, 'SIP/2.0 487 Request Terminated'],
    [blindTargetDialog, 'SIP/2.0 200 OK'],
  ] as const)('$name: Event refer;id=<REFER CSeq>, active;expires then terminated;reason=noresource, message/sipfrag with CRLF, 100 Trying first and the final status last', (scenario, final) => {
    const { packets } = run(scenario)
    const refer = only(packets.filter((p) => p.from === 'bob' && isReq(p, 'REFER')))
    const notifies = notifiesFor(packets, refer)
    // Every NOTIFY alice sent is for this REFER (R3515-19: id is the REFER's CSeq number).
    expect(notifies).toEqual(packets.filter((p) => p.from === 'alice' && isReq(p, 'NOTIFY')))
    expect(notifies.length).toBeGreaterThanOrEqual(2)
    const states = notifies.map((n) => header(n.msg, 'Subscription-State') ?? '')
    // R6665-18: active with the time left; R3515-17: the first one says how long (at most our 180 s).
    for (const s of states.slice(0, -1)) expect(s).toMatch(/^active;expires=\d+$/)
    const expires = Number(/expires=(\d+)/.exec(states[0]!)?.[1])
    expect(expires).toBeGreaterThan(0)
    expect(expires).toBeLessThanOrEqual(180)
    expect(states.at(-1)).toBe('terminated;reason=noresource') // R3515-20
    for (const n of notifies) {
      const type = headerValue(n.msg, codecs.contentType)
      expect(E.isRight(type) && type.right !== undefined ? `${type.right.type}/${type.right.subtype}`.toLowerCase() : '').toBe('message/sipfrag') // R3515-13
      // RFC 3420: a sipfrag is a SIP message fragment, so its lines end with CRLF, never a bare LF.
      expect(body(n.msg)).toMatch(/\r\n$/)
      expect(body(n.msg).replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
      expect(statusLine(n.msg)).toMatch(/^SIP\/2\.0 [1-6]\d\d [^\r\n]+$/) // R3515-18
    }
    expect(statusLine(notifies[0]!.msg)).toBe('SIP/2.0 100 Trying')
    expect(statusLine(notifies.at(-1)!.msg)).toBe(final)
    // Provisional reports in between; CSeq goes up; no more than one a second (R3515-23).
    for (const n of notifies.slice(1, -1)) expect(statusLine(n.msg)).toMatch(/^SIP\/2\.0 1\d\d /)
    const seqs = notifies.map((n) => cseq(n.msg).seq)
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)
    expect(new Set(seqs).size).toBe(seqs.length)
    for (let i = 1; i < notifies.length; i++) expect(notifies[i]!.at - notifies[i - 1]!.at).toBeGreaterThanOrEqual(1000)
  })

  it('two-refers-one-dialog: each REFER has its own subscription, its NOTIFYs carry its own CSeq as id (R3515-19)', () => {
    const { packets } = run(twoRefersOneDialog)
    const refers = packets.filter((p) => p.from === 'bob' && isReq(p, 'REFER'))
    expect(refers).toHaveLength(2)
    const [a, b] = refers.map((r) => notifiesFor(packets, r))
    expect(cseq(refers[0]!.msg).seq).not.toBe(cseq(refers[1]!.msg).seq)
    expect(a!.map((n) => statusLine(n.msg))).toEqual(['SIP/2.0 100 Trying', 'SIP/2.0 403 Forbidden'])
    expect(b!.map((n) => statusLine(n.msg)).at(-1)).toBe('SIP/2.0 200 OK')
    expect(a!.length + b!.length).toBe(packets.filter((p) => p.from === 'alice' && isReq(p, 'NOTIFY')).length)
  })
})

describe('referResponse: 200 (RFC 7647 §5) in the simulator', () => {
  it('alice answers the REFER 200, and the blind scenario passes as with 202', () => {
    const scenario: Scenario = { ...blind, name: 'blind-refer-200', participants: parties({ alice: { referResponse: 200 } }) }
    const { packets } = run(scenario)
    const answers = packets.filter((p) => p.from === 'alice' && p.msg.type === 'response' && cseq(p.msg).method === 'REFER')
    expect(answers.map((p) => (p.msg.type === 'response' ? `${p.msg.status} ${p.msg.reason}` : ''))).toEqual(['200 OK'])
    const defaults = run(blind).packets.filter((p) => p.from === 'alice' && p.msg.type === 'response' && cseq(p.msg).method === 'REFER')
    expect(defaults.map((p) => (p.msg.type === 'response' ? p.msg.status : 0))).toEqual([202])
  })
})

describe('transfer history in traces', () => {
  it('the ended events of a transferred call carry its history, and survive the trace codec', () => {
    const { trace } = run(blind)
    const historyOf = (node: string) =>
      trace.steps.flatMap((s) => (s.type === 'event' && s.node === node && s.event.type === 'ended' && s.event.call === 'c1' ? [s.event.transfers] : []))
    expect(historyOf('bob')).toEqual([[{ role: 'transferor', kind: 'blind', target: '<sip:charlie@192.0.2.3:5060>', outcome: 'succeeded', status: 200 }]])
    expect(historyOf('alice')).toEqual([[{ role: 'transferee', kind: 'blind', target: 'sip:charlie@192.0.2.3:5060', outcome: 'succeeded', status: 200 }]])
    expect(decodeTrace(encodeTrace(trace))).toEqual(E.right(trace))
  })
})
