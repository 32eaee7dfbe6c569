/**
 * Glare: both parties put the call on hold in the same instant. Each re-INVITE meets
 * the other's offer and gets 491; each retries after a random back-off (RFC 3261 §14.1:
 * 2.1–4 s for the owner of the Call-ID, 0–2 s for the other), both end held, then both
 * resume and alice hangs up.
 */
import type { Scenario } from '../scenario.ts'
import { alice, bob } from './basic-call.ts'

export const glare: Scenario = {
  name: 'glare',
  description: 'alice and bob both hold at the same moment: 491 both ways, randomised retries, both held; both resume; alice hangs up',
  participants: [{ ...alice, config: {} }, { ...bob, config: { autoAnswerMs: 500 } }],
  commands: [{ node: 'alice', at: 0, command: { type: 'dial', target: 'sip:bob@192.0.2.2:5060' } }],
  reactions: [
    // Bob answers (and sees `answered`) one hop before alice gets the 200: he holds one hop later, so the holds cross.
    { node: 'alice', on: 'answered', after: 3000, command: { type: 'hold', call: '$event.call' } },
    { node: 'bob', on: 'answered', after: 3010, command: { type: 'hold', call: '$event.call' } },
    { node: 'alice', on: 'held', where: { by: 'local' }, after: 5000, command: { type: 'resume', call: '$event.call' } },
    { node: 'bob', on: 'held', where: { by: 'local' }, after: 5000, command: { type: 'resume', call: '$event.call' } },
    // A hold or resume asked while an INVITE transaction is still in progress (the peer's
    // re-INVITE, or bob's own 2xx, waiting for its ACK) is refused (§14.1): ask again.
    ...(['alice', 'bob'] as const).flatMap((node) =>
      (['hold', 'resume'] as const).flatMap((type) =>
        ['another offer is in progress', 'the call is Accepted'].map((why) => ({
          node,
          on: 'error',
          where: { reason: `cannot ${type} now: ${why}` },
          after: 1000,
          command: { type, call: '$event.call' },
        })),
      ),
    ),
    { node: 'alice', on: 'resumed', where: { by: 'local' }, after: 15_000, command: { type: 'hangup', call: '$event.call' } },
  ],
  expect: {
    events: [
      { node: 'alice', type: 'answered' },
      { node: 'alice', type: 'held', where: { by: 'local' } },
      { node: 'alice', type: 'resumed', where: { by: 'local' } },
      { node: 'alice', type: 'ended', where: { reason: 'local-hangup' } },
      { node: 'bob', type: 'answered' },
      { node: 'bob', type: 'held', where: { by: 'local' } },
      { node: 'bob', type: 'resumed', where: { by: 'local' } },
      { node: 'bob', type: 'ended', where: { reason: 'remote-hangup' } },
    ],
  },
  livenessDeadline: 300_000,
}
