/** Bob challenges INVITEs with digest (RFC 3261 §22, RFC 7616/8760); alice answers the 401 and the call goes on. */
import type { Scenario } from '../scenario.ts'
import { alice, answeredCall, bob } from './basic-call.ts'

const authenticate = { realm: 'biloxi.example.com', users: { alice: 'secret' }, methods: ['INVITE'], algorithms: ['SHA-256', 'MD5'], nonceTtlMs: 300_000 }

export const digestAuth: Scenario = {
  name: 'digest-auth',
  description: 'bob challenges the INVITE (401, SHA-256 and MD5); alice retries with credentials; bob answers; alice hangs up',
  participants: [
    { ...alice, config: { credentials: { username: 'alice', password: 'secret' } } },
    { ...bob, config: { autoAnswerMs: 500, authenticate } },
  ],
  commands: [{ node: 'alice', at: 0, command: { type: 'dial', target: 'sip:bob@192.0.2.2:5060' } }],
  reactions: [{ node: 'alice', on: 'answered', after: 2000, command: { type: 'hangup', call: '$event.call' } }],
  expect: { events: answeredCall('alice') },
  livenessDeadline: 300_000,
}

export const digestAuthWrongPassword: Scenario = {
  name: 'digest-auth-wrong-password',
  description: 'bob challenges the INVITE; alice retries with a wrong password, gets 401 again and gives up',
  participants: [
    { ...alice, config: { credentials: { username: 'alice', password: 'wrong' } } },
    { ...bob, config: { autoAnswerMs: 500, authenticate } },
  ],
  commands: [{ node: 'alice', at: 0, command: { type: 'dial', target: 'sip:bob@192.0.2.2:5060' } }],
  reactions: [],
  expect: { events: [{ node: 'alice', type: 'ended', where: { reason: 'rejected', status: 401 } }] },
  livenessDeadline: 300_000,
}
