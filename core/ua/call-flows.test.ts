/**
 * Call flows driven by hand (quinn-proto style): a few user agents on the test network of
 * testing/ua-net.ts, with a fixed latency, packets dropped, delayed, duplicated or forked,
 * and a virtual clock that jumps to the next delivery or deadline. For what the simulator
 * cannot express: dropping exactly the ACKs, forking an INVITE to two UAS, glare with a late ACK.
 */
import { describe, expect, it } from 'vitest'
import type { SipMessage } from '../message/index.ts'
import { indexProblems } from './index-check.ts'
import { isQuiescent } from './ua.ts'
import { makeUaNet, type NetNode, type NetOptions, type NodeSpec, type UaNet, type Wire } from './testing/ua-net.ts'

const header = (m: SipMessage, key: string): string => m.headers.find((h) => h.key === key)?.value ?? ''
const cseq = (m: SipMessage): { readonly seq: number; readonly method: string } => {
  const [n, method] = header(m, 'cseq').trim().split(/\s+/)
  return { seq: Number(n), method: method ?? '' }
}
const tag = (v: string): string => /;\s*tag=([^;>\s]+)/i.exec(v)?.[1] ?? ''
const isReq = (m: SipMessage, method: string): boolean => m.type === 'request' && m.method === method
const isRes = (m: SipMessage, status: number, method: string): boolean => m.type === 'response' && m.status === status && cseq(m).method === method

/** The shared test network; the indexes beside the maps (state.ts) must agree with them after every step. */
const makeNet = (specs: ReadonlyArray<NodeSpec>, options: NetOptions = {}): UaNet =>
  makeUaNet(specs, { ...options, onProblems: (found) => expect(found).toEqual([]) })
const nodeOf = (net: UaNet, name: string): NetNode => {
  const n = net.node(name)
  if (n === undefined) throw new Error(`no node named ${name}`)
  return n
}

const alice = { name: 'alice', address: '192.0.2.1' }
const bob = { name: 'bob', address: '192.0.2.2' }
const bobUri = 'sip:bob@192.0.2.2:5060'

describe('hang-up before the ACK (RFC 3261 §15, §13.3.1.4)', () => {
  it('the callee that hangs up before the ACK sends its BYE only when the ACK arrives', () => {
    // Alice's ACK takes 3 s longer than anything else.
    const net = makeNet([alice, bob], { delay: (w) => (isReq(w.msg, 'ACK') && w.from === 'alice' ? 3000 : 0) })
    net.command('alice', { type: 'dial', target: bobUri, call: 'c1' })
    net.runUntil(100)
    net.command('bob', { type: 'answer', call: 'c1' })
    net.command('bob', { type: 'hangup', call: 'c1' })
    net.runUntil(60_000)
    const ackArrives = net.deliveries.find((w) => isReq(w.msg, 'ACK') && w.to === 'bob')?.at
    const bye = net.sends.filter((w) => isReq(w.msg, 'BYE'))
    expect(ackArrives).toBe(100 + 10 + 10 + 3000)
    expect(bye.map((w) => [w.from, w.at])).toEqual([['bob', ackArrives]])
    expect(net.sends.filter((w) => isRes(w.msg, 200, 'BYE')).map((w) => w.from)).toEqual(['alice'])
    expect(net.eventsOf('bob').map((e) => e.type)).toEqual(['incoming', 'answered', 'ended'])
    expect(net.eventsOf('alice').filter((e) => e.type === 'ended')).toEqual([{ type: 'ended', call: 'c1', reason: 'remote-hangup' }])
    net.runUntil(200_000)
    expect(net.nodes.map((n) => isQuiescent(n.ua))).toEqual([true, true])
  })

  it('with no ACK ever, the 2xx goes at T1, 2T1 … capped at T2, and the BYE after 64·T1; every 2xx is ACKed', () => {
    const net = makeNet([alice, bob], { drop: (w) => isReq(w.msg, 'ACK') })
    net.command('alice', { type: 'dial', target: bobUri, call: 'c1' })
    net.runUntil(100)
    net.command('bob', { type: 'answer', call: 'c1' })
    net.command('bob', { type: 'hangup', call: 'c1' })
    net.runUntil(60_000)
    const oks = net.sends.filter((w) => w.from === 'bob' && isRes(w.msg, 200, 'INVITE')).map((w) => w.at - 100)
    // T1 = 500, T2 = 4000: 0, 0.5, 1.5, 3.5, 7.5, 11.5 … s, until 64·T1 = 32 s.
    const expected = [0, 500, 1500, 3500]
    for (let t = 7500; t < 32_000; t += 4000) expected.push(t)
    expect(oks).toEqual(expected)
    const bye = net.sends.filter((w) => isReq(w.msg, 'BYE'))
    expect(bye.map((w) => [w.from, w.at])).toEqual([['bob', 100 + 32_000]])
    // §13.2.2.4: alice ACKs each 2xx she receives, retransmissions included.
    const okIn = net.deliveries.filter((w) => w.to === 'alice' && isRes(w.msg, 200, 'INVITE')).map((w) => w.at)
    const acks = net.sends.filter((w) => w.from === 'alice' && isReq(w.msg, 'ACK')).map((w) => w.at)
    expect(acks).toEqual(okIn)
    expect(net.sends.filter((w) => isRes(w.msg, 200, 'BYE')).map((w) => w.from)).toEqual(['alice'])
    net.runUntil(200_000)
    expect(net.nodes.map((n) => isQuiescent(n.ua))).toEqual([true, true])
  })
})

