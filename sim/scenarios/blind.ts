/**
 * The blind (basic) transfer family (RFC 5589 §6): bob REFERs alice to charlie; the
 * outcome reaches bob in NOTIFYs; bob BYEs alice on success and keeps the call on failure.
 */
import type { Scenario } from '../scenario.ts'
import { aliceCallsBob, bobHangsUpOn, bobOnAnswer, charlieHangsUp, charlieTarget, parties, transferDeadline } from './transfer-helpers.ts'

const transferCharlie = { type: 'transfer', call: 'c1', target: charlieTarget } as const

// Expectations list only events whose order loss cannot change (a NOTIFY may overtake the REFER's 2xx, R3515-14).
const succeeded: Scenario['expect']['events'] = [
  { node: 'bob', type: 'transferSucceeded' },
  { node: 'bob', type: 'ended', where: { call: 'c1', reason: 'transferred' } },
  { node: 'alice', type: 'transferRequested' },
  { node: 'alice', type: 'transferSucceeded', where: { call: 'c1', newCall: 'c2' } },
  { node: 'charlie', type: 'answered' },
  { node: 'charlie', type: 'ended', where: { reason: 'local-hangup' } },
]

/** The failed-transfer ending: bob learns the status, the call stays, bob ends it later. */
const failedWith = (status: number, aliceLearns = true): Scenario['expect']['events'] => [
  { node: 'bob', type: 'transferFailed', where: { status } },
  { node: 'bob', type: 'ended', where: { call: 'c1', reason: 'local-hangup' } },
  ...(aliceLearns ? [{ node: 'alice', type: 'transferFailed', where: { status } }] : []),
  { node: 'alice', type: 'ended', where: { call: 'c1', reason: 'remote-hangup' } },
]

export const blind: Scenario = {
  name: 'blind',
  description: 'bob blind-transfers alice to charlie inside the dialog; bob hangs up after the final NOTIFY',
  participants: parties(),
  commands: aliceCallsBob,
  reactions: [bobOnAnswer(transferCharlie), charlieHangsUp(), bobHangsUpOn('transferFailed')],
  expect: { events: succeeded },
  livenessDeadline: transferDeadline,
}

export const blindEarlyBye: Scenario = {
  name: 'blind-early-bye',
  description: "the seed flow: REFER, 202, NOTIFY 100, bob BYEs at once, alice INVITEs charlie, final NOTIFY reaches bob's subscription",
  participants: parties(),
  commands: aliceCallsBob,
  reactions: [bobOnAnswer({ ...transferCharlie, earlyBye: true }), charlieHangsUp()],
  expect: {
    events: [
      // bob's BYE and the final NOTIFY race under loss: only the outcome is ordered; quiescence shows the call ended.
      { node: 'bob', type: 'transferSucceeded' },
      // alice's BYE from bob and her own success race each other under loss; the run's quiescence shows both calls ended.
      { node: 'alice', type: 'transferSucceeded' },
      { node: 'charlie', type: 'answered' },
      { node: 'charlie', type: 'ended', where: { reason: 'local-hangup' } },
    ],
  },
  livenessDeadline: transferDeadline,
}

export const blindBusy: Scenario = {
  name: 'blind-busy',
  description: 'charlie is busy (486): alice reports it, bob keeps the call (RFC 5589 §6.3.1)',
  participants: parties({}, 'never'),
  commands: aliceCallsBob,
  reactions: [
    bobOnAnswer(transferCharlie),
    { node: 'charlie', on: 'incoming', after: 200, command: { type: 'reject', call: '$event.call', status: 486 } },
    bobHangsUpOn('transferFailed'),
  ],
  expect: { events: failedWith(486) },
  livenessDeadline: transferDeadline,
}

export const blindNoAnswer: Scenario = {
  name: 'blind-no-answer',
  description: 'charlie never answers: alice CANCELs after its ring timeout, reports 487, bob keeps the call (RFC 5589 §6.3.2)',
  participants: parties({ alice: { transferRingTimeoutMs: 4000 } }, 'never'),
  commands: aliceCallsBob,
  reactions: [bobOnAnswer(transferCharlie), bobHangsUpOn('transferFailed')],
  expect: { events: [...failedWith(487), { node: 'charlie', type: 'ended', where: { reason: 'cancelled' } }] },
  livenessDeadline: transferDeadline,
}

export const blindReferRejected: Scenario = {
  name: 'blind-refer-rejected',
  description: 'alice refuses REFERs (603 Decline): bob keeps the call',
  participants: parties({ alice: { onRefer: 'reject' } }),
  commands: aliceCallsBob,
  reactions: [bobOnAnswer(transferCharlie), bobHangsUpOn('transferFailed')],
  expect: { events: failedWith(603, false) },
  livenessDeadline: transferDeadline,
}

export const blindReferSubFalse: Scenario = {
  name: 'blind-refer-sub-false',
  description: 'Refer-Sub: false (RFC 4488): no subscription, no NOTIFY; bob hands off on the 2xx',
  participants: parties(),
  commands: aliceCallsBob,
  reactions: [bobOnAnswer({ ...transferCharlie, noSubscription: true }), charlieHangsUp(), bobHangsUpOn('transferFailed')],
  expect: {
    events: [
      { node: 'bob', type: 'transferAccepted' },
      { node: 'bob', type: 'ended', where: { call: 'c1', reason: 'transferred' } },
      { node: 'alice', type: 'transferSucceeded' },
      { node: 'charlie', type: 'answered' },
    ],
  },
  livenessDeadline: transferDeadline,
}

