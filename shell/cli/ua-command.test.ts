/**
 * `sipxfer ua` as a child process (the built CLI: `npm run build` first; built here when
 * dist/ lacks it): commands on stdin, JSON events read from stdout.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, is, killAll, startUa } from './testing/cli-ua.ts'

beforeAll(ensureBuilt, 120_000)
afterEach(killAll)

describe('sipxfer ua (child processes)', () => {
  it('answers a bad command with an error line and exits 0 on stdin EOF', async () => {
    const ua = await startUa('solo')
    ua.send('frobnicate now')
    ua.send('answer')
    ua.send('transfer c1')
    expect(await ua.next(is('error'))).toMatchObject({ reason: 'unknown command "frobnicate"' })
    expect(await ua.next(is('error'))).toMatchObject({ reason: 'no ringing call' })
    expect(await ua.next(is('error'))).toMatchObject({ reason: 'usage: transfer CALL URI' })
    ua.send('hold c7')
    expect(await ua.next(is('error'))).toMatchObject({ call: 'c7' })
    ua.child.stdin!.end()
    expect(await ua.exit).toBe(0)
  })

  it('makes a call between two CLI user agents; SIGTERM hangs up before exiting', async () => {
    const [alice, bob] = await Promise.all([startUa('alice'), startUa('bob', '--auto-answer')])
    alice.send(`dial ${bob.uri}`)
    expect(await alice.next(is('dialing'))).toMatchObject({ call: 'c1' })
    await alice.next(is('answered', { call: 'c1' }))
    await bob.next(is('incoming'))
    await bob.next(is('answered', { call: 'c1' }))
    alice.send('hold')
    await alice.next(is('held', { call: 'c1', by: 'local' }))
    await bob.next(is('held', { call: 'c1', by: 'remote' }))
    alice.send('resume c1')
    await bob.next(is('resumed', { call: 'c1', by: 'remote' }))
    alice.send('calls')
    expect(await alice.next(is('calls'))).toMatchObject({ calls: [{ call: 'c1', state: 'Confirmed', role: 'uac' }] })
    // Graceful shutdown: BYE goes out before the process ends.
    bob.child.kill('SIGTERM')
    expect(await bob.exit).toBe(0)
    expect(bob.events.find(is('ended'))).toMatchObject({ call: 'c1', reason: 'local-hangup' })
    expect(await alice.next(is('ended', { call: 'c1' }))).toMatchObject({ reason: 'remote-hangup' })
    alice.send('quit')
    expect(await alice.exit).toBe(0)
  })

  it('runs a blind transfer among three CLI user agents', async () => {
    const [alice, bob, charlie] = await Promise.all([startUa('alice'), startUa('bob', '--auto-answer=0'), startUa('charlie', '--auto-answer=50')])
    alice.send(`dial ${bob.uri}`)
    await alice.next(is('answered', { call: 'c1' }))
    await bob.next(is('answered', { call: 'c1' }))
    bob.send(`transfer c1 ${charlie.uri}`)
    await alice.next(is('transferRequested', { call: 'c1' }))
    expect(await charlie.next(is('incoming'))).toMatchObject({ referredBy: expect.stringContaining(`sip:bob@127.0.0.1:${bob.port}`) })
    await charlie.next(is('answered'))
    expect(await alice.next(is('transferSucceeded', { call: 'c1' }))).toMatchObject({ newCall: 'c2' })
    await bob.next(is('transferSucceeded', { call: 'c1' }))
    expect(await bob.next(is('ended', { call: 'c1' }))).toMatchObject({ reason: 'transferred' })
    alice.send('hangup c2')
    await charlie.next(is('ended', { reason: 'remote-hangup' }))
    for (const ua of [alice, bob, charlie]) ua.child.stdin!.end()
    expect(await Promise.all([alice.exit, bob.exit, charlie.exit])).toEqual([0, 0, 0])
  })
})
