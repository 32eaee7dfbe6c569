/**
 * The options and stdin commands of `sipxfer ua`, end to end: the built CLI as child
 * processes on loopback (like ua-command.test.ts), with an in-process phone where a test
 * needs to look inside (recorded audio, a digest challenge) and a bare UDP socket where it
 * needs the raw bytes. Every wait is bounded (cli-ua.ts `next`: 5 s).
 */
import { createSocket, type Socket } from 'node:dgram'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Effect, Layer } from 'effect'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { defaultCodecs } from '../../core/ua/index.ts'
import { encodeWav, makeMedia, toneSource, zeroCrossingHz, type MediaEngine } from '../media/index.ts'
import { createPhone, type Phone } from '../phone/index.ts'
import { Media } from '../runtime/index.ts'
import { ensureBuilt, is, killAll, runUaToEnd, startUa } from './testing/cli-ua.ts'

let dir = ''
beforeAll(async () => {
  ensureBuilt()
  dir = await mkdtemp(join(tmpdir(), 'sipxfer-ua-cli-'))
}, 120_000)
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const phones: Array<Phone> = []
const sockets: Array<Socket> = []
afterEach(async () => {
  killAll()
  for (const s of sockets.splice(0)) s.close()
  await Promise.all(phones.splice(0).map((p) => p.close()))
})

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const portBase = (): number => 30_000 + 2 * Math.floor(Math.random() * 4_000)

/** An auto-answering phone in this process whose RTP engine records what it hears. */
const listener = async (options: Partial<Parameters<typeof createPhone>[0]> = {}): Promise<{ readonly phone: Phone; readonly engine: () => MediaEngine }> => {
  let engine: MediaEngine | undefined
  const media = Layer.scoped(Media, Effect.tap(makeMedia({ recordMs: 400 }), (e) => Effect.sync(() => void (engine = e))))
  const phone = await createPhone({ user: 'listener', logLevel: 'none', autoAnswerMs: 0, media, config: { media: { portBase: portBase(), codecs: defaultCodecs } }, ...options })
  phones.push(phone)
  return { phone, engine: () => engine! }
}

/** A bare UDP socket on loopback: what arrives, as text. */
const rawPeer = async (): Promise<{ readonly port: number; readonly received: Array<string> }> => {
  const socket = createSocket('udp4')
  sockets.push(socket)
  const received: Array<string> = []
  socket.on('message', (m) => void received.push(m.toString('latin1')))
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()))
  return { port: socket.address().port, received }
}

