/**
 * The Promise facade in brief: alice calls bob, puts him on hold, resumes, hangs up.
 * Run: npx tsx examples/promise-api.ts
 */
import { pathToFileURL } from 'node:url'
import { createPhone } from '../shell/phone/index.ts'

export const main = async (print: (line: string) => void = console.log): Promise<void> => {
  const alice = await createPhone({ user: 'alice', listen: 'udp:127.0.0.1:0' })
  const bob = await createPhone({ user: 'bob', listen: 'udp:127.0.0.1:0' })
  bob.on('incoming', (e) => {
    print(`bob: call ${e.call} from ${e.from}`)
    void bob.answer(e.call)
  })
  bob.on('held', (e) => print(`bob: put on hold (${e.by})`))
  bob.on('resumed', (e) => print(`bob: taken off hold (${e.by})`))
  bob.on('ended', (e) => print(`bob: call ended (${e.reason})`))
  try {
    print(`alice is ${alice.uri}, bob is ${bob.uri}`)
    const answered = alice.waitFor('answered')
    const call = await alice.dial(bob.uri)
    await answered
    print(`alice: ${call} answered`)

    const held = alice.waitFor('held')
    await alice.hold(call)
    await held
    const resumed = alice.waitFor('resumed')
    await alice.resume(call)
    await resumed

    const ended = alice.waitFor('ended')
    await alice.hangup(call)
    print(`alice: call ended (${(await ended).reason})`)
    print(`alice: calls left: ${(await alice.calls()).filter((c) => c.state !== 'Terminated').length}`)
  } finally {
    await Promise.all([alice.close(), bob.close()])
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
