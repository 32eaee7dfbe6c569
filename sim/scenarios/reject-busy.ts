/** Bob declines the call with 486 Busy Here (RFC 3261 §13.3.1.3). */
import type { Scenario } from '../scenario.ts'
import { alice, bob } from './basic-call.ts'

export const rejectBusy: Scenario = {
  name: 'reject-busy',
  description: 'alice calls bob; bob rejects with 486 Busy Here after 500 ms of ringing',
  participants: [{ ...alice, config: {} }, { ...bob, config: {} }],
  commands: [{ node: 'alice', at: 0, command: { type: 'dial', target: 'sip:bob@192.0.2.2:5060' } }],
  reactions: [{ node: 'bob', on: 'incoming', after: 500, command: { type: 'reject', call: '$event.call', status: 486 } }],
  expect: {
    events: [
      { node: 'alice', type: 'ended', where: { reason: 'rejected', status: 486 } },
      { node: 'bob', type: 'incoming' },
      { node: 'bob', type: 'ended', where: { reason: 'rejected', status: 486 } },
    ],
  },
  livenessDeadline: 300_000,
}
