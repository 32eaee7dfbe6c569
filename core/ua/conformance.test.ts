/**
 * RFC 4475 and RFC 5118 semantic verdicts (fixtures/*\/EXPECTED.md) against the user
 * agent: each torture message arrives as one UDP datagram; we assert what the UA
 * answers, or that it drops the message. Syntax verdicts are in
 * core/message/conformance.test.ts.
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseMessage, rawHeader, type SipResponse } from '../message/index.ts'
import { createUserAgent, step } from './ua.ts'

const dir = new URL('../../fixtures/rfc4475/', import.meta.url)
const dir5118 = new URL('../../fixtures/rfc5118/wire/', import.meta.url)

/** The responses a UA sends back to one datagram, and its events. */
const deliver = (bytes: Uint8Array) => {
  const ua = createUserAgent({ user: 'user', address: '192.0.2.99', port: 5060 })
  const [, outputs] = step(ua, {
    type: 'packet',
    at: 0,
    transport: 'udp',
    source: { address: '192.0.2.1', port: 5060 },
    destination: { address: '192.0.2.99', port: 5060 },
    data: bytes,
  })
  const responses: Array<SipResponse> = []
  for (const o of outputs) {
    if (o.type !== 'send') continue
    const m = parseMessage(o.data)
    if (E.isRight(m) && m.right.type === 'response') responses.push(m.right)
  }
  return { responses, events: outputs.flatMap((o) => (o.type === 'event' ? [o.event] : [])) }
}
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}.dat`, dir)))
const file5118 = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}.sip`, dir5118)))
const statuses = (name: string | Uint8Array) => deliver(typeof name === 'string' ? file(name) : name).responses.map((r) => r.status)

const verdicts: ReadonlyArray<readonly [string, number, string]> = [
  ['badinv01', 400, '§3.1.2.1 extraneous separators in Via/Contact'],
  ['clerr', 400, '§3.1.2.2 Content-Length larger than the datagram'],
  ['ncl', 400, '§3.1.2.3 negative Content-Length'],
  ['scalar02', 400, '§3.1.2.4 overlarge CSeq'],
  ['quotbal', 400, '§3.1.2.6 unterminated quote'],
  ['ltgtruri', 400, '§3.1.2.7 <> around the Request-URI'],
  ['lwsruri', 400, '§3.1.2.8 LWS in the Request-URI'],
  ['lwsstart', 400, '§3.1.2.9 several SPs in the request line'],
  ['trws', 400, '§3.1.2.10 SPs after the version'],
  ['escruri', 400, '§3.1.2.11 escaped headers in the Request-URI'],
  ['regbadct', 400, '§3.1.2.13 name-addr URI with headers outside <>'],
  ['badaspec', 400, '§3.1.2.14 spaces inside <>'],
  ['badvers', 505, '§3.1.2.16 SIP/7.0'],
  ['mismatch01', 400, '§3.1.2.17 CSeq method differs'],
  ['mismatch02', 501, '§3.1.2.18 unknown method with a CSeq mismatch'],
  ['badbranch', 400, '§3.2.1 branch=z9hG4bK and nothing else (rejected, documented choice)'],
  ['insuf', 400, '§3.3.1 missing Call-ID, From, To, Max-Forwards'],
  ['unkscm', 416, '§3.3.2 unknown Request-URI scheme'],
  ['novelsc', 416, '§3.3.3 soap.beep scheme'],
  ['bext01', 420, '§3.3.5 unsupported Require'],
  ['invut', 415, '§3.3.6 unknown Content-Type'],
  ['regaut01', 405, '§3.3.7 REGISTER at an endpoint that is not a registrar'],
  ['multi01', 400, '§3.3.8 repeated single-valued headers'],
  ['mcl01', 400, '§3.3.9 two Content-Length values'],
  ['sdp01', 406, '§3.3.15 Accept excludes application/sdp'],
  ['intmeth', 501, '§3.1.1.2 unknown (but legal) method'],
  ['esc02', 501, '§3.1.1.5 RE%47IST%45R is not REGISTER'],
  // A UA is not a registrar (RFC 3261 §8.2.1): REGISTER is known and not allowed here.
  ['cparam01', 405, '§3.3.12 REGISTER (a registrar would accept it)'],
  ['cparam02', 405, '§3.3.13 REGISTER (a registrar would accept it)'],
  ['regescrt', 405, '§3.3.14 REGISTER (a registrar would accept it)'],
  ['unksm2', 405, '§3.3.4 REGISTER (a registrar would answer 400 for the isbn: To)'],
  ['escnull', 405, '§3.1.1.4 REGISTER (parses; a registrar would accept it)'],
  ['dblreq', 405, '§3.1.1.8 REGISTER (the trailing INVITE bytes are ignored)'],
  ['mpart01', 405, '§3.1.1.11 MESSAGE is not done by this UA'],
]

describe('RFC 4475 verdicts answered by the UA', () => {
  for (const [name, status, why] of verdicts) {
    it(`${name}: ${status} (${why})`, () => {
      const got = statuses(name)
      expect(got.filter((s) => s >= 200)).toEqual([status])
    })
  }
  it('baddn: the archive file is unterminated and dropped; the terminated variant gets 400 (§3.1.2.15)', () => {
    expect(statuses('baddn')).toEqual([])
    expect(statuses(new Uint8Array(readFileSync(new URL('variants/baddn.terminated.dat', dir))))).toEqual([400])
  })
  it('bext01: 420 lists the unsupported Require tags in Unsupported', () => {
    const [r] = deliver(file('bext01')).responses
    expect(rawHeader(r!, 'Unsupported')).toMatch(/nothingSupportsThis/)
  })
  it('501 and 405 carry Allow', () => {
    for (const name of ['intmeth', 'regaut01']) expect(rawHeader(deliver(file(name)).responses[0]!, 'Allow')).toContain('INVITE')
  })
  it('wsinv: well-formed, but its To tag names a dialog this UA does not have: 481 (RFC 3261 §12.2.2)', () => {
    expect(statuses('wsinv')).toEqual([100, 481])
  })
  for (const name of ['esc01', 'longreq', 'inv2543', 'baddate']) {
    it(`${name}: an acceptable INVITE rings (100, 180) and reaches the application`, () => {
      const { responses, events } = deliver(file(name))
      expect(responses.map((r) => r.status)).toEqual([100, 180])
      expect(events.some((e) => e.type === 'incoming')).toBe(true)
    })
  }
  for (const name of ['lwsdisp', 'semiuri', 'transports', 'zeromf']) {
    it(`${name}: an acceptable OPTIONS gets 200 (zeromf: Max-Forwards 0 is processed normally at an endpoint)`, () => {
      expect(statuses(name)).toEqual([200])
    })
  }
  for (const name of ['bcast', 'bigcode', 'scalarlg', 'noreason', 'unreason', 'test']) {
    it(`${name}: dropped without an answer (a response matching nothing, or unanswerable)`, () => {
      expect(statuses(name)).toEqual([])
    })
  }
})

describe('RFC 5118 verdicts answered by the UA', () => {
  it('ipv6-bad: 400 Bad Request for an unbracketed IPv6 Request-URI (§4.2)', () => {
    const { responses } = deliver(file5118('ipv6-bad'))
    expect(responses.map((r) => r.status)).toEqual([400])
    expect(responses[0]!.reason).toMatch(/Request-URI/)
    // The same REGISTER with the address in brackets is well-formed: this UA is not a
    // registrar and answers 405, so the 400 above is the IPv6 reference and nothing else.
    expect(deliver(file5118('ipv6-good')).responses.map((r) => r.status)).toEqual([405])
  })
})
