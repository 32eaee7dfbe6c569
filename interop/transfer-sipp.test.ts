/**
 * Call transfer between `sipxfer ua` processes and sipp playing one role with the project's
 * scenarios (interop/sipp/*.xml): transferor, transferee or target, blind and attended
 * (RFC 5589 §6, §7). Every run is captured with tshark on its loopback ports; the test checks
 * the SIP ladder in order, that tshark finds no malformed frame, that the RFC oracle
 * (sim/oracle, as `sipxfer check`) finds no violation, and that sipp exited 0
 * (every call of its scenario succeeded).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { is, startUa, type Ua } from '../shell/cli/testing/cli-ua.ts'
import {
  between,
  body,
  header,
  freePorts,
  inOrder,
  seen,
  sippSucceeded,
  sipTexts,
  startCapture,
  startSipp,
  tempDir,
} from './testing/harness.ts'
import { finishCapture, sippSuite } from './testing/sipp-suite.ts'

sippSuite()

const hostPort = (ua: Ua): string => `127.0.0.1:${ua.port}`


const waitFor = async (what: string, pred: () => boolean, ms = 10_000): Promise<void> => {
  const until = Date.now() + ms
  while (!pred()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/**
 * The ladders every transfer here must show, dialog by dialog (messages of different dialogs
 * may interleave either way), and the causal order across them: the new call only after the
 * REFER was accepted, bob's BYE only after the target answered, and for attended transfer the
 * target ending the consultation only after accepting the INVITE with Replaces.
 */
const checkTransfer = (seq: ReadonlyArray<string>, o: { readonly hold?: boolean; readonly consultation?: string } = {}): void => {
  const original = between(seq, 'alice', 'bob')
  inOrder(original, [
    'alice>bob INVITE',
    'bob>alice 200/INVITE',
    'alice>bob ACK',
    ...(o.hold === true ? ['bob>alice INVITE', 'alice>bob 200/INVITE', 'bob>alice ACK'] : []),
    'bob>alice REFER',
    'alice>bob 202/REFER',
    'alice>bob NOTIFY', // 100 Trying
    'bob>alice 200/NOTIFY',
    'alice>bob NOTIFY', // … 200 OK
    'bob>alice 200/NOTIFY',
    'bob>alice BYE',
    'alice>bob 200/BYE',
  ])
  expect(original.at(-1)).toBe('alice>bob 200/BYE')
  inOrder(between(seq, 'alice', 'charlie'), ['alice>charlie INVITE', 'charlie>alice 200/INVITE', 'alice>charlie ACK', 'alice>charlie BYE', 'charlie>alice 200/BYE'])
  inOrder(seq, ['alice>bob 202/REFER', 'alice>charlie INVITE', 'charlie>alice 200/INVITE', 'bob>alice BYE'])
  expect(seq.lastIndexOf('alice>bob NOTIFY')).toBeGreaterThan(seq.indexOf('charlie>alice 200/INVITE'))
  if (o.consultation !== undefined) {
    const c = o.consultation
    inOrder(between(seq, c, 'charlie'), [`${c}>charlie INVITE`, `charlie>${c} 200/INVITE`, `${c}>charlie ACK`, `charlie>${c} BYE`, `${c}>charlie 200/BYE`])
    inOrder(seq, [`${c}>charlie ACK`, 'bob>alice REFER'])
    inOrder(seq, ['charlie>alice 200/INVITE', `charlie>${c} BYE`])
  }
}

/** The first INVITE captured from port `from` to port `to`. */
const inviteBetween = (file: string, from: number, to: number) => {
  const invite = sipTexts(file).find((m) => m.text.startsWith('INVITE ') && m.srcPort === from && m.dstPort === to)
  expect(invite, `an INVITE from port ${from} to ${to}`).toBeDefined()
  return invite!.text
}

