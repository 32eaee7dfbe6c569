/** Alice hangs up while Bob rings: CANCEL, 200 to the CANCEL, 487 to the INVITE (RFC 3261 §9). */
import type { Scenario } from '../scenario.ts'
import { alice, bob } from './basic-call.ts'

/** Alice dials Bob, who never answers, and hangs up `hangupAt` ms later. */
const cancelAt = (name: string, description: string, hangupAt: number): Scenario => ({
  name,
  description,
  participants: [{ ...alice, config: {} }, { ...bob, config: {} }],
  commands: [
    { node: 'alice', at: 0, command: { type: 'dial', target: 'sip:bob@192.0.2.2:5060', call: 'c1' } },
    { node: 'alice', at: hangupAt, command: { type: 'hangup', call: 'c1' } },
  ],
  reactions: [],
  expect: {
    events: [
      { node: 'alice', type: 'ended', where: { reason: 'cancelled', status: 487 } },
      { node: 'bob', type: 'incoming' },
      { node: 'bob', type: 'ended', where: { reason: 'cancelled', status: 487 } },
    ],
  },
  livenessDeadline: 300_000,
})

// A fixed time, not a reaction to the 180: a lost 180 is never sent again (§13.3.1.1 only asks for one a minute).
export const cancel: Scenario = cancelAt('cancel', 'alice calls bob; bob rings without answering; alice hangs up after 3 s: CANCEL and 487', 3000)

/** §9.1: hang-up before any provisional: the CANCEL waits for the first 1xx. */
export const cancelBeforeProvisional: Scenario = cancelAt(
  'cancel-before-provisional',
  'alice dials bob and hangs up 5 ms later, before any 1xx can arrive: the CANCEL goes out with the first 1xx',
  5,
)
