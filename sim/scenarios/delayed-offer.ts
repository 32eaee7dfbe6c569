/** Delayed offer: an INVITE without SDP, the offer in the 2xx, the answer in the ACK (RFC 3261 §13.2.1, RFC 3264). */
import type { Scenario } from '../scenario.ts'
import { alice, answeredCall, bob } from './basic-call.ts'

export const delayedOffer: Scenario = {
  name: 'delayed-offer',
  description: 'alice calls bob with no SDP in the INVITE; bob offers in his 200; alice answers in the ACK; bob hangs up',
  participants: [
    { ...alice, config: { offerInInvite: false } },
    { ...bob, config: { autoAnswerMs: 500, media: { portBase: 30_000 } } },
  ],
  commands: [{ node: 'alice', at: 0, command: { type: 'dial', target: 'sip:bob@192.0.2.2:5060' } }],
  reactions: [{ node: 'bob', on: 'answered', after: 2000, command: { type: 'hangup', call: '$event.call' } }],
  expect: { events: answeredCall('bob') },
  livenessDeadline: 300_000,
}