describe('CANCEL (RFC 3261 §9.1)', () => {
  it('a hang-up before any provisional sends one CANCEL, with the first 1xx, and later 1xx send no more', () => {
    // Bob's 100 and 180 both arrive (the 180 5 ms later, before the 487); the hang-up came before either.
    const net = makeNet([alice, bob], { delay: (w) => (isRes(w.msg, 180, 'INVITE') ? 5 : 0) })
    net.command('alice', { type: 'dial', target: bobUri, call: 'c1' })
    net.runUntil(1)
    net.command('alice', { type: 'hangup', call: 'c1' })
    expect(net.sends.filter((w) => isReq(w.msg, 'CANCEL'))).toEqual([])
    net.runUntil(60_000)
    const cancels = net.sends.filter((w) => isReq(w.msg, 'CANCEL'))
    const firstProvisional = net.deliveries.find((w) => w.to === 'alice' && w.msg.type === 'response' && w.msg.status < 200)?.at
    expect(cancels.map((w) => w.at)).toEqual([firstProvisional])
    expect(net.events.filter((e) => e.event.type === 'log' && e.event.level === 'warn')).toEqual([])
    expect(net.eventsOf('alice').filter((e) => e.type === 'ended')).toEqual([{ type: 'ended', call: 'c1', reason: 'cancelled', status: 487 }])
    expect(net.eventsOf('bob').filter((e) => e.type === 'ended')).toEqual([{ type: 'ended', call: 'c1', reason: 'cancelled', status: 487 }])
    net.runUntil(200_000)
    expect(net.nodes.map((n) => isQuiescent(n.ua))).toEqual([true, true])
  })
})

