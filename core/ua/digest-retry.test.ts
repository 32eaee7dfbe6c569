/**
 * The digest client through the UA's step (RFC 3261 §22.2, RFC 7616 §3.3 `stale`): Alice is
 * a user agent with credentials on the test network (testing/ua-net.ts); Bob is a raw
 * endpoint playing a digest server with the core's own challenge and verification, so
 * each of Alice's answers is checked for real, and the test decides when a nonce is stale.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createChallenge, emptyNonceStore, verifyCredentials, type NonceStore } from '../auth/index.ts'
import { codecs, field, headerValue, headerValues, rawField, type SipRequest, type SipResponse } from '../message/index.ts'
import { seedPrng } from '../random/index.ts'
import { responseTo } from '../transaction/testing/messages.ts'
import type { UaEvent } from './event.ts'
import { makeUaNet, type UaNet } from './testing/ua-net.ts'

const realm = 'biloxi.example.com'
const bobUri = 'sip:bob@192.0.2.2:5060'
const nonceTtlMs = 1000
const answerSdp = ['v=0', 'o=bob 1 1 IN IP4 192.0.2.2', 's=-', 'c=IN IP4 192.0.2.2', 't=0 0', 'm=audio 30000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n')

/** Bob's side: a nonce store, challenges and verification (core/auth), with his own clock. */
const digestServer = () => {
  let store: NonceStore = emptyNonceStore
  let prng = seedPrng(99)
  const verdicts: string[] = []
  return {
    verdicts,
    challenge: (now: number, stale: boolean) => {
      const c = createChallenge({ realm, algorithms: ['SHA-256', 'MD5'], now, prng, nonceTtlMs, store, stale })
      store = c.store
      prng = c.prng
      return c.challenges
    },
    /** Checks Alice's credentials at `now`: 'missing', 'stale', 'ok' or what was wrong. */
    verify: (req: SipRequest, now: number): string => {
      const creds = headerValues(req, codecs.authorization)
      const mine = E.isRight(creds) ? creds.right.find((c) => c.params.some((p) => p.name === 'realm' && p.value === realm)) : undefined
      const v = verifyCredentials({
        credentials: mine,
        method: req.method,
        body: req.body,
        secretFor: (username) => (username === 'alice' ? { type: 'password', password: 'secret' } : undefined),
        store,
        now,
      })
      store = v.store
      const verdict = v.result.type === 'bad-credentials' ? v.result.reason : v.result.type
      verdicts.push(verdict)
      return verdict
    },
  }
}

const net = (): UaNet =>
  makeUaNet([{ name: 'alice', address: '192.0.2.1', config: { credentials: { username: 'alice', password: 'secret' }, keepaliveMs: 0 } }], {
    raw: { bob: '192.0.2.2' },
  })

interface Flow {
  readonly method: 'INVITE' | 'OPTIONS'
  readonly start: (n: UaNet) => void
  readonly success: (res: SipResponse) => SipResponse
  readonly succeeded: UaEvent
  readonly failed: UaEvent
}

const flows: ReadonlyArray<Flow> = [
  {
    method: 'INVITE',
    start: (n) => n.command('alice', { type: 'dial', target: bobUri, call: 'c1' }),
    success: (res) => ({
      ...res,
      headers: [...res.headers, rawField('Contact', `<${bobUri}>`), rawField('Content-Type', 'application/sdp')],
      body: new TextEncoder().encode(answerSdp),
    }),
    succeeded: { type: 'answered', call: 'c1' },
    failed: { type: 'ended', call: 'c1', reason: 'rejected', status: 401 },
  },
  {
    method: 'OPTIONS',
    start: (n) => n.command('alice', { type: 'options', target: bobUri }),
    success: (res) => res,
    succeeded: { type: 'optionsResult', target: bobUri, status: 200 },
    failed: { type: 'optionsResult', target: bobUri, status: 401 },
  },
]

/** Alice's requests of `method` to Bob so far. */
const requests = (n: UaNet, method: string): ReadonlyArray<SipRequest> =>
  n.sends.flatMap((w) => (w.from === 'alice' && w.msg.type === 'request' && w.msg.method === method ? [w.msg] : []))