/** The transferee's INVITE to the target replaces the transferor's consultation (its Call-ID, RFC 3891). */
const replacesOfConsultation = (file: string, o: { readonly transferee: number; readonly transferor: number; readonly target: number }): string | undefined => {
  const replaces = header(inviteBetween(file, o.transferee, o.target), 'Replaces')
  expect(replaces?.split(';')[0]).toBe(header(inviteBetween(file, o.transferor, o.target), 'Call-ID', 'i'))
  return replaces
}

const quit = async (...uas: Array<Ua>): Promise<void> => {
  for (const ua of uas) ua.send('quit')
  for (const ua of uas) expect(await ua.exit).toBe(0)
}

describe('sipp as transferor (bob)', () => {
  it('blind: REFER to alice, NOTIFY 100…200, BYE', async () => {
    const dir = tempDir()
    const alice = await startUa('alice')
    const charlie = await startUa('charlie', '--auto-answer')
    const bobPort = await freePorts(1)
    const names = { alice: alice.port, bob: bobPort, charlie: charlie.port }
    const capture = await startCapture(Object.values(names), dir, 'transferor-blind')
    const bob = await startSipp({ scenario: 'transferor.xml', keys: { refer_to: `sip:charlie@${hostPort(charlie)}` }, port: bobPort, dir, name: 'bob' })

    alice.send(`dial sip:bob@127.0.0.1:${bobPort}`)
    expect(await seen(alice, is('transferRequested', { call: 'c1' }))).toMatchObject({ target: `<sip:charlie@${hostPort(charlie)}>` })
    expect(await seen(alice, is('transferSucceeded', { call: 'c1' }))).toMatchObject({ newCall: 'c2' })
    await seen(alice, is('ended', { call: 'c1', reason: 'remote-hangup' }))
    await sippSucceeded(bob)
    expect(await seen(charlie, is('incoming'))).toMatchObject({ referredBy: `<sip:bob@127.0.0.1:${bobPort}>` })
    alice.send('hangup c2')
    await seen(charlie, is('ended', { reason: 'remote-hangup' }))
    await quit(alice, charlie)

    const seq = await finishCapture(capture, names)
    checkTransfer(seq)
    const notifies = sipTexts(capture.file).filter((m) => m.text.startsWith('NOTIFY ') && m.dstPort === bobPort)
    expect(body(notifies[0]!.text)).toMatch(/^SIP\/2\.0 100 /)
    expect(body(notifies.at(-1)!.text)).toMatch(/^SIP\/2\.0 200 /)
    expect(header(notifies.at(-1)!.text, 'Subscription-State')).toMatch(/^terminated/)
  })

  it('attended: consultation from a second sipp, REFER with Replaces, charlie BYEs the consultation', async () => {
    const dir = tempDir()
    const alice = await startUa('alice')
    const charlie = await startUa('charlie', '--auto-answer')
    // The consultation (bob → charlie) runs first, in its own sipp: its dialog identifiers
    // become the Replaces of the transferor's Refer-To (-key refer_to).
    const callId = `consult-${randomBytes(6).toString('hex')}`
    const fromTag = `bc${randomBytes(4).toString('hex')}`
    const tagFile = join(dir, 'charlie-tag')
    const ports = { bob: await freePorts(1), consult: await freePorts(1) }
    const names = { alice: alice.port, bob: ports.bob, consult: ports.consult, charlie: charlie.port }
    const capture = await startCapture(Object.values(names), dir, 'transferor-attended')
    const consult = await startSipp({
      scenario: 'consult.xml',
      remote: hostPort(charlie),
      keys: { from_tag: fromTag, tag_file: tagFile },
      extra: ['-s', 'charlie', '-cid_str', callId],
      port: ports.consult,
      dir,
      name: 'consult',
    })
    await seen(charlie, is('answered', { call: 'c1' }))
    await waitFor('the consultation to-tag', () => existsSync(tagFile) && /tag=\S+/.test(readFileSync(tagFile, 'utf8')))
    const toTag = readFileSync(tagFile, 'utf8').trim().replace(/^tag=/, '')
    const replaces = `${callId}%3Bto-tag%3D${toTag}%3Bfrom-tag%3D${fromTag}`
    const bob = await startSipp({ scenario: 'transferor.xml', keys: { refer_to: `sip:charlie@${hostPort(charlie)}?Replaces=${replaces}` }, port: ports.bob, dir, name: 'bob' })

    alice.send(`dial sip:bob@127.0.0.1:${ports.bob}`)
    expect(await seen(alice, is('transferSucceeded', { call: 'c1' }))).toMatchObject({ newCall: 'c2' })
    await sippSucceeded(bob)
    await sippSucceeded(consult)
    expect(await seen(charlie, is('incoming', { call: 'c2' }))).toMatchObject({ replaces: `${callId};to-tag=${toTag};from-tag=${fromTag}` })
    await seen(charlie, is('replaced', { call: 'c1', by: 'c2' }))
    alice.send('hangup c2')
    await seen(charlie, is('ended', { call: 'c2', reason: 'remote-hangup' }))
    await quit(alice, charlie)

    const seq = await finishCapture(capture, names)
    checkTransfer(seq, { consultation: 'consult' })
    expect(header(inviteBetween(capture.file, alice.port, charlie.port), 'Replaces')).toBe(`${callId};to-tag=${toTag};from-tag=${fromTag}`)
  })
})

