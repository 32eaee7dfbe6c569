/**
 * Interop with sipp (sip-tester), when installed: its built-in `uac` scenario calls
 * `sipxfer ua`, and `sipxfer ua` calls its `uas`. sipp exits 0 only when the call succeeded.
 */
import { execFileSync, spawn } from 'node:child_process'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, is, killAll, startUa } from './testing/cli-ua.ts'

const hasSipp = ((): boolean => {
  try {
    execFileSync('sipp', ['-v'], { stdio: 'ignore' })
    return true
  } catch (e) {
    return (e as { code?: string }).code !== 'ENOENT' // sipp -v may exit non-zero; only a missing binary counts
  }
})()

/** sipp cannot bind port 0 and read it back; a random high port, media ports 4 apart (notes/real-peers.md). */
const port = (): number => 40_000 + 8 * Math.floor(Math.random() * 1_200)

const sipp = (args: ReadonlyArray<string>): { exit: Promise<number | null>; kill: () => void } => {
  const child = spawn('sipp', [...args], { stdio: 'ignore' })
  return { exit: new Promise((r) => child.on('exit', (code) => r(code))), kill: () => void child.kill('SIGKILL') }
}

beforeAll(ensureBuilt, 120_000)
afterEach(killAll)

describe.skipIf(!hasSipp)('sipxfer ua with sipp', () => {
  it('answers sipp -sn uac', async () => {
    const ua = await startUa('service', '--auto-answer')
    const p = port()
    const run = sipp(['-sn', 'uac', `127.0.0.1:${ua.port}`, '-i', '127.0.0.1', '-p', String(p), '-mp', String(p + 2), '-m', '1', '-d', '200', '-timeout', '10s', '-nostdin'])
    await ua.next(is('incoming'))
    expect(await ua.next(is('ended', { reason: 'remote-hangup' }))).toMatchObject({ call: 'c1' })
    expect(await run.exit).toBe(0)
    ua.child.stdin!.end()
    expect(await ua.exit).toBe(0)
  })

  it('calls sipp -sn uas and hangs up', async () => {
    const p = port()
    const run = sipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(p), '-mp', String(p + 2), '-m', '1', '-timeout', '10s', '-nostdin'])
    try {
      const ua = await startUa('alice')
      await new Promise((r) => setTimeout(r, 300))
      ua.send(`dial sip:service@127.0.0.1:${p}`)
      await ua.next(is('answered', { call: 'c1' }))
      ua.send('hangup c1')
      expect(await ua.next(is('ended', { call: 'c1' }))).toMatchObject({ reason: 'local-hangup' })
      expect(await run.exit).toBe(0)
    } finally {
      run.kill()
    }
  })
})
