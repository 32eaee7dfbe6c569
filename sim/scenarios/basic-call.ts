/** Alice calls Bob, Bob answers after ringing, Alice hangs up (RFC 3665 §3.1 in spirit). */
import type { ExpectedEvent, Scenario } from '../scenario.ts'

export const alice = { name: 'alice', address: { address: '192.0.2.1', port: 5060 } }
export const bob = { name: 'bob', address: { address: '192.0.2.2', port: 5060 } }
export const charlie = { name: 'charlie', address: { address: '192.0.2.3', port: 5060 } }

/** What alice and bob see of a call from alice that bob answers and `hangsUp` ends. */
export const answeredCall = (hangsUp: 'alice' | 'bob'): ReadonlyArray<ExpectedEvent> => {
  const reason = (node: 'alice' | 'bob'): string => (node === hangsUp ? 'local-hangup' : 'remote-hangup')
  return [
    { node: 'alice', type: 'answered' },
    { node: 'alice', type: 'ended', where: { reason: reason('alice') } },
    { node: 'bob', type: 'incoming' },
    { node: 'bob', type: 'answered' },
    { node: 'bob', type: 'ended', where: { reason: reason('bob') } },
  ]
}

export const basicCall: Scenario = {
  name: 'basic-call',
  description: 'alice calls bob; bob answers after 1 s of ringing; alice hangs up 2 s later',
  participants: [{ ...alice, config: {} }, { ...bob, config: {} }],
  commands: [{ node: 'alice', at: 0, command: { type: 'dial', target: 'sip:bob@192.0.2.2:5060' } }],
  reactions: [
    { node: 'bob', on: 'incoming', after: 1000, command: { type: 'answer', call: '$event.call' } },
    { node: 'alice', on: 'answered', after: 2000, command: { type: 'hangup', call: '$event.call' } },
  ],
  expect: { events: answeredCall('alice') },
  livenessDeadline: 300_000,
}
