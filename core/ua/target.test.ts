/**
 * The transfer target (RFC 3891 §3) through the UA's step: bob and charlie are real
 * user agents with a call between them; alice is a bare endpoint whose INVITEs with
 * Replaces are written by hand, so each verdict is reached exactly.
 */
import { describe, expect, it } from 'vitest'
import type { UaConfigInput } from './config.ts'
import { handInvite, handRequest, isRequest, isResponse, makeUaNet, statusOf, type UaNet, type Wire } from './testing/ua-net.ts'

const aliceAt = { address: '192.0.2.1', port: 5060, user: 'alice' }
const bobUri = 'sip:bob@192.0.2.2:5060'
const charlieUri = 'sip:charlie@192.0.2.3:5060'

const net = (charlie: Partial<UaConfigInput> = {}, bob: Partial<UaConfigInput> = {}): UaNet =>
  makeUaNet(
    [
      { name: 'bob', address: '192.0.2.2', config: bob },
      { name: 'charlie', address: '192.0.2.3', config: charlie },
    ],
    { raw: { alice: '192.0.2.1' } },
  )

/** The identifiers of `node`'s only dialog: its own tag and its peer's. */
const dialogOf = (n: UaNet, node: string): { readonly callId: string; readonly mine: string; readonly theirs: string } => {
  const dialogs = [...(n.ua(node)?.dialogs.values() ?? [])]
  expect(dialogs).toHaveLength(1)
  const d = dialogs[0]!
  return { callId: d.id.callId, mine: d.id.localTag, theirs: d.id.remoteTag }
}

/** The Replaces value alice would send to `target` for its dialog: to-tag is the target's own tag (R3891-3). */
const replacesFor = (n: UaNet, target: string, params = ''): string => {
  const d = dialogOf(n, target)
  return `${d.callId};to-tag=${d.mine};from-tag=${d.theirs}${params}`
}

let invites = 0
/** alice's hand-built INVITE to `uri` with these Replaces values; returns charlie's final answer to it. */
const replacingInvite = (n: UaNet, replaces: ReadonlyArray<string>, uri: string = charlieUri, to = 'charlie'): Wire | undefined => {
  invites += 1
  const callId = `replacement-${invites}@192.0.2.1`
  n.inject('alice', to, handInvite({ uri, from: aliceAt, callId, branch: `z9hG4bKrep${invites}`, headers: replaces.map((r) => ['Replaces', r] as const) }))
  return n.sends.find((w) => w.from === to && w.to === 'alice' && isResponse(w, 'INVITE') && w.msg.type === 'response' && w.msg.status >= 200 && w.msg.headers.some((h) => h.key === 'call-id' && h.value === callId))
}

/** bob calls charlie; charlie answers unless told not to. */
const bobCallsCharlie = (answer: boolean, charlie: Partial<UaConfigInput> = {}): UaNet => {
  const n = net(charlie)
  n.command('bob', { type: 'dial', target: charlieUri, call: 'c1' })
  n.runUntil(100)
  if (answer) {
    n.command('charlie', { type: 'answer', call: 'c1' })
    n.runUntil(200)
  }
  return n
}

/** What charlie sent to bob from `since` on, by method or status. */
const toBob = (n: UaNet, since: number): ReadonlyArray<string> =>
  n.sends.filter((w) => w.at >= since && w.from === 'charlie' && w.to === 'bob').map((w) => (w.msg.type === 'request' ? w.msg.method : String(w.msg.status)))

