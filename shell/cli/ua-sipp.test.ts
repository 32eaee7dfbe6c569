/**
 * Interop with sipp (sip-tester): its built-in `uac` scenario calls `sipxfer ua`, and
 * `sipxfer ua` calls its `uas`. sipp exits 0 only when the call succeeded. Both runs are
 * captured with tshark on their loopback ports (interop/testing/harness.ts): the SIP ladder
 * in order, no malformed frame, and no violation of the RFC oracle. CI installs sipp and
 * tshark (.ci/run): a missing one fails the file, it does not skip it.
 */
import { describe, expect, it } from 'vitest'
import {
  freePorts,
  inOrder,
  sippSucceeded,
  startCapture,
  startSipp,
  tempDir,
} from '../../interop/testing/harness.ts'
import { finishCapture, sippSuite } from '../../interop/testing/sipp-suite.ts'
import { is, startUa } from './testing/cli-ua.ts'

sippSuite()

describe('sipxfer ua with sipp', () => {
  it('answers sipp -sn uac', { timeout: 30_000 }, async () => {
    const dir = tempDir()
    const ua = await startUa('service', '--auto-answer')
    const sippPort = await freePorts(1)
    const names = { sipp: sippPort, ua: ua.port }
    const capture = await startCapture(Object.values(names), dir, 'uac')
    const sipp = await startSipp({ scenario: 'uac', remote: `127.0.0.1:${ua.port}`, port: sippPort, timeoutS: 10, dir, name: 'uac' })
    await ua.next(is('incoming'))
    expect(await ua.next(is('ended', { reason: 'remote-hangup' }), 10_000)).toMatchObject({ call: 'c1' })
    await sippSucceeded(sipp)
    ua.child.stdin!.end()
    expect(await ua.exit).toBe(0)

    const seq = await finishCapture(capture, names)
    inOrder(seq, ['sipp>ua INVITE', 'ua>sipp 180/INVITE', 'ua>sipp 200/INVITE', 'sipp>ua ACK', 'sipp>ua BYE', 'ua>sipp 200/BYE'])
  })

  it('calls sipp -sn uas and hangs up', { timeout: 30_000 }, async () => {
    const dir = tempDir()
    const ua = await startUa('alice')
    const sippPort = await freePorts(1)
    const names = { sipp: sippPort, ua: ua.port }
    const capture = await startCapture(Object.values(names), dir, 'uas')
    const sipp = await startSipp({ scenario: 'uas', port: sippPort, timeoutS: 10, dir, name: 'uas' })
    await new Promise((r) => setTimeout(r, 300)) // sipp binds its port
    ua.send(`dial sip:service@127.0.0.1:${sippPort}`)
    await ua.next(is('answered', { call: 'c1' }))
    ua.send('hangup c1')
    expect(await ua.next(is('ended', { call: 'c1' }))).toMatchObject({ reason: 'local-hangup' })
    await sippSucceeded(sipp)
    ua.child.stdin!.end()
    expect(await ua.exit).toBe(0)

    const seq = await finishCapture(capture, names)
    inOrder(seq, ['ua>sipp INVITE', 'sipp>ua 180/INVITE', 'sipp>ua 200/INVITE', 'ua>sipp ACK', 'ua>sipp BYE', 'sipp>ua 200/BYE'])
  })
})
