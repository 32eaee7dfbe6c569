/**
 * Blind transfer (RFC 5589 §6): alice calls bob, bob transfers alice to charlie.
 * Three phones in one process over real UDP on loopback. Run: npx tsx examples/blind-transfer.ts
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
    // Wait for an event by asking for it before the action that causes it.
    const bobAnswered = bob.waitFor('answered')
    await alice.dial(bob.uri)
    const { call: bobCall } = await bobAnswered

    // bob sends REFER; alice accepts it (onRefer defaults to 'accept') and calls charlie.
    const transferred = bob.waitFor('transferSucceeded')
    const aliceMoved = alice.waitFor('transferSucceeded')
    await bob.transfer(bobCall, charlie.uri)
    await transferred
    const { newCall } = await aliceMoved

    // alice and charlie talk; then alice hangs up.
    const charlieEnded = charlie.waitFor('ended')
    if (newCall !== undefined) await alice.hangup(newCall)
    await charlieEnded
  } finally {
    await Promise.all([alice.close(), bob.close(), charlie.close()])
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