describe('forking (RFC 3261 §13.2.2.4)', () => {
  const bob2 = { name: 'bob2', address: '192.0.2.4', config: { user: 'bob', autoAnswerMs: 1000 } }
  // A forking proxy in spirit: the initial INVITE (no To tag) to bob also reaches bob2.
  const fork = (w: Wire): ReadonlyArray<string> => (w.to === 'bob' && isReq(w.msg, 'INVITE') && tag(header(w.msg, 'to')) === '' ? ['bob2'] : [])

  it('two 180s with different tags make two early dialogs; a second 2xx is ACKed and BYEd and the call keeps the first dialog', () => {
    const net = makeNet([alice, { ...bob, config: { autoAnswerMs: 500 } }, bob2], { fork })
    net.command('alice', { type: 'dial', target: bobUri, call: 'c1' })
    net.runUntil(100)
    const ringing = nodeOf(net, 'alice').ua.calls.get('c1')
    expect(ringing?.earlyDialogs.length).toBe(2)
    expect(nodeOf(net, 'alice').ua.dialogs.size).toBe(2)
    expect(net.eventsOf('alice').filter((e) => e.type === 'progress').length).toBe(2)
    net.runUntil(5000)
    const call = nodeOf(net, 'alice').ua.calls.get('c1')
    const bobTag = tag(header(net.sends.find((w) => w.from === 'bob' && isRes(w.msg, 200, 'INVITE'))?.msg as SipMessage, 'to'))
    const bob2Tag = tag(header(net.sends.find((w) => w.from === 'bob2' && isRes(w.msg, 200, 'INVITE'))?.msg as SipMessage, 'to'))
    expect(bobTag).not.toBe(bob2Tag)
    expect(call?.state).toBe('Confirmed')
    expect(call?.dialog?.split('\n')[2]).toBe(bobTag)
    expect(net.eventsOf('alice').filter((e) => e.type === 'answered').length).toBe(1)
    // The second fork: ACKed, then BYEd, at bob2's own address.
    const toBob2 = net.sends.filter((w) => w.from === 'alice' && w.to === 'bob2' && w.msg.type === 'request').map((w) => (w.msg.type === 'request' ? w.msg.method : ''))
    expect(toBob2).toEqual(['ACK', 'BYE'])
    expect(net.eventsOf('bob2').map((e) => e.type)).toEqual(['incoming', 'answered', 'ended'])
    expect(net.eventsOf('bob').map((e) => e.type)).toEqual(['incoming', 'answered'])
    net.command('alice', { type: 'hangup', call: 'c1' })
    net.runUntil(200_000)
    expect(net.eventsOf('bob').map((e) => e.type)).toEqual(['incoming', 'answered', 'ended'])
    expect(net.nodes.map((n) => isQuiescent(n.ua))).toEqual([true, true, true])
  })

  it('a retransmitted 2xx of the second fork is ACKed again but not BYEd again', () => {
    // bob2's 2xx arrives twice (a duplicate 5 ms later).
    const net = makeNet([alice, { ...bob, config: { autoAnswerMs: 500 } }, bob2], {
      fork,
      duplicate: (w) => (w.from === 'bob2' && isRes(w.msg, 200, 'INVITE') ? 5 : undefined),
    })
    net.command('alice', { type: 'dial', target: bobUri, call: 'c1' })
    net.runUntil(20_000)
    const okIn = net.deliveries.filter((w) => w.to === 'alice' && w.from === 'bob2' && isRes(w.msg, 200, 'INVITE')).length
    const acks = net.sends.filter((w) => w.from === 'alice' && w.to === 'bob2' && isReq(w.msg, 'ACK')).length
    const byes = net.sends.filter((w) => w.from === 'alice' && w.to === 'bob2' && isReq(w.msg, 'BYE'))
    expect(okIn).toBeGreaterThan(1)
    expect(acks).toBe(okIn)
    expect(new Set(byes.map((w) => header(w.msg, 'via'))).size).toBe(1)
    expect(net.sends.filter((w) => w.from === 'bob2' && w.msg.type === 'response' && w.msg.status === 481)).toEqual([])
    net.command('alice', { type: 'hangup', call: 'c1' })
    net.runUntil(200_000)
    expect(net.nodes.map((n) => isQuiescent(n.ua))).toEqual([true, true, true])
  })
})