describe('INVITE with Replaces at the target (RFC 3891 §3)', () => {
  it('a confirmed dialog: the INVITE is answered 200 at once (no ringing), the old dialog gets BYE, and both sides learn it (R3891-12)', () => {
    const n = bobCallsCharlie(true)
    expect(n.ua('charlie')?.calls.get('c1')?.state).toBe('Confirmed')
    const at = n.now
    const answer = replacingInvite(n, [replacesFor(n, 'charlie')])
    expect(statusOf(answer)).toBe(200)
    // Answered without a 180: a replacement takes the place of a call the user already has.
    expect(n.sends.some((w) => w.from === 'charlie' && w.to === 'alice' && isResponse(w, 'INVITE', 180))).toBe(false)
    expect(toBob(n, at)).toEqual(['BYE'])
    n.runUntil(at + 1000)
    expect(n.eventsOf('charlie')).toContainEqual({ type: 'replaced', call: 'c1', by: 'c2' })
    expect(n.eventsOf('charlie')).toContainEqual({ type: 'ended', call: 'c1', reason: 'replaced' })
    expect(n.eventsOf('charlie')).toContainEqual({ type: 'answered', call: 'c2' })
    expect(n.eventsOf('bob')).toContainEqual({ type: 'ended', call: 'c1', reason: 'remote-hangup' })
    expect(n.problems).toEqual([])
  })

  it('an early dialog this UA initiated: 200, and the replaced INVITE is CANCELled (R3891-13)', () => {
    // charlie calls bob, bob rings: charlie's early dialog is one it started (UAC).
    const n = net()
    n.command('charlie', { type: 'dial', target: bobUri, call: 'c1' })
    n.runUntil(100)
    expect(n.ua('charlie')?.calls.get('c1')?.state).toBe('Proceeding')
    const at = n.now
    expect(statusOf(replacingInvite(n, [replacesFor(n, 'charlie')]))).toBe(200)
    expect(toBob(n, at)).toEqual(['CANCEL'])
    n.runUntil(at + 1000)
    expect(n.eventsOf('bob')).toContainEqual({ type: 'ended', call: 'c1', reason: 'cancelled', status: 487 })
    expect(n.eventsOf('charlie')).toContainEqual({ type: 'replaced', call: 'c1', by: 'c2' })
    expect(n.problems).toEqual([])
  })

  it('no dialog matches: 481 (R3891-7)', () => {
    const n = bobCallsCharlie(true)
    const d = dialogOf(n, 'charlie')
    for (const replaces of [`nosuch@192.0.2.9;to-tag=${d.mine};from-tag=${d.theirs}`, `${d.callId};to-tag=${d.mine};from-tag=wrong`, `${d.callId};to-tag=${d.theirs};from-tag=${d.mine}`]) {
      expect(statusOf(replacingInvite(n, [replaces])), replaces).toBe(481)
    }
    expect(n.ua('charlie')?.calls.get('c1')?.state).toBe('Confirmed')
  })

  it('an early dialog this UA did not initiate (still ringing here): 481, and the ringing call is left alone (R3891-14)', () => {
    const n = bobCallsCharlie(false)
    expect(n.ua('charlie')?.calls.get('c1')?.state).toBe('Incoming')
    const at = n.now
    expect(statusOf(replacingInvite(n, [replacesFor(n, 'charlie')]))).toBe(481)
    expect(toBob(n, at)).toEqual([])
    expect(n.ua('charlie')?.calls.get('c1')?.state).toBe('Incoming')
    expect(n.eventsOf('charlie').filter((e) => e.type === 'replaced' || e.type === 'ended')).toEqual([])
  })

  it('early-only on a confirmed dialog: 486, and the call goes on (R3891-11)', () => {
    const n = bobCallsCharlie(true)
    const at = n.now
    expect(statusOf(replacingInvite(n, [replacesFor(n, 'charlie', ';early-only')]))).toBe(486)
    expect(toBob(n, at)).toEqual([])
    expect(n.ua('charlie')?.calls.get('c1')?.state).toBe('Confirmed')
  })

  it('a dialog that just ended: 603, so the replacement does not ring; long after, 481 (R3891-8)', () => {
    const n = bobCallsCharlie(true)
    const replaces = replacesFor(n, 'charlie')
    n.command('bob', { type: 'hangup', call: 'c1' })
    n.runUntil(n.now + 100)
    expect(n.eventsOf('charlie')).toContainEqual({ type: 'ended', call: 'c1', reason: 'remote-hangup' })
    expect(statusOf(replacingInvite(n, [replaces]))).toBe(603)
    expect(n.eventsOf('charlie').filter((e) => e.type === 'incoming')).toHaveLength(1)
    // Remembered for 64·T1 at least, then forgotten: a stale Replaces matches nothing.
    n.runUntil(n.now + 200_000)
    expect(statusOf(replacingInvite(n, [replaces]))).toBe(481)
  })

  it('two Replaces headers: 400, and the call goes on (R3891-4)', () => {
    const n = bobCallsCharlie(true)
    const at = n.now
    const replaces = replacesFor(n, 'charlie')
    const answer = replacingInvite(n, [replaces, replaces])
    expect(statusOf(answer)).toBe(400)
    // Refused for the repeated Replaces (validation finds it before the target's own check does).
    expect(answer?.msg.type === 'response' ? answer.msg.reason : '').toMatch(/Replaces/)
    expect(toBob(n, at)).toEqual([])
    expect(n.ua('charlie')?.calls.get('c1')?.state).toBe('Confirmed')
  })

  it('Replaces in a request other than INVITE: 400, and the named call goes on (R3891-4)', () => {
    const n = bobCallsCharlie(true)
    const at = n.now
    const replaces = replacesFor(n, 'charlie')
    for (const method of ['OPTIONS', 'REFER']) {
      const callId = `not-invite-${method}@192.0.2.1`
      const headers: ReadonlyArray<readonly [string, string]> = [['Replaces', replaces], ...(method === 'REFER' ? [['Refer-To', '<sip:dave@192.0.2.4>'] as const] : [])]
      n.inject('alice', 'charlie', handRequest({ method, uri: charlieUri, from: aliceAt, callId, branch: `z9hG4bKnotinv${method}`, headers }))
      const answer = n.sends.find((w) => w.from === 'charlie' && isResponse(w, method) && w.msg.headers.some((h) => h.key === 'call-id' && h.value === callId))
      expect(statusOf(answer), method).toBe(400)
    }
    expect(toBob(n, at)).toEqual([])
    expect(n.ua('charlie')?.calls.get('c1')?.state).toBe('Confirmed')
  })

  it('a target without Replaces (extension off) takes the INVITE as a new call: it rings and nothing is ended', () => {
    const n = bobCallsCharlie(true, { extensions: { refer: true, replaces: false } })
    const at = n.now
    n.inject('alice', 'charlie', handInvite({ uri: charlieUri, from: aliceAt, callId: 'plain@192.0.2.1', headers: [['Replaces', replacesFor(n, 'charlie')]] }))
    expect(n.sends.some((w) => w.from === 'charlie' && w.to === 'alice' && isResponse(w, 'INVITE', 180))).toBe(true)
    expect(toBob(n, at)).toEqual([])
    expect(n.sends.filter((w) => w.at >= at && isRequest(w, 'BYE'))).toEqual([])
  })
})
