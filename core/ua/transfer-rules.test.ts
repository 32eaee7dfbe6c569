/**
 * Transfer rules through the UA's step, on the test network: alice (transferee) calls
 * bob (transferor), charlie is the target (RFC 5589 roles). Where a peer must behave in
 * a way our own UA never does (no `Supported: tdialog`, a REFER naming no dialog), that
 * peer is a bare endpoint and its messages are written by hand.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { codecs, headerValue, type SipMessage } from '../message/index.ts'
import { readReferral } from '../transfer/index.ts'
import type { UaConfigInput } from './config.ts'
import {
  handAck,
  handInvite,
  handRequest,
  header,
  headersNamed,
  isRequest,
  isResponse,
  makeUaNet,
  statusOf,
  tagOf,
  type UaNet,
  type Wire,
} from './testing/ua-net.ts'

const aliceAt = { address: '192.0.2.1', port: 5060, user: 'alice' }
const bobAt = { address: '192.0.2.2', port: 5060, user: 'bob' }
const aliceUri = 'sip:alice@192.0.2.1:5060'
const bobUri = 'sip:bob@192.0.2.2:5060'
const charlieUri = 'sip:charlie@192.0.2.3:5060'

type Configs = { readonly alice?: Partial<UaConfigInput>; readonly bob?: Partial<UaConfigInput>; readonly charlie?: Partial<UaConfigInput> }

/** The three parties, no keepalive probes (they would only add OPTIONS to the wire). */
const parties = (configs: Configs = {}): UaNet =>
  makeUaNet([
    { name: 'alice', address: '192.0.2.1', config: { keepaliveMs: 0, ...configs.alice } },
    { name: 'bob', address: '192.0.2.2', config: { keepaliveMs: 0, autoAnswerMs: 500, ...configs.bob } },
    { name: 'charlie', address: '192.0.2.3', config: { keepaliveMs: 0, autoAnswerMs: 500, ...configs.charlie } },
  ])

/** alice calls bob, bob answers: call c1 on both sides. */
const callUp = (configs: Configs = {}): UaNet => {
  const n = parties(configs)
  n.command('alice', { type: 'dial', target: bobUri, call: 'c1' })
  n.runUntil(1000)
  expect(n.ua('bob')?.calls.get('c1')?.state).toBe('Confirmed')
  return n
}

const sent = (n: UaNet, from: string, pred: (w: Wire) => boolean): ReadonlyArray<Wire> => n.sends.filter((w) => w.from === from && pred(w))
const first = (n: UaNet, from: string, pred: (w: Wire) => boolean): Wire => {
  const w = sent(n, from, pred)[0]
  expect(w, `no such message from ${from}`).toBeDefined()
  return w!
}
const text = (m: SipMessage): string => new TextDecoder().decode(m.body)
const callIdOf = (m: SipMessage): string => header(m, 'Call-ID') ?? ''

/** alice's side of the call with bob: the dialog identifiers. */
const aliceDialog = (n: UaNet): { readonly callId: string; readonly alice: string; readonly bob: string } => {
  const d = [...(n.ua('alice')?.dialogs.values() ?? [])].find((x) => x.usages.some((u) => u.type === 'invite'))
  expect(d).toBeDefined()
  return { callId: d!.id.callId, alice: d!.id.localTag, bob: d!.id.remoteTag }
}

