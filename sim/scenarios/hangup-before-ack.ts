/** Bob answers and hangs up at once: his BYE waits for the ACK of his 2xx (RFC 3261 §15). */
import type { Scenario } from '../scenario.ts'
import { alice, answeredCall, bob } from './basic-call.ts'

export const hangupBeforeAck: Scenario = {
  name: 'hangup-before-ack',
  description: 'alice calls bob; bob answers and hangs up in the same instant; the BYE goes out after the ACK',
  participants: [{ ...alice, config: {} }, { ...bob, config: {} }],
  commands: [{ node: 'alice', at: 0, command: { type: 'dial', target: 'sip:bob@192.0.2.2:5060' } }],
  reactions: [
    { node: 'bob', on: 'incoming', after: 500, command: { type: 'answer', call: '$event.call' } },
    { node: 'bob', on: 'incoming', after: 500, command: { type: 'hangup', call: '$event.call' } },
  ],
  expect: { events: answeredCall('bob') },
  livenessDeadline: 300_000,
}
