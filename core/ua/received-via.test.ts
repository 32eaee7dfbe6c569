/**
 * RFC 3261 §18.2.1 and RFC 3581 §4: the server transport adds `received` when the top Via's
 * sent-by is not the packet's source address, fills an empty `rport` with the source port
 * (and then always adds `received`), and the responses go to the packet's source. Bob is a
 * user agent on the test network; Alice a raw endpoint (192.0.2.1:5060) whose Via says
 * whatever the test writes.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { codecs, headerValues, rawHeader } from '../message/index.ts'
import { request } from '../transaction/testing/messages.ts'
import { stampVia, withReceivedVia } from './received-via.ts'
import { makeUaNet } from './testing/ua-net.ts'

const alice = { address: '192.0.2.1', port: 5060 }

/** Bob answers one request from Alice; his responses (parsed) and where each went. */
const answer = (via: string, method = 'OPTIONS') => {
  const n = makeUaNet([{ name: 'bob', address: '192.0.2.2', config: { keepaliveMs: 0, autoAnswerMs: 0 } }], { raw: { alice: alice.address } })
  n.inject('alice', 'bob', request({ method, uri: 'sip:bob@192.0.2.2:5060', via, extra: method === 'INVITE' ? [['Contact', '<sip:alice@192.0.2.1:5060>']] : [] }))
  n.runUntil(100) // the auto-answer
  const sent = n.sends.filter((w) => w.from === 'bob' && w.msg.type === 'response')
  return { sent, vias: sent.map((w) => rawHeader(w.msg, 'via')) }
}

describe('stampVia (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
  const via = (value: string) => {
    const v = codecs.via.parse(value)
    if (E.isLeft(v)) throw new Error(v.left.reason)
    return v.right
  }
  const stamped = (value: string, source = alice) => {
    const s = stampVia(via(value), source)
    return s === undefined ? undefined : codecs.via.format(s)
  }

  it('leaves a Via whose sent-by is the source address and that asks no rport', () => {
    expect(stamped('SIP/2.0/UDP 192.0.2.1:5999;branch=z9hG4bKa')).toBeUndefined()
    expect(stamped('SIP/2.0/UDP [::1]:5060;branch=z9hG4bKa', { address: '::1', port: 5060 })).toBeUndefined()
  })

  it('adds received when the sent-by is another address or a domain name', () => {
    expect(stamped('SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKa')).toBe('SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKa;received=192.0.2.1')
    expect(stamped('SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKa')).toBe('SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKa;received=192.0.2.1')
    // A received the sender wrote itself is replaced by what was seen.
    expect(stamped('SIP/2.0/UDP 10.0.0.9;received=10.0.0.9;branch=z9hG4bKa')).toBe('SIP/2.0/UDP 10.0.0.9;branch=z9hG4bKa;received=192.0.2.1')
  })

  it('fills an empty rport with the source port, adding received even for the same address', () => {
    expect(stamped('SIP/2.0/UDP 192.0.2.1:5999;branch=z9hG4bKa;rport', { address: '192.0.2.1', port: 40123 })).toBe(
      'SIP/2.0/UDP 192.0.2.1:5999;branch=z9hG4bKa;rport=40123;received=192.0.2.1',
    )
    // An rport that already has a value is the sender's business.
    expect(stamped('SIP/2.0/UDP 192.0.2.1:5999;branch=z9hG4bKa;rport=7')).toBeUndefined()
  })

  it('stamps only the top via-parm of a comma list', () => {
    const req = request({ via: 'SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bKtop;rport, SIP/2.0/UDP proxy.example.com;branch=z9hG4bKold;rport' })
    const out = withReceivedVia(req, alice)
    expect(rawHeader(out, 'via')).toBe('SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bKtop;rport=5060;received=192.0.2.1, SIP/2.0/UDP proxy.example.com;branch=z9hG4bKold;rport')
    const same = request({ via: 'SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa' })
    expect(withReceivedVia(same, alice)).toBe(same)
  })
})

describe('a UA answering a request whose Via names another host', () => {
  it('OPTIONS from a sent-by that is not the source: the 200 carries received and goes to the source', () => {
    const { sent, vias } = answer('SIP/2.0/UDP 10.0.0.9:5999;branch=z9hG4bKopt1')
    expect(sent.map((w) => (w.msg.type === 'response' ? w.msg.status : 0))).toEqual([200])
    expect(vias).toEqual(['SIP/2.0/UDP 10.0.0.9:5999;branch=z9hG4bKopt1;received=192.0.2.1'])
    // Delivered to Alice's address and port (the test network names a destination only when both match).
    expect(sent.map((w) => w.to)).toEqual(['alice'])
  })

  it('INVITE with rport: every response (100, 200) has rport=<source port> and received', () => {
    const { sent, vias } = answer('SIP/2.0/UDP pc33.atlanta.example.com:5999;branch=z9hG4bKinv1;rport', 'INVITE')
    expect(sent.map((w) => (w.msg.type === 'response' ? w.msg.status : 0))).toEqual([100, 180, 200])
    for (const v of vias) expect(v).toBe('SIP/2.0/UDP pc33.atlanta.example.com:5999;branch=z9hG4bKinv1;rport=5060;received=192.0.2.1')
    expect(new Set(sent.map((w) => w.to))).toEqual(new Set(['alice']))
  })

  it('a Via that already names the source is echoed unchanged', () => {
    const { vias } = answer('SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKopt2')
    expect(vias).toEqual(['SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKopt2'])
  })

  it('between two UAs: the callee sees its caller’s rport filled in on every response', () => {
    const n = makeUaNet([
      { name: 'alice', address: '192.0.2.1' },
      { name: 'bob', address: '192.0.2.2', config: { autoAnswerMs: 0 } },
    ])
    n.command('alice', { type: 'dial', target: 'sip:bob@192.0.2.2:5060' })
    n.runUntil(2_000)
    const fromBob = n.sends.filter((w) => w.from === 'bob' && w.msg.type === 'response')
    expect(fromBob.length).toBeGreaterThan(0)
    for (const w of fromBob) {
      const v = headerValues(w.msg, codecs.via)
      expect(E.isRight(v) && v.right[0]?.params.find((p) => p.name === 'rport')?.value).toBe('5060')
      expect(E.isRight(v) && v.right[0]?.params.find((p) => p.name === 'received')?.value).toBe('192.0.2.1')
    }
    expect(n.eventsOf('alice').some((e) => e.type === 'answered')).toBe(true)
  })
})
