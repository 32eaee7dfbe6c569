/**
 * The pure core driven by hand (quinn-proto style): two user agents, a loop that carries
 * each `send` to the other UA as a `packet` input and fires timers by advancing a number.
 * No sockets, no clock, no Node API, so the same code runs in a browser (embed-core-browser.ts).
 * Run: npx tsx examples/embed-core.ts
 */
import { createUserAgent, step, type Command, type HostPort, type Input, type UserAgent } from '../core/index.ts'

type Name = 'alice' | 'bob'
const address: Record<Name, HostPort> = { alice: { address: '192.0.2.1', port: 5060 }, bob: { address: '192.0.2.2', port: 5060 } }
const LATENCY = 10 // ms, every packet

/** One call: alice dials bob, bob rings for 2 s and answers, alice hangs up at 5 s. */
export const callEvents = (): ReadonlyArray<string> => {
  const ua: Record<Name, UserAgent> = {
    alice: createUserAgent({ user: 'alice', ...address.alice }),
    bob: createUserAgent({ user: 'bob', ...address.bob, autoAnswerMs: 2000 }),
  }
  // Everything still to happen, in time order: commands, packets in flight, armed timers.
  let agenda: Array<{ readonly to: Name; readonly input: Input }> = []
  const events: Array<string> = []
  const command = (at: number, to: Name, c: Command): void => void agenda.push({ to, input: { type: 'command', at, command: c } })

  const deliver = (who: Name, input: Input): void => {
    const [next, outputs] = step(ua[who], input)
    ua[who] = next
    for (const o of outputs) {
      if (o.type === 'send') {
        const to: Name = o.destination.address === address.alice.address ? 'alice' : 'bob'
        const at = input.at + LATENCY
        agenda.push({ to, input: { type: 'packet', at, transport: o.transport, source: o.source ?? address[who], destination: o.destination, data: o.data } })
      } else if (o.type === 'timer') {
        // A timer output sets (or, with no `at`, clears) the one deadline of its key.
        agenda = agenda.filter((e) => !(e.to === who && e.input.type === 'timer' && e.input.key === o.key))
        if (o.at !== undefined) agenda.push({ to: who, input: { type: 'timer', at: o.at, key: o.key } })
      } else if (o.type === 'event' && o.event.type !== 'log') events.push(`${input.at} ms ${who}: ${JSON.stringify(o.event)}`)
      // `media` outputs (open/close RTP) have nobody to act on them here.
    }
  }

  command(0, 'alice', { type: 'dial', target: 'sip:bob@192.0.2.2:5060', call: 'c1' })
  command(5000, 'alice', { type: 'hangup', call: 'c1' })
  // "Now" is just the `at` of the earliest entry; the loop ends when nothing is left to happen.
  while (agenda.length > 0) {
    agenda.sort((a, b) => a.input.at - b.input.at) // stable: ties keep their order
    const { to, input } = agenda.shift()!
    deliver(to, input)
  }
  return events
}

// Printed when run (npx tsx …); silent when imported by a test or a browser bundle.
if (globalThis.process?.argv[1]?.endsWith('embed-core.ts') === true) for (const line of callEvents()) console.log(line)