describe('sipp as transferee (alice)', () => {
  it('blind: REFER from bob, 202, NOTIFY 100, INVITE charlie, NOTIFY 200, BYE from bob', async () => {
    const dir = tempDir()
    const bob = await startUa('bob', '--auto-answer')
    const charlie = await startUa('charlie', '--auto-answer')
    const alicePort = await freePorts(1)
    const names = { alice: alicePort, bob: bob.port, charlie: charlie.port }
    const capture = await startCapture(Object.values(names), dir, 'transferee-blind')
    const alice = await startSipp({ scenario: 'transferee.xml', remote: hostPort(bob), extra: ['-s', 'bob'], port: alicePort, dir, name: 'alice' })

    await seen(bob, is('answered', { call: 'c1' }))
    bob.send(`transfer c1 sip:charlie@${hostPort(charlie)}`)
    await seen(bob, is('transferSucceeded', { call: 'c1' }))
    await seen(bob, is('ended', { call: 'c1', reason: 'transferred' }))
    expect(await seen(charlie, is('incoming'))).toMatchObject({ referredBy: `<sip:bob@${hostPort(bob)}>` })
    await seen(charlie, is('ended', { reason: 'remote-hangup' }))
    await sippSucceeded(alice)
    await quit(bob, charlie)

    const seq = await finishCapture(capture, names)
    checkTransfer(seq)
    const refer = sipTexts(capture.file).find((m) => m.text.startsWith('REFER '))!
    expect(header(refer.text, 'Refer-To')).toBe(`<sip:charlie@${hostPort(charlie)}>`)
  })

  it('attended: bob holds, consults charlie, REFERs with Replaces; alice INVITEs charlie with Replaces', async () => {
    const dir = tempDir()
    const bob = await startUa('bob', '--auto-answer')
    const charlie = await startUa('charlie', '--auto-answer')
    const alicePort = await freePorts(1)
    const names = { alice: alicePort, bob: bob.port, charlie: charlie.port }
    const capture = await startCapture(Object.values(names), dir, 'transferee-attended')
    const alice = await startSipp({ scenario: 'transferee.xml', remote: hostPort(bob), extra: ['-s', 'bob'], port: alicePort, dir, name: 'alice' })

    await seen(bob, is('answered', { call: 'c1' }))
    bob.send('hold c1')
    await seen(bob, is('held', { call: 'c1' }))
    bob.send(`consult c1 sip:charlie@${hostPort(charlie)}`)
    await seen(bob, is('answered', { call: 'c2' }))
    bob.send('attended c1 c2')
    await seen(bob, is('transferSucceeded', { call: 'c1' }))
    await seen(bob, is('ended', { call: 'c2', reason: 'remote-hangup' }))
    await seen(bob, is('ended', { call: 'c1', reason: 'transferred' }))
    const replacing = await seen(charlie, is('incoming', { call: 'c2' }))
    await seen(charlie, is('replaced', { call: 'c1', by: 'c2' }))
    await seen(charlie, is('ended', { call: 'c2', reason: 'remote-hangup' }))
    await sippSucceeded(alice)
    await quit(bob, charlie)

    const seq = await finishCapture(capture, names)
    checkTransfer(seq, { hold: true, consultation: 'bob' })
    const replaces = replacesOfConsultation(capture.file, { transferee: alicePort, transferor: bob.port, target: charlie.port })
    expect(replacing).toMatchObject({ replaces })
  })
})