describe('REFER outside the dialog with Target-Dialog (RFC 4538, RFC 5589 §6.1)', () => {
  /** A REFER in a new dialog from bob's address to alice, with this Target-Dialog. */
  const outOfDialogRefer = (n: UaNet, targetDialog: string, callId: string): Wire | undefined => {
    n.inject('bob', 'alice', handRequest({
      method: 'REFER',
      uri: aliceUri,
      from: bobAt,
      fromTag: 'refertag',
      callId,
      branch: `z9hG4bK${callId.replace(/\W/g, '')}`,
      headers: [['Refer-To', `<${charlieUri}>`], ['Target-Dialog', targetDialog], ['Require', 'tdialog']],
    }))
    return n.sends.find((w) => w.from === 'alice' && isResponse(w, 'REFER') && callIdOf(w.msg) === callId)
  }

  it('a Target-Dialog naming no dialog of ours gets 481, and nothing is started (R4538-6)', () => {
    const n = callUp()
    const d = aliceDialog(n)
    expect(statusOf(outOfDialogRefer(n, `unknown@192.0.2.9;local-tag=${d.alice};remote-tag=${d.bob}`, 'r1@192.0.2.2'))).toBe(481)
    // The tags swapped (the sender's view instead of ours) name no dialog either.
    expect(statusOf(outOfDialogRefer(n, `${d.callId};local-tag=${d.bob};remote-tag=${d.alice}`, 'r2@192.0.2.2'))).toBe(481)
    // Without local-tag the header is ignored (R4538-6), so nothing names the dialog.
    expect(statusOf(outOfDialogRefer(n, `${d.callId};remote-tag=${d.bob}`, 'r3@192.0.2.2'))).toBe(481)
    n.runUntil(n.now + 2000)
    expect(n.eventsOf('alice').filter((e) => e.type === 'transferRequested')).toEqual([])
    expect(sent(n, 'alice', (w) => isRequest(w, 'INVITE') && w.to === 'charlie')).toEqual([])
  })

  it('a Target-Dialog naming our call is accepted: 2xx, NOTIFYs in the new dialog, and the INVITE to the target', () => {
    const n = callUp()
    const d = aliceDialog(n)
    const answer = outOfDialogRefer(n, `${d.callId};local-tag=${d.alice};remote-tag=${d.bob}`, 'r4@192.0.2.2')
    expect(statusOf(answer)).toBe(202)
    const notify = first(n, 'alice', (w) => isRequest(w, 'NOTIFY'))
    // R3515-12: the NOTIFY belongs to the REFER's dialog, not the call's.
    expect(callIdOf(notify.msg)).toBe('r4@192.0.2.2')
    expect(tagOf(header(notify.msg, 'To'))).toBe('refertag')
    expect(tagOf(header(notify.msg, 'From'))).toBe(tagOf(header(answer!.msg, 'To')))
    expect(n.eventsOf('alice')).toContainEqual(expect.objectContaining({ type: 'transferRequested', call: 'c1' }))
    expect(sent(n, 'alice', (w) => isRequest(w, 'INVITE') && w.to === 'charlie')).toHaveLength(1)
  })
})

describe("the transferor's out-of-dialog REFER (RFC 4538 §3, RFC 7647 §4)", () => {
  it('to a peer that advertised tdialog: no To tag, a new Call-ID, Target-Dialog with the call and its tags, Require: tdialog', () => {
    const n = callUp()
    const d = aliceDialog(n)
    // Our own UA advertises tdialog on its INVITE (R4538-7).
    const invite = first(n, 'alice', (w) => isRequest(w, 'INVITE') && w.to === 'bob')
    expect(header(invite.msg, 'Supported')).toMatch(/\btdialog\b/)
    n.command('bob', { type: 'transfer', call: 'c1', target: charlieUri, outOfDialog: true })
    const refer = first(n, 'bob', (w) => isRequest(w, 'REFER'))
    expect(refer.msg.type === 'request' && refer.msg.uri).toBe(aliceUri)
    expect(tagOf(header(refer.msg, 'To'))).toBeUndefined()
    expect(callIdOf(refer.msg)).not.toBe(d.callId)
    const td = headerValue(refer.msg, codecs.targetDialog)
    // R4538-3: local-tag is the recipient's (alice's) tag, remote-tag the sender's (bob's).
    expect(E.isRight(td) ? td.right : td).toEqual({ callId: d.callId, localTag: d.alice, remoteTag: d.bob, params: [] })
    expect(headersNamed(refer.msg, 'Require')).toEqual(['tdialog'])
    expect(headersNamed(refer.msg, 'Contact')).toHaveLength(1)
    expect(n.logsOf('bob').filter((l) => l.includes('tdialog'))).toEqual([])
    n.runUntil(10_000)
    expect(n.eventsOf('bob')).toContainEqual({ type: 'transferSucceeded', call: 'c1' })
    expect(n.eventsOf('bob')).toContainEqual(expect.objectContaining({ type: 'ended', call: 'c1', reason: 'transferred' }))
    expect(n.problems).toEqual([])
  })

  /** A bare alice calls bob with this INVITE, ACKs his 2xx; bob then transfers her out of dialog. */
  const bareAliceTransferred = (supported: string | undefined): { readonly n: UaNet; readonly refer: Wire; readonly callId: string } => {
    const n = makeUaNet([{ name: 'bob', address: '192.0.2.2', config: { keepaliveMs: 0, autoAnswerMs: 0 } }], { raw: { alice: '192.0.2.1' } })
    const callId = `bare-${(supported ?? 'none').replace(/\W+/g, '-')}@192.0.2.1`
    const invite = handInvite({ uri: bobUri, from: aliceAt, callId, offer: true, headers: supported === undefined ? [] : [['Supported', supported]] })
    n.inject('alice', 'bob', invite)
    n.runUntil(100)
    const ok = first(n, 'bob', (w) => isResponse(w, 'INVITE', 200))
    n.inject('alice', 'bob', handAck(invite, ok.msg, aliceAt))
    expect(n.ua('bob')?.calls.get('c1')?.state).toBe('Confirmed')
    n.command('bob', { type: 'transfer', call: 'c1', target: charlieUri, outOfDialog: true })
    return { n, refer: first(n, 'bob', (w) => isRequest(w, 'REFER')), callId }
  }

  it('to a peer that did not advertise tdialog: the REFER goes inside the dialog, and a log says why (R4538-2)', () => {
    for (const supported of [undefined, 'replaces']) {
      const { n, refer, callId } = bareAliceTransferred(supported)
      expect(callIdOf(refer.msg)).toBe(callId)
      expect(tagOf(header(refer.msg, 'To'))).toBe('handtag1')
      expect(header(refer.msg, 'Target-Dialog')).toBeUndefined()
      expect(headersNamed(refer.msg, 'Require')).toEqual([])
      expect(n.logsOf('bob').filter((l) => /did not advertise tdialog/.test(l))).toHaveLength(1)
    }
  })

  it('to a bare peer that did advertise tdialog: out of the dialog', () => {
    const { n, refer, callId } = bareAliceTransferred('replaces, tdialog')
    expect(callIdOf(refer.msg)).not.toBe(callId)
    expect(tagOf(header(refer.msg, 'To'))).toBeUndefined()
    expect(header(refer.msg, 'Target-Dialog')).toMatch(new RegExp(`^${callId.replace(/[.]/g, '\\.')};`))
    expect(headersNamed(refer.msg, 'Require')).toEqual(['tdialog'])
    expect(n.logsOf('bob').filter((l) => l.includes('tdialog'))).toEqual([])
  })
})