describe('glare (RFC 3261 §14.1)', () => {
  it('a 491 retry that falls due while the peer\'s re-INVITE waits for its ACK is deferred, not dropped', () => {
    // Bob's ACKs of 2xx to re-INVITEs (CSeq 2 and up) take 5 s: alice's back-off (2.1–4 s) ends first.
    const net = makeNet([alice, { ...bob, config: { autoAnswerMs: 500 } }], {
      delay: (w) => (w.from === 'bob' && isReq(w.msg, 'ACK') && cseq(w.msg).seq >= 2 ? 5000 : 0),
    })
    net.command('alice', { type: 'dial', target: bobUri, call: 'c1' })
    net.runUntil(2000)
    net.command('alice', { type: 'hold', call: 'c1' })
    net.command('bob', { type: 'hold', call: 'c1' })
    net.runUntil(60_000)
    const glares = new Set(net.sends.filter((w) => isRes(w.msg, 491, 'INVITE')).map((w) => w.from))
    expect([...glares].sort()).toEqual(['alice', 'bob'])
    const aliceEvents = net.eventsOf('alice')
    expect(aliceEvents.filter((e) => e.type === 'error')).toEqual([])
    expect(aliceEvents).toContainEqual({ type: 'held', call: 'c1', by: 'local' })
    expect(net.eventsOf('bob')).toContainEqual({ type: 'held', call: 'c1', by: 'local' })
    // §14.1 back-off: alice (owner of the Call-ID) waits 2.1–4 s after the 491, bob 0–2 s.
    for (const [node, lo, hi] of [['alice', 2100, 4000], ['bob', 0, 2000]] as const) {
      const got491 = net.deliveries.find((w) => w.to === node && isRes(w.msg, 491, 'INVITE'))?.at ?? NaN
      const firstTimer = net.timersFired.find((t) => t.node === node && t.key.endsWith('/glare'))?.at ?? NaN
      expect(firstTimer - got491).toBeGreaterThanOrEqual(lo)
      expect(firstTimer - got491).toBeLessThanOrEqual(hi)
    }
    net.command('alice', { type: 'hangup', call: 'c1' })
    net.runUntil(300_000)
    expect(net.nodes.map((n) => isQuiescent(n.ua))).toEqual([true, true])
  })
})

describe('the ACK of a retransmitted 2xx (RFC 3261 §13.2.2.4)', () => {
  const acksOf = (net: UaNet) => net.sends.filter((w) => w.from === 'alice' && isReq(w.msg, 'ACK')).map((w) => [w.at, cseq(w.msg).seq])
  const oksIn = (net: UaNet) =>
    net.deliveries.filter((w) => w.to === 'alice' && isRes(w.msg, 200, 'INVITE')).map((w) => [w.at, cseq(w.msg).seq])

  it('a late copy of the first 2xx, after a re-INVITE, is ACKed with the CSeq of the first INVITE', () => {
    const net = makeNet([alice, { ...bob, config: { autoAnswerMs: 500 } }], {
      duplicate: (w) => (w.from === 'bob' && isRes(w.msg, 200, 'INVITE') && cseq(w.msg).seq === 1 ? 3000 : undefined),
    })
    net.command('alice', { type: 'dial', target: bobUri, call: 'c1' })
    net.runUntil(1500)
    net.command('alice', { type: 'hold', call: 'c1' })
    net.runUntil(10_000)
    expect(oksIn(net).map(([, s]) => s)).toEqual([1, 2, 1])
    expect(acksOf(net)).toEqual(oksIn(net))
    net.command('alice', { type: 'hangup', call: 'c1' })
    net.runUntil(200_000)
    expect(net.nodes.map((n) => isQuiescent(n.ua))).toEqual([true, true])
  })

  it('a late copy of a re-INVITE 2xx, after a newer re-INVITE, is ACKed with its own CSeq', () => {
    const net = makeNet([alice, { ...bob, config: { autoAnswerMs: 500 } }], {
      duplicate: (w) => (w.from === 'bob' && isRes(w.msg, 200, 'INVITE') && cseq(w.msg).seq === 2 ? 3000 : undefined),
    })
    net.command('alice', { type: 'dial', target: bobUri, call: 'c1' })
    net.runUntil(1500)
    net.command('alice', { type: 'hold', call: 'c1' })
    net.runUntil(2000)
    net.command('alice', { type: 'resume', call: 'c1' })
    net.runUntil(10_000)
    expect(oksIn(net).map(([, s]) => s)).toEqual([1, 2, 3, 2])
    expect(acksOf(net)).toEqual(oksIn(net))
    net.command('alice', { type: 'hangup', call: 'c1' })
    net.runUntil(200_000)
    expect(net.nodes.map((n) => isQuiescent(n.ua))).toEqual([true, true])
  })
})