describe('sipp as target (charlie)', () => {
  it('blind: answers the transferee’s INVITE', async () => {
    const dir = tempDir()
    const alice = await startUa('alice')
    const bob = await startUa('bob', '--auto-answer')
    const charliePort = await freePorts(1)
    const names = { alice: alice.port, bob: bob.port, charlie: charliePort }
    const capture = await startCapture(Object.values(names), dir, 'target-blind')
    const charlie = await startSipp({ scenario: 'target.xml', calls: 1, port: charliePort, dir, name: 'charlie' })

    alice.send(`dial ${bob.uri}`)
    await seen(alice, is('answered', { call: 'c1' }))
    bob.send(`transfer c1 sip:charlie@127.0.0.1:${charliePort}`)
    expect(await seen(alice, is('transferSucceeded', { call: 'c1' }))).toMatchObject({ newCall: 'c2' })
    await seen(bob, is('transferSucceeded', { call: 'c1' }))
    await seen(alice, is('ended', { call: 'c1', reason: 'remote-hangup' }))
    alice.send('hangup c2')
    await seen(alice, is('ended', { call: 'c2', reason: 'local-hangup' }))
    await sippSucceeded(charlie)
    await quit(alice, bob)

    checkTransfer(await finishCapture(capture, names))
  })

  it('attended: sipp answers the consultation, then the INVITE with Replaces, and BYEs the consultation', async () => {
    const dir = tempDir()
    const alice = await startUa('alice')
    const bob = await startUa('bob', '--auto-answer')
    const charliePort = await freePorts(1)
    const names = { alice: alice.port, bob: bob.port, charlie: charliePort }
    const capture = await startCapture(Object.values(names), dir, 'target-attended')
    const charlie = await startSipp({ scenario: 'target.xml', calls: 2, port: charliePort, dir, name: 'charlie' })

    alice.send(`dial ${bob.uri}`)
    await seen(alice, is('answered', { call: 'c1' }))
    bob.send('hold c1')
    await seen(bob, is('held', { call: 'c1' }))
    bob.send(`consult c1 sip:charlie@127.0.0.1:${charliePort}`)
    await seen(bob, is('answered', { call: 'c2' }))
    bob.send('attended c1 c2')
    expect(await seen(alice, is('transferSucceeded', { call: 'c1' }))).toMatchObject({ newCall: 'c2' })
    await seen(bob, is('transferSucceeded', { call: 'c1' }))
    await seen(bob, is('ended', { call: 'c2', reason: 'remote-hangup' })) // charlie ended the consultation
    await seen(alice, is('ended', { call: 'c1', reason: 'remote-hangup' }))
    alice.send('hangup c2')
    await seen(alice, is('ended', { call: 'c2', reason: 'local-hangup' }))
    await sippSucceeded(charlie)
    await quit(alice, bob)

    const seq = await finishCapture(capture, names)
    checkTransfer(seq, { hold: true, consultation: 'bob' })
    replacesOfConsultation(capture.file, { transferee: alice.port, transferor: bob.port, target: charliePort })
  })
})