describe('Require=replaces in the Refer-To of an attended transfer (RFC 5589 §7.3)', () => {
  /** bob consults charlie (c2) and refers alice to him. */
  const attended = (configs: Configs = {}): UaNet => {
    const n = callUp(configs)
    n.command('bob', { type: 'startConsultation', call: 'c1', target: charlieUri, consultation: 'c2' })
    n.runUntil(3000)
    expect(n.ua('bob')?.calls.get('c2')?.state).toBe('Confirmed')
    n.command('bob', { type: 'attendedTransfer', call: 'c1', consultation: 'c2' })
    n.runUntil(15_000)
    return n
  }

  it('a target that supports Replaces: Require=replaces rides in the Refer-To, and alice un-escapes it into Require: replaces', () => {
    const n = attended()
    const consultationOk = first(n, 'charlie', (w) => isResponse(w, 'INVITE', 200) && w.to === 'bob')
    expect(header(consultationOk.msg, 'Supported')).toMatch(/\breplaces\b/)
    const refer = first(n, 'bob', (w) => isRequest(w, 'REFER'))
    expect(header(refer.msg, 'Refer-To')).toMatch(/\?Replaces=[^>]*&Require=replaces>$/)
    const referral = refer.msg.type === 'request' ? readReferral(refer.msg) : E.left(undefined)
    expect(E.isRight(referral) && referral.right.require).toEqual(['replaces'])
    const invite = first(n, 'alice', (w) => isRequest(w, 'INVITE') && w.to === 'charlie')
    expect(headersNamed(invite.msg, 'Require')).toEqual(['replaces'])
    // The Replaces names the consultation dialog as charlie sees it: to-tag is charlie's tag.
    expect(header(invite.msg, 'Replaces')).toBe(`${callIdOf(consultationOk.msg)};to-tag=${tagOf(header(consultationOk.msg, 'To'))};from-tag=${tagOf(header(consultationOk.msg, 'From'))}`)
    expect(n.eventsOf('charlie')).toContainEqual({ type: 'replaced', call: 'c1', by: 'c2' })
    expect(n.eventsOf('bob')).toContainEqual({ type: 'transferSucceeded', call: 'c1' })
    expect(n.problems).toEqual([])
  })

  it('a target without Replaces does not advertise it, so the Refer-To carries no Require (the §7.7 fallback can happen)', () => {
    const n = attended({ charlie: { extensions: { refer: true, replaces: false } } })
    const consultationOk = first(n, 'charlie', (w) => isResponse(w, 'INVITE', 200) && w.to === 'bob')
    expect(header(consultationOk.msg, 'Supported')).not.toMatch(/\breplaces\b/)
    const refer = first(n, 'bob', (w) => isRequest(w, 'REFER'))
    expect(header(refer.msg, 'Refer-To')).toMatch(/\?Replaces=/)
    expect(header(refer.msg, 'Refer-To')).not.toMatch(/Require/)
    const invite = first(n, 'alice', (w) => isRequest(w, 'INVITE') && w.to === 'charlie')
    expect(headersNamed(invite.msg, 'Require')).toEqual([])
    // charlie takes it as a new call, so the transfer still succeeds.
    expect(statusOf(first(n, 'charlie', (w) => isResponse(w, 'INVITE') && w.to === 'alice' && statusOf(w)! >= 200))).toBe(200)
    expect(n.eventsOf('bob')).toContainEqual({ type: 'transferSucceeded', call: 'c1' })
  })
})