describe('RTP ports (config.media.portBase)', () => {
  it('each outgoing call takes its own even port, with or without an application-chosen call id', () => {
    const net = makeNet([alice, bob])
    net.command('alice', { type: 'dial', target: bobUri, call: 'first' })
    net.command('alice', { type: 'dial', target: bobUri, call: 'second' })
    net.command('alice', { type: 'dial', target: bobUri })
    const ports = net.sends
      .filter((w) => w.from === 'alice' && isReq(w.msg, 'INVITE'))
      .map((w) => Number(/m=audio (\d+)/.exec(new TextDecoder().decode(w.msg.body))?.[1]))
    expect(ports).toEqual([20_000, 20_002, 20_004])
  })
})

describe('delayed offer with a lost ACK (RFC 3261 §13.2.1, §13.3.1.4, §14.2)', () => {
  it('a re-INVITE that overtakes the ACK carrying the answer does not leave the session stuck on 491', () => {
    // Alice's ACKs (which carry her answer) are lost for the first 1.5 s; she holds at once.
    const net = makeNet([{ ...alice, config: { offerInInvite: false } }, { ...bob, config: { autoAnswerMs: 500 } }], {
      drop: (w) => w.from === 'alice' && isReq(w.msg, 'ACK') && w.at < 1500,
    })
    net.command('alice', { type: 'dial', target: bobUri, call: 'c1' })
    net.runUntil(600)
    expect(net.eventsOf('alice')).toContainEqual({ type: 'answered', call: 'c1' })
    net.command('alice', { type: 'hold', call: 'c1' })
    net.runUntil(60_000)
    expect(net.eventsOf('alice')).toContainEqual({ type: 'held', call: 'c1', by: 'local' })
    expect(net.eventsOf('bob')).toContainEqual({ type: 'held', call: 'c1', by: 'remote' })
    // Bob's stream opened with alice's address and port, from the answer in the ACK or the re-INVITE.
    const bobMedia = net.media.filter((m) => m.node === 'bob' && m.media.type !== 'close').map((m) => (m.media.type === 'close' ? undefined : m.media.remote))
    expect(bobMedia.length).toBeGreaterThan(0)
    expect(bobMedia.every((r) => r?.address === '192.0.2.1' && r.port === 20_000)).toBe(true)
    expect(net.sends.filter((w) => isReq(w.msg, 'INVITE')).length).toBeLessThan(6)
    net.command('alice', { type: 'hangup', call: 'c1' })
    net.runUntil(300_000)
    expect(net.nodes.map((n) => isQuiescent(n.ua))).toEqual([true, true])
  })
})

describe('an ended call at the callee (RFC 6026, RFC 3261 §17.2.1)', () => {
  it('is forgotten at once; its INVITE server transaction absorbs a late INVITE, and a late ACK is dropped', () => {
    const net = makeNet([alice, bob])
    net.command('alice', { type: 'dial', target: bobUri, call: 'c1' })
    net.runUntil(100)
    net.command('bob', { type: 'answer', call: 'c1' })
    net.runUntil(200)
    net.command('alice', { type: 'hangup', call: 'c1' })
    net.runUntil(300)
    const ua = nodeOf(net, 'bob').ua
    expect(net.eventsOf('bob').map((e) => e.type)).toEqual(['incoming', 'answered', 'ended'])
    expect(ua.calls.size).toBe(0)
    expect([...ua.transactions.transactions.values()].map((t) => [t.type, t.state])).toContainEqual(['invite-server', 'Accepted'])
    const sentBefore = net.sends.filter((w) => w.from === 'bob').length
    const late = (method: string): Uint8Array => net.sends.find((w) => w.from === 'alice' && isReq(w.msg, method))?.data ?? new Uint8Array()
    for (const method of ['INVITE', 'ACK'])
      net.feed('bob', { type: 'packet', at: net.now, transport: 'udp', source: nodeOf(net, 'alice').address, destination: nodeOf(net, 'bob').address, data: late(method) })
    expect(net.sends.filter((w) => w.from === 'bob').length).toBe(sentBefore)
    expect(net.eventsOf('bob').map((e) => e.type)).toEqual(['incoming', 'answered', 'ended'])
    expect(indexProblems(nodeOf(net, 'bob').ua)).toEqual([])
    net.runUntil(100_000)
    expect(net.nodes.map((n) => isQuiescent(n.ua))).toEqual([true, true])
  })
})

