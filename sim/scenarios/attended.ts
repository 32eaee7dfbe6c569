/**
 * Attended (consultative) transfer (RFC 5589 §7.3): bob holds alice, consults charlie,
 * then REFERs alice to charlie with Replaces; charlie replaces the consultation dialog
 * and BYEs it; bob BYEs alice after the final NOTIFY.
 */
import type { Scenario } from '../scenario.ts'
import { aliceCallsBob, bobCleansUpOnFailure, bobHangsUpOn, bobOnAnswer, charlieHangsUp, charlieTarget, parties, transferDeadline } from './transfer-helpers.ts'

export const consultCharlie = { type: 'startConsultation', call: 'c1', target: charlieTarget } as const

/** bob, once the consultation (its c2) is answered, transfers alice to it. */
export const referWhenConsulted = (outOfDialog = false) =>
  ({ node: 'bob', on: 'answered', where: { call: 'c2' }, after: 1000, command: { type: 'attendedTransfer', call: 'c1', consultation: 'c2', ...(outOfDialog ? { outOfDialog } : {}) }, times: 1 }) as const

/** What every successful attended transfer shows (order-stable events only). */
export const attendedSucceeded: Scenario['expect']['events'] = [
  { node: 'bob', type: 'consultationStarted', where: { call: 'c1', consultation: 'c2' } },
  { node: 'bob', type: 'transferSucceeded', where: { call: 'c1' } },
  { node: 'alice', type: 'held', where: { call: 'c1', by: 'remote' } },
  { node: 'alice', type: 'transferRequested' },
  { node: 'alice', type: 'transferSucceeded', where: { call: 'c1', newCall: 'c2' } },
  { node: 'charlie', type: 'answered', where: { call: 'c1' } },
  { node: 'charlie', type: 'replaced', where: { call: 'c1', by: 'c2' } },
  { node: 'charlie', type: 'ended', where: { call: 'c1', reason: 'replaced' } },
]

export const attended: Scenario = {
  name: 'attended',
  description: 'bob consults charlie, then REFERs alice to charlie with Replaces; charlie ends the consultation it replaced',
  participants: parties(),
  commands: aliceCallsBob,
  reactions: [bobOnAnswer(consultCharlie), referWhenConsulted(), charlieHangsUp('c2'), ...bobCleansUpOnFailure],
  expect: { events: attendedSucceeded },
  livenessDeadline: transferDeadline,
}

export const attendedRinging: Scenario = {
  name: 'attended-ringing',
  description: 'RFC 5589 §7.6 Fig. 11: bob transfers while charlie still rings; the REFER waits for the answer (no CANCEL)',
  participants: parties({}, 3000),
  commands: aliceCallsBob,
  reactions: [
    bobOnAnswer(consultCharlie),
    { node: 'bob', on: 'consultationStarted', after: 100, command: { type: 'attendedTransfer', call: 'c1', consultation: '$event.consultation' }, times: 1 },
    charlieHangsUp('c2'),
    ...bobCleansUpOnFailure,
  ],
  expect: { events: attendedSucceeded },
  livenessDeadline: transferDeadline,
}

export const attendedCancel: Scenario = {
  name: 'attended-cancel',
  description: 'bob consults charlie, then abandons the consultation: it ends and alice is taken off hold',
  participants: parties(),
  commands: aliceCallsBob,
  reactions: [
    bobOnAnswer(consultCharlie),
    { node: 'bob', on: 'answered', where: { call: 'c2' }, after: 1000, command: { type: 'cancelConsultation', call: 'c1' }, times: 1 },
    bobHangsUpOn('resumed', { call: 'c1', by: 'local' }),
    ...bobCleansUpOnFailure,
  ],
  expect: {
    events: [
      { node: 'bob', type: 'consultationStarted' },
      { node: 'bob', type: 'resumed', where: { call: 'c1', by: 'local' } },
      { node: 'alice', type: 'held', where: { by: 'remote' } },
      { node: 'alice', type: 'resumed', where: { by: 'remote' } },
      { node: 'alice', type: 'ended', where: { reason: 'remote-hangup' } },
      { node: 'charlie', type: 'answered' },
      { node: 'charlie', type: 'ended', where: { reason: 'remote-hangup' } },
    ],
  },
  livenessDeadline: transferDeadline,
}

/**
 * A real-peer form (shared/notes/real-peers.md): the target takes alice's INVITE with
 * Replaces as a new call and never ends the consultation. bob ends it himself 64·T1 after
 * the transfer succeeded (RFC 5589 §7.7's fallback), so nothing is left open.
 */
export const attendedTargetIgnoresReplaces: Scenario = {
  name: 'attended-target-ignores-replaces',
  description: 'charlie does not implement Replaces: alice\'s INVITE is a new call to it; bob ends the consultation charlie kept',
  participants: parties({ charlie: { extensions: { refer: true, replaces: false } } }),
  commands: aliceCallsBob,
  reactions: [bobOnAnswer(consultCharlie), referWhenConsulted(), charlieHangsUp('c2'), ...bobCleansUpOnFailure],
  expect: {
    events: [
      { node: 'bob', type: 'consultationStarted', where: { call: 'c1', consultation: 'c2' } },
      { node: 'bob', type: 'transferSucceeded', where: { call: 'c1' } },
      { node: 'bob', type: 'ended', where: { call: 'c2', reason: 'transferred' } },
      { node: 'alice', type: 'transferSucceeded', where: { call: 'c1', newCall: 'c2' } },
      { node: 'charlie', type: 'answered', where: { call: 'c2' } },
      { node: 'charlie', type: 'ended', where: { call: 'c1', reason: 'remote-hangup' } },
    ],
  },
  livenessDeadline: transferDeadline,
}

export const attendedScenarios: ReadonlyArray<Scenario> = [attended, attendedRinging, attendedCancel, attendedTargetIgnoresReplaces]