describe('the 2xx to REFER: 202 by default, 200 configurable (RFC 7647 §5)', () => {
  it.each([200, 202] as const)('alice answers %i; bob takes it as accepted and the transfer completes', (status) => {
    const n = callUp({ alice: { referResponse: status } })
    n.command('bob', { type: 'transfer', call: 'c1', target: charlieUri })
    n.runUntil(10_000)
    const answers = sent(n, 'alice', (w) => isResponse(w, 'REFER'))
    expect(answers.map((w) => statusOf(w))).toEqual([status])
    expect(n.eventsOf('bob').filter((e) => e.type.startsWith('transfer'))).toEqual([
      { type: 'transferAccepted', call: 'c1' },
      { type: 'transferProgress', call: 'c1', status: 100 },
      { type: 'transferSucceeded', call: 'c1' },
    ])
    expect(n.eventsOf('bob')).toContainEqual(expect.objectContaining({ type: 'ended', call: 'c1', reason: 'transferred' }))
    expect(n.eventsOf('alice')).toContainEqual({ type: 'transferSucceeded', call: 'c1', newCall: 'c2' })
    expect(n.problems).toEqual([])
  })
})

describe("onRefer: 'ask' (the application decides, RFC 3515 §2.4.2)", () => {
  const asked = (): UaNet => {
    const n = callUp({ alice: { onRefer: 'ask' } })
    n.command('bob', { type: 'transfer', call: 'c1', target: charlieUri })
    n.runUntil(5000)
    expect(n.eventsOf('alice')).toContainEqual(expect.objectContaining({ type: 'transferRequested', call: 'c1', target: `<${charlieUri}>` }))
    // The REFER is accepted and reported as Trying, but nothing is dialled until the application says so.
    expect(sent(n, 'alice', (w) => isResponse(w, 'REFER')).map((w) => statusOf(w))).toEqual([202])
    expect(sent(n, 'alice', (w) => isRequest(w, 'NOTIFY')).map((w) => text(w.msg))).toEqual(['SIP/2.0 100 Trying\r\n'])
    expect(sent(n, 'alice', (w) => isRequest(w, 'INVITE') && w.to === 'charlie')).toEqual([])
    return n
  }

  it('acceptTransfer: alice INVITEs charlie with Referred-By copied, and the transfer completes', () => {
    const n = asked()
    n.command('alice', { type: 'acceptTransfer', call: 'c1' })
    const invite = first(n, 'alice', (w) => isRequest(w, 'INVITE') && w.to === 'charlie')
    expect(header(invite.msg, 'Referred-By')).toMatch(/sip:bob@192\.0\.2\.2/)
    n.runUntil(15_000)
    expect(n.eventsOf('alice')).toContainEqual({ type: 'transferAccepted', call: 'c1' })
    expect(n.eventsOf('alice')).toContainEqual({ type: 'transferSucceeded', call: 'c1', newCall: 'c2' })
    expect(n.eventsOf('bob')).toContainEqual({ type: 'transferSucceeded', call: 'c1' })
    expect(n.problems).toEqual([])
  })

  it('rejectTransfer: the final NOTIFY says 603 Declined, bob learns the failure and both keep the call', () => {
    const n = asked()
    n.command('alice', { type: 'rejectTransfer', call: 'c1' })
    n.runUntil(15_000)
    const notifies = sent(n, 'alice', (w) => isRequest(w, 'NOTIFY'))
    expect(notifies.map((w) => text(w.msg))).toEqual(['SIP/2.0 100 Trying\r\n', 'SIP/2.0 603 Declined\r\n'])
    expect(header(notifies[1]!.msg, 'Subscription-State')).toBe('terminated;reason=noresource')
    expect(sent(n, 'alice', (w) => isRequest(w, 'INVITE') && w.to === 'charlie')).toEqual([])
    expect(n.eventsOf('alice')).toContainEqual({ type: 'transferFailed', call: 'c1', status: 603 })
    expect(n.eventsOf('bob')).toContainEqual({ type: 'transferFailed', call: 'c1', status: 603 })
    expect(n.ua('alice')?.calls.get('c1')?.state).toBe('Confirmed')
    expect(n.ua('bob')?.calls.get('c1')?.state).toBe('Confirmed')
  })

  it('acceptTransfer or rejectTransfer with no REFER waiting is an error event, and sends nothing', () => {
    const n = callUp({ alice: { onRefer: 'ask' } })
    const before = n.sends.length
    n.command('alice', { type: 'acceptTransfer', call: 'c1' })
    n.command('alice', { type: 'rejectTransfer', call: 'c1' })
    expect(n.eventsOf('alice').filter((e) => e.type === 'error')).toHaveLength(2)
    expect(n.sends.length).toBe(before)
  })
})
