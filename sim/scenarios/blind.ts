/**
 * Blind transfer (RFC 5589 §6.2, Fig. 2): REFER inside the call's dialog, 202, NOTIFY
 * 100 Trying, alice INVITEs charlie, final NOTIFY 200 OK, then bob BYEs alice.
 */
import type { Scenario } from '../scenario.ts'
import { aliceCallsBob, charlieHangsUp, charlieTarget, parties, transferDeadline } from './transfer-helpers.ts'

export const blind: Scenario = {
  name: 'blind',
  description: 'bob blind-transfers alice to charlie inside the dialog; bob hangs up after the final NOTIFY',
  participants: parties(),
  commands: aliceCallsBob,
  reactions: [
    { node: 'bob', on: 'answered', after: 1000, command: { type: 'transfer', call: '$event.call', target: charlieTarget }, times: 1 },
    charlieHangsUp,
  ],
  expect: {
    events: [
      { node: 'bob', type: 'transferAccepted' },
      { node: 'bob', type: 'transferSucceeded' },
      { node: 'bob', type: 'ended', where: { reason: 'transferred' } },
      { node: 'alice', type: 'transferRequested' },
      { node: 'alice', type: 'transferSucceeded' },
      { node: 'alice', type: 'ended', where: { call: 'c1', reason: 'remote-hangup' } },
      { node: 'alice', type: 'ended', where: { call: 'c2', reason: 'remote-hangup' } },
      { node: 'charlie', type: 'answered' },
      { node: 'charlie', type: 'ended', where: { reason: 'local-hangup' } },
    ],
  },
  livenessDeadline: transferDeadline,
}
