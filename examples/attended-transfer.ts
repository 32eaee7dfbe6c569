/**
 * Attended (consultative) transfer (RFC 5589 §7): alice calls bob; bob puts alice on
 * hold and calls charlie; then bob connects alice to charlie (REFER with Replaces,
 * RFC 3891). Three phones over real UDP on loopback. Run: npx tsx examples/attended-transfer.ts
 */
import { pathToFileURL } from 'node:url'
import { createPhone, type Phone } from '../shell/phone/index.ts'

const printEvents = (name: string, phone: Phone, print: (line: string) => void): void => {
  phone.on('event', (e) => {
    if (e.type !== 'log') print(`${name.padEnd(7)} ${JSON.stringify(e)}`)
  })
}

export const main = async (print: (line: string) => void = console.log): Promise<void> => {
  const alice = await createPhone({ user: 'alice' })
  const bob = await createPhone({ user: 'bob', autoAnswerMs: 0 })
  const charlie = await createPhone({ user: 'charlie', autoAnswerMs: 0 })
  printEvents('alice', alice, print)
  printEvents('bob', bob, print)
  printEvents('charlie', charlie, print)
  try {
    const bobAnswered = bob.waitFor('answered')
    await alice.dial(bob.uri)
    const { call: bobCall } = await bobAnswered

    // bob holds alice and calls charlie (the consultation).
    const consultAnswered = bob.waitFor('answered', (e) => e.call !== bobCall)
    const consultation = await bob.startConsultation(bobCall, charlie.uri)
    await consultAnswered

    // bob hands alice over: alice calls charlie with Replaces; charlie's call with bob is replaced.
    const transferred = bob.waitFor('transferSucceeded')
    const replaced = charlie.waitFor('replaced')
    const aliceMoved = alice.waitFor('transferSucceeded')
    await bob.attendedTransfer(bobCall, consultation)
    await Promise.all([transferred, replaced])
    const { newCall } = await aliceMoved

    const charlieEnded = charlie.waitFor('ended', (e) => e.reason === 'remote-hangup')
    if (newCall !== undefined) await alice.hangup(newCall)
    await charlieEnded
  } finally {
    await Promise.all([alice.close(), bob.close(), charlie.close()])
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