describe('limits (config.limits)', () => {
  /** alice calls a bob with these limits; 100 ms later carol calls him too. */
  const secondCaller = (limits: { readonly maxCalls: number; readonly maxTransactions: number }) => {
    const carol = { name: 'carol', address: '192.0.2.3' }
    const net = makeNet([alice, carol, { ...bob, config: { limits } }])
    net.command('alice', { type: 'dial', target: bobUri })
    net.runUntil(100)
    net.command('carol', { type: 'dial', target: bobUri })
    net.runUntil(200)
    return net
  }

  it('a UAS at maxCalls answers 486 to one more INVITE, and takes calls again once one ended', () => {
    const net = secondCaller({ maxCalls: 1, maxTransactions: 100 })
    expect(net.eventsOf('bob').filter((e) => e.type === 'incoming')).toHaveLength(1)
    expect(net.sends.some((w) => w.from === 'bob' && w.to === 'carol' && isRes(w.msg, 486, 'INVITE'))).toBe(true)
    expect(nodeOf(net, 'bob').ua.liveCalls).toBe(1)
    net.command('alice', { type: 'hangup', call: 'c1' })
    net.runUntil(300)
    expect(nodeOf(net, 'bob').ua.liveCalls).toBe(0)
    net.command('carol', { type: 'dial', target: bobUri })
    net.runUntil(400)
    expect(net.eventsOf('bob').filter((e) => e.type === 'incoming')).toHaveLength(2)
  })

  it('a UA at maxTransactions answers a new request 503 with Retry-After, statelessly (RFC 3261 §21.5.4)', () => {
    const net = secondCaller({ maxCalls: 10, maxTransactions: 1 })
    const busy = net.sends.find((w) => w.from === 'bob' && w.to === 'carol' && isRes(w.msg, 503, 'INVITE'))
    expect(busy === undefined ? '' : header(busy.msg, 'retry-after')).toBe('5')
    expect(nodeOf(net, 'bob').ua.transactions.transactions.size).toBe(1)
    expect(net.eventsOf('carol')).toContainEqual(expect.objectContaining({ type: 'ended', status: 503 }))
  })

  it('a UAC at maxCalls refuses to dial with an error event', () => {
    const net = makeNet([{ ...alice, config: { limits: { maxCalls: 1, maxTransactions: 100 } } }, bob])
    net.command('alice', { type: 'dial', target: bobUri })
    net.command('alice', { type: 'dial', target: bobUri })
    expect(net.eventsOf('alice')).toContainEqual({ type: 'error', reason: 'call limit (1) reached' })
    expect(nodeOf(net, 'alice').ua.calls.size).toBe(1)
  })
})

describe('transport errors (RFC 3261 §17.1.4, §8.1.3.1)', () => {
  it('an INVITE the driver could not send fails the call at once, as a 503, and is not retransmitted', () => {
    const net = makeNet([alice, bob], { drop: () => true })
    net.command('alice', { type: 'dial', target: bobUri })
    const invite = net.sends.find((w) => isReq(w.msg, 'INVITE'))
    expect(invite).toBeDefined()
    net.feed('alice', { type: 'transport-error', at: net.now + 5, transport: 'udp', destination: { address: '192.0.2.2', port: 5060 }, data: invite?.data ?? new Uint8Array(), reason: 'ECONNREFUSED' })
    expect(net.eventsOf('alice')).toContainEqual({ type: 'ended', call: 'c1', reason: 'rejected', status: 503 })
    const sent = net.sends.length
    net.runUntil(40_000)
    expect(net.sends.length).toBe(sent)
    expect(isQuiescent(nodeOf(net, 'alice').ua)).toBe(true)
  })

  it('a failure to send something that is not a live request of ours changes nothing', () => {
    const net = makeNet([alice, bob])
    const before = nodeOf(net, 'alice').ua
    net.feed('alice', { type: 'transport-error', at: 0, transport: 'tcp', destination: { address: '192.0.2.2', port: 5060 }, data: new TextEncoder().encode('garbage'), reason: 'EPIPE' })
    expect(nodeOf(net, 'alice').ua.calls).toBe(before.calls)
    expect(nodeOf(net, 'alice').ua.transactions).toBe(before.transactions)
  })
})