export const blindTargetDialog: Scenario = {
  name: 'blind-target-dialog',
  description: 'the REFER goes outside the dialog with Target-Dialog and Require: tdialog (RFC 4538, RFC 5589 §6.1)',
  participants: parties(),
  commands: aliceCallsBob,
  reactions: [bobOnAnswer({ ...transferCharlie, outOfDialog: true }), charlieHangsUp(), bobHangsUpOn('transferFailed')],
  expect: { events: succeeded },
  livenessDeadline: transferDeadline,
}

export const byeDuringTransfer: Scenario = {
  name: 'bye-during-transfer',
  description: "alice BYEs bob as soon as she accepts the REFER; bob still answers the NOTIFYs (its subscription outlives the session) and learns the outcome",
  participants: parties(),
  commands: aliceCallsBob,
  reactions: [
    bobOnAnswer(transferCharlie),
    { node: 'alice', on: 'transferAccepted', after: 0, command: { type: 'hangup', call: '$event.call' }, times: 1 },
    charlieHangsUp(),
  ],
  expect: {
    events: [
      // alice's BYE and bob's own (after the outcome) may cross under loss: bob's end reason is not fixed.
      { node: 'bob', type: 'transferSucceeded' },
      { node: 'alice', type: 'transferSucceeded' },
      { node: 'charlie', type: 'answered' },
    ],
  },
  livenessDeadline: transferDeadline,
}

export const twoRefersOneDialog: Scenario = {
  name: 'two-refers-one-dialog',
  description: "RFC 5589 Fig. 10 without the proxy: the first REFER's target answers 403; a second REFER (a new Event id) succeeds",
  participants: parties({}, 'never'),
  commands: aliceCallsBob,
  reactions: [
    bobOnAnswer({ type: 'transfer', call: 'c1', target: 'sip:charlie-desk@192.0.2.3:5060' }),
    { node: 'charlie', on: 'incoming', where: { to: '<sip:charlie-desk@192.0.2.3:5060>' }, after: 100, command: { type: 'reject', call: '$event.call', status: 403 } },
    { node: 'charlie', on: 'incoming', where: { to: '<sip:charlie@192.0.2.3:5060>' }, after: 500, command: { type: 'answer', call: '$event.call' } },
    { node: 'bob', on: 'transferFailed', where: { status: 403 }, after: 500, command: transferCharlie, times: 1 },
    charlieHangsUp('c2'),
  ],
  expect: {
    events: [
      { node: 'bob', type: 'transferFailed', where: { status: 403 } },
      { node: 'bob', type: 'transferSucceeded' },
      { node: 'bob', type: 'ended', where: { call: 'c1', reason: 'transferred' } },
      { node: 'alice', type: 'transferFailed', where: { status: 403 } },
      { node: 'alice', type: 'transferSucceeded', where: { newCall: 'c3' } },
    ],
  },
  livenessDeadline: transferDeadline,
}

/**
 * In `blind-long-ring` alice offers 30 s refer subscriptions and charlie rings 45 s; alice
 * gives up on charlie after 60 s, so the outcome is known well before the swarm's crash
 * safety net (2 minutes) would hang up.
 */
const shortSubscriptionS = 30
const longRingMs = 45_000

export const blindLongRing: Scenario = {
  name: 'blind-long-ring',
  description: "charlie rings 45 s, longer than the 30 s refer subscription alice offers: bob refreshes it with SUBSCRIBE (RFC 6665 §4.1.2.2), alice's NOTIFY repeats the state, the transfer completes",
  participants: parties({ alice: { transferRingTimeoutMs: 60_000, referSubscriptionSeconds: shortSubscriptionS } }, longRingMs),
  commands: aliceCallsBob,
  // Under faults the subscription may run out with no report (transferOutcomeUnknown): bob then hangs up too.
  reactions: [bobOnAnswer(transferCharlie), charlieHangsUp(), bobHangsUpOn('transferFailed'), bobHangsUpOn('transferOutcomeUnknown')],
  expect: { events: succeeded },
  livenessDeadline: transferDeadline,
}

export const blindUnsubscribe: Scenario = {
  name: 'blind-unsubscribe',
  description: 'bob unsubscribes after the first NOTIFY (SUBSCRIBE Expires: 0, RFC 3515 §2.4.4): alice ends the reports (terminated;reason=timeout) but completes the transfer; bob hangs up later',
  participants: parties({}, 2000),
  commands: aliceCallsBob,
  reactions: [
    bobOnAnswer(transferCharlie),
    { node: 'bob', on: 'transferProgress', where: { call: 'c1' }, after: 0, command: { type: 'unsubscribe', call: 'c1' }, times: 1 },
    bobHangsUpOn('transferProgress', { call: 'c1' }, 6000),
    charlieHangsUp(),
  ],
  expect: {
    events: [
      // Under loss the outcome may reach bob before his unsubscribe does: then he ends the call as transferred.
      { node: 'bob', type: 'transferProgress', where: { call: 'c1', status: 100 } },
      { node: 'alice', type: 'transferSucceeded' },
      { node: 'charlie', type: 'answered' },
    ],
  },
  livenessDeadline: transferDeadline,
}

export const blindScenarios: ReadonlyArray<Scenario> = [
  blind, blindEarlyBye, blindBusy, blindNoAnswer, blindReferRejected, blindReferSubFalse, blindTargetDialog, byeDuringTransfer, twoRefersOneDialog,
  blindLongRing, blindUnsubscribe,
]