const waitUntil = async (what: string, pred: () => boolean, ms = 5_000): Promise<void> => {
  const until = Date.now() + ms
  while (!pred()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

describe('sipxfer ua media options', () => {
  it('--wav: a missing file, an unplayable file and --wav with --tone are refused with a readable line', async () => {
    const stereo = encodeWav(new Int16Array(16))
    new DataView(stereo.buffer).setUint16(22, 2, true)
    await writeFile(join(dir, 'stereo.wav'), stereo)
    const [missing, unplayable, both] = await Promise.all([
      runUaToEnd(['--listen', 'udp:127.0.0.1:0', '--wav', join(dir, 'nope.wav')]),
      runUaToEnd(['--listen', 'udp:127.0.0.1:0', '--wav', join(dir, 'stereo.wav')]),
      runUaToEnd(['--listen', 'udp:127.0.0.1:0', '--wav', join(dir, 'stereo.wav'), '--tone', '440']),
    ])
    expect(missing).toMatchObject({ code: 1, stdout: '' })
    expect(missing.stderr).toMatch(/^sipxfer ua: --wav \S*nope\.wav: cannot read: .*ENOENT/)
    expect(unplayable).toMatchObject({ code: 1, stdout: '' })
    expect(unplayable.stderr).toMatch(/^sipxfer ua: --wav \S*stereo\.wav: unsupported WAV: 2 channels \(need mono\)/)
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/--tone and --wav exclude each other/)
  })

  it('--tone HZ and --wav FILE: the callee hears that tone, and the file', { timeout: 15_000 }, async () => {
    await writeFile(join(dir, 'tone.wav'), encodeWav(toneSource(1000, 8000, 0.4)(0, 8000)))
    const l = await listener()
    const [toner, player] = await Promise.all([startUa('toner', '--tone', '600'), startUa('player', '--wav', join(dir, 'tone.wav'))])
    const heard = async (ua: typeof toner): Promise<number> => {
      const incoming = l.phone.waitFor('incoming', undefined, 5_000)
      ua.send(`dial ${l.phone.uri}`)
      const { call } = await incoming
      await ua.next(is('answered', { call: 'c1' }))
      await sleep(600)
      const audio = await Effect.runPromise(l.engine().audio(call))
      expect(audio.length).toBeGreaterThan(800)
      return zeroCrossingHz(audio, 8000)
    }
    expect(await heard(toner)).toBeCloseTo(600, -1.5)
    expect(await heard(player)).toBeCloseTo(1000, -1.5)
  })

  it('--rtp-port N: the SDP offer’s m= port is N', async () => {
    const peer = await rawPeer()
    const rtp = portBase() + 10_000
    const ua = await startUa('alice', '--rtp-port', String(rtp))
    ua.send(`dial sip:peer@127.0.0.1:${peer.port}`)
    await waitUntil('the INVITE', () => peer.received.some((m) => m.startsWith('INVITE ')))
    const invite = peer.received.find((m) => m.startsWith('INVITE '))!
    expect(invite).toMatch(new RegExp(`\\r\\nm=audio ${rtp} RTP/AVP `))
  })
})

describe('sipxfer ua signalling options', () => {
  it('--listen tcp:…: a call over TCP only; --auto-answer=MS answers after MS', { timeout: 15_000 }, async () => {
    const [alice, bob] = await Promise.all([startUa('alice', '--listen', 'tcp:127.0.0.1:0'), startUa('bob', '--listen', 'tcp:127.0.0.1:0', '--auto-answer=800')])
    expect(alice.events[0]).toMatchObject({ event: 'listening', tcp: `127.0.0.1:${alice.port}` })
    expect(alice.events[0]).not.toHaveProperty('udp')
    expect(bob.uri).toMatch(/;transport=tcp$/)
    alice.send(`dial ${bob.uri}`)
    await bob.next(is('incoming'))
    const rang = Date.now()
    await alice.next(is('progress', { call: 'c1' }))
    await bob.next(is('answered', { call: 'c1' }))
    // The answer waited (the delay is 800 ms; the lines may reach us a little late or early).
    expect(Date.now() - rang).toBeGreaterThanOrEqual(600)
    await alice.next(is('answered', { call: 'c1' }))
    alice.send('hangup c1')
    expect(await bob.next(is('ended', { call: 'c1' }))).toMatchObject({ reason: 'remote-hangup' })
    // And without a delay it answers at once.
    const quick = await startUa('quick', '--listen', 'tcp:127.0.0.1:0', '--auto-answer=0')
    const asked = Date.now()
    alice.send(`dial ${quick.uri}`)
    await quick.next(is('answered', { call: 'c1' }))
    expect(Date.now() - asked).toBeLessThan(600)
  })

  it('--on-refer reject, and --on-refer ask answered by accept-transfer / reject-transfer on stdin', { timeout: 20_000 }, async () => {
    const [bob, charlie] = await Promise.all([startUa('bob', '--auto-answer'), startUa('charlie', '--auto-answer')])
    const [refuser, asker, decliner] = await Promise.all([
      startUa('refuser', '--on-refer', 'reject'),
      startUa('asker', '--on-refer', 'ask'),
      startUa('decliner', '--on-refer', 'ask'),
    ])
    /** `caller` calls bob, who transfers it to charlie; bob's id of that call. */
    const transferred = async (caller: typeof bob): Promise<string> => {
      caller.send(`dial ${bob.uri}`)
      await caller.next(is('answered', { call: 'c1' }))
      const incoming = await bob.next((e) => e.event === 'incoming' && String(e.from).includes(`sip:${caller.name}@`))
      const call = String(incoming.call)
      await bob.next(is('answered', { call }))
      bob.send(`transfer ${call} ${charlie.uri}`)
      return call
    }

    const refused = await transferred(refuser)
    expect(await bob.next(is('transferFailed', { call: refused }))).toMatchObject({ status: 603 })
    expect(refuser.events.find(is('transferRequested'))).toBeUndefined()

    const accepted = await transferred(asker)
    await asker.next(is('transferRequested', { call: 'c1' }))
    asker.send('accept-transfer c1')
    expect(await asker.next(is('transferSucceeded', { call: 'c1' }))).toMatchObject({ newCall: 'c2' })
    await bob.next(is('transferSucceeded', { call: accepted }))

    const declined = await transferred(decliner)
    await decliner.next(is('transferRequested', { call: 'c1' }))
    decliner.send('reject-transfer c1')
    await bob.next(is('transferFailed', { call: declined }))
    // A refused transfer keeps the call (RFC 5589 §6.3).
    decliner.send('calls')
    expect(await decliner.next(is('calls'))).toMatchObject({ calls: [{ call: 'c1', state: 'Confirmed' }] })
    expect(charlie.events.filter(is('incoming'))).toHaveLength(1)
  })

  it('--credentials USER:PASS answers a digest challenge (RFC 3261 §22.2); a wrong password is refused', { timeout: 15_000 }, async () => {
    const authenticate = { realm: 'sipxfer.test', users: { carol: 's3cret' }, methods: ['INVITE'], algorithms: ['MD5' as const], nonceTtlMs: 30_000 }
    const callee = await createPhone({ user: 'callee', logLevel: 'none', autoAnswerMs: 0, config: { authenticate } })
    phones.push(callee)
    const [good, bad, none] = await Promise.all([startUa('carol', '--credentials', 'carol:s3cret'), startUa('mallory', '--credentials', 'carol:guess'), startUa('anon')])
    good.send(`dial ${callee.uri}`)
    bad.send(`dial ${callee.uri}`)
    none.send(`dial ${callee.uri}`)
    await good.next(is('answered', { call: 'c1' }))
    expect(await bad.next(is('ended', { call: 'c1' }))).toMatchObject({ reason: 'rejected' })
    expect(await none.next(is('ended', { call: 'c1' }))).toMatchObject({ reason: 'rejected', status: 401 })
    expect(good.events.find(is('ended'))).toBeUndefined()
  })

  it('--log-level: debug writes the core’s debug lines to stderr, warn does not', { timeout: 10_000 }, async () => {
    const [debug, warn] = await Promise.all([startUa('loud', '--log-level', 'debug'), startUa('quiet', '--log-level', 'warn')])
    const junk = createSocket('udp4')
    sockets.push(junk)
    for (const ua of [debug, warn]) junk.send('not sip at all\r\n\r\n', ua.port, '127.0.0.1')
    await waitUntil('the debug line', () => /level=DEBUG .*dropped/.test(debug.stderr()))
    for (const ua of [debug, warn]) ua.send('quit')
    expect(await Promise.all([debug.exit, warn.exit])).toEqual([0, 0])
    expect(warn.stderr()).not.toMatch(/level=DEBUG|dropped/)
  })
})

describe('sipxfer ua stdin commands on real calls', () => {
  it('reject CALL CODE, unsubscribe CALL during a transfer, and answer of the ringing target', { timeout: 20_000 }, async () => {
    const [alice, bob, charlie] = await Promise.all([startUa('alice'), startUa('bob', '--auto-answer'), startUa('charlie')])
    // reject: charlie refuses alice's call with 486.
    alice.send(`dial ${charlie.uri}`)
    await charlie.next(is('incoming', { call: 'c1' }))
    charlie.send('reject c1 486')
    expect(await alice.next(is('ended', { call: 'c1' }))).toMatchObject({ reason: 'rejected', status: 486 })

    // unsubscribe: bob transfers alice to charlie, who rings; bob stops the reports.
    alice.send(`dial ${bob.uri}`)
    await alice.next(is('answered', { call: 'c2' }))
    await bob.next(is('answered', { call: 'c1' }))
    bob.send(`transfer c1 ${charlie.uri}`)
    await charlie.next(is('incoming', { call: 'c2' }))
    await bob.next(is('transferProgress', { call: 'c1', status: 180 }))
    bob.send('unsubscribe c1')
    await bob.next(is('transferOutcomeUnknown', { call: 'c1' }))
    expect(bob.events.find(is('transferSucceeded'))).toBeUndefined()

    // answer: charlie picks up the ringing call by hand; the transfer completes at alice.
    charlie.send('answer')
    await charlie.next(is('answered', { call: 'c2' }))
    expect(await alice.next(is('transferSucceeded', { call: 'c2' }))).toMatchObject({ newCall: 'c3' })
    await sleep(200)
    expect(bob.events.find(is('transferSucceeded'))).toBeUndefined() // it asked for no more reports
    for (const ua of [alice, bob, charlie]) ua.send('quit')
    expect(await Promise.all([alice.exit, bob.exit, charlie.exit])).toEqual([0, 0, 0])
  })
})