const last = (n: UaNet, method: string): SipRequest => {
  const all = requests(n, method)
  expect(all.length).toBeGreaterThan(0)
  return all[all.length - 1]!
}
const challenged = (req: SipRequest, challenges: ReturnType<ReturnType<typeof digestServer>['challenge']>): SipResponse => {
  const res = responseTo(req, 401, 'bobtag')
  return { ...res, headers: [...res.headers, ...challenges.map((c) => field(codecs.wwwAuthenticate, c))] }
}
const cseqs = (reqs: ReadonlyArray<SipRequest>): ReadonlyArray<number> =>
  reqs.map((r) => {
    const c = headerValue(r, codecs.cseq)
    return E.isRight(c) && c.right !== undefined ? c.right.seq : NaN
  })
const raw = (r: SipRequest, key: string): string | undefined => r.headers.find((h) => h.key === key)?.value
const staleOf = (r: SipResponse): ReadonlyArray<boolean> => {
  const c = headerValues(r, codecs.wwwAuthenticate)
  return E.isRight(c) ? c.right.map((ch) => ch.params.some((p) => p.name === 'stale' && p.value === 'true')) : []
}

/**
 * Bob challenges the first request; Alice's answer is checked at `secondAt` (past the
 * nonce's lifetime it is stale) and answered by `second`. Returns the network and server.
 */
const firstTwoRounds = (flow: Flow, secondAt: number, second: (req: SipRequest, server: ReturnType<typeof digestServer>) => SipResponse) => {
  const n = net()
  const server = digestServer()
  flow.start(n)
  const first = last(n, flow.method)
  expect(server.verify(first, 0)).toBe('missing')
  n.inject('bob', 'alice', challenged(first, server.challenge(0, false)))
  const retry = last(n, flow.method)
  expect(retry).not.toBe(first)
  server.verify(retry, secondAt)
  n.inject('bob', 'alice', second(retry, server))
  return { n, server }
}

describe.each(flows)('digest retry of $method through the UA (RFC 3261 §22.2, RFC 7616 §3.3)', (flow) => {
  it('a 401 with stale=true after the first authenticated try is answered with the new nonce, and the request succeeds', () => {
    // Alice's first answer arrives after its nonce expired: the digest is right, the nonce stale.
    const { n, server } = firstTwoRounds(flow, 5000, (req, s) => challenged(req, s.challenge(5000, true)))
    expect(server.verdicts).toEqual(['missing', 'stale'])
    const third = last(n, flow.method)
    expect(server.verify(third, 5000)).toBe('ok')
    n.inject('bob', 'alice', flow.success(responseTo(third, 200, 'bobtag')))
    expect(n.eventsOf('alice')).toContainEqual(flow.succeeded)
    expect(n.eventsOf('alice').filter((e) => e.type === 'ended' || e.type === 'error')).toEqual([])
    // §22.2: the same Call-ID and From, CSeq one higher each time, a new branch each time.
    const sent = requests(n, flow.method)
    const first = cseqs(sent)[0]!
    expect(cseqs(sent)).toEqual([first, first + 1, first + 2])
    expect(new Set(sent.map((r) => raw(r, 'call-id'))).size).toBe(1)
    expect(new Set(sent.map((r) => raw(r, 'from'))).size).toBe(1)
    expect(new Set(sent.map((r) => raw(r, 'via'))).size).toBe(3)
  })

  it('a second challenge without stale after the authenticated try fails the request with that 401; no third try', () => {
    const { n, server } = firstTwoRounds(flow, 10, (req, s) => challenged(req, s.challenge(10, false)))
    // The credentials were right; Bob rejects them anyway (a changed password, say): no stale flag.
    expect(server.verdicts).toEqual(['missing', 'ok'])
    expect(requests(n, flow.method)).toHaveLength(2)
    expect(n.eventsOf('alice')).toContainEqual(flow.failed)
    expect(n.eventsOf('alice')).not.toContainEqual(flow.succeeded)
  })

  it('stale twice in a row is not followed again (one stale retry per realm): the request fails with the 401', () => {
    const { n, server } = firstTwoRounds(flow, 5000, (req, s) => challenged(req, s.challenge(5000, true)))
    const third = last(n, flow.method)
    expect(server.verify(third, 20_000)).toBe('stale')
    const stale = challenged(third, server.challenge(20_000, true))
    expect(staleOf(stale)).toEqual([true, true])
    n.inject('bob', 'alice', stale)
    expect(requests(n, flow.method)).toHaveLength(3)
    expect(n.eventsOf('alice')).toContainEqual(flow.failed)
  })
})
