/** An answered call put on hold and resumed by re-INVITE (RFC 3264 §8.4), then ended by the callee. */
import type { Scenario } from '../scenario.ts'
import { alice, bob } from './basic-call.ts'

export const holdResume: Scenario = {
  name: 'hold-resume',
  description: 'alice calls bob; alice holds (sendonly), then resumes (sendrecv), then hangs up',
  participants: [{ ...alice, config: {} }, { ...bob, config: { autoAnswerMs: 500 } }],
  commands: [{ node: 'alice', at: 0, command: { type: 'dial', target: 'sip:bob@192.0.2.2:5060' } }],
  reactions: [
    { node: 'alice', on: 'answered', after: 1000, command: { type: 'hold', call: '$event.call' } },
    { node: 'alice', on: 'held', where: { by: 'local' }, after: 1000, command: { type: 'resume', call: '$event.call' } },
    { node: 'alice', on: 'resumed', where: { by: 'local' }, after: 1000, command: { type: 'hangup', call: '$event.call' } },
  ],
  expect: {
    events: [
      { node: 'alice', type: 'answered' },
      { node: 'alice', type: 'held', where: { by: 'local' } },
      { node: 'alice', type: 'resumed', where: { by: 'local' } },
      { node: 'alice', type: 'ended', where: { reason: 'local-hangup' } },
      { node: 'bob', type: 'answered' },
      { node: 'bob', type: 'held', where: { by: 'remote' } },
      { node: 'bob', type: 'resumed', where: { by: 'remote' } },
      { node: 'bob', type: 'ended', where: { reason: 'remote-hangup' } },
    ],
  },
  livenessDeadline: 300_000,
}
