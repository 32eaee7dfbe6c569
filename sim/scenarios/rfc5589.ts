/**
 * One scenario per RFC 5589 figure that needs no proxy or S/MIME (shared/rfc/rfc5589-flows.md):
 * Figs. 1–8 and 11–16. Fig. 16's Referred-By token is not modelled; the header is copied (RFC 3892 §2.2).
 */
import type { Reaction, Scenario } from '../scenario.ts'
import { attendedRinging, attendedSucceeded, consultCharlie, referWhenConsulted } from './attended.ts'
import { aliceCallsBob, aliceTarget, bobCleansUp, bobCleansUpOnFailure, bobHangsUpOn, bobOnAnswer, charlieHangsUp, charlieTarget, parties, transferDeadline } from './transfer-helpers.ts'

const holdThen = (command: Reaction['command']): ReadonlyArray<Reaction> => [
  bobOnAnswer({ type: 'hold', call: 'c1' }),
  { node: 'bob', on: 'held', where: { call: 'c1', by: 'local' }, after: 500, command, times: 1 },
]

const blindOk: Scenario['expect']['events'] = [
  { node: 'bob', type: 'transferSucceeded', where: { call: 'c1' } },
  { node: 'alice', type: 'held', where: { call: 'c1', by: 'remote' } },
  { node: 'alice', type: 'transferSucceeded', where: { call: 'c1', newCall: 'c2' } },
  { node: 'charlie', type: 'answered' },
]

/** A failed transfer: bob takes alice off hold (RFC 5589 §6.3) and ends the call later. */
const recovered = (status: number): Scenario['expect']['events'] => [
  { node: 'bob', type: 'transferFailed', where: { call: 'c1', status } },
  { node: 'bob', type: 'resumed', where: { call: 'c1', by: 'local' } },
  { node: 'alice', type: 'held', where: { by: 'remote' } },
  { node: 'alice', type: 'transferFailed', where: { status } },
  { node: 'alice', type: 'resumed', where: { by: 'remote' } },
]

const figure = (n: number, description: string, rest: Omit<Scenario, 'name' | 'description' | 'livenessDeadline' | 'commands'>): Scenario => ({
  name: `rfc5589-fig${n}`,
  description: `RFC 5589 Fig. ${n}: ${description}`,
  commands: aliceCallsBob,
  livenessDeadline: transferDeadline,
  ...rest,
})

const blindToCharlie = { type: 'transfer', call: 'c1', target: charlieTarget } as const

export const fig1 = figure(1, 'hold, REFER outside the dialog with Target-Dialog, success, bob BYEs alice', {
  participants: parties(),
  reactions: [...holdThen({ ...blindToCharlie, outOfDialog: true }), charlieHangsUp()],
  expect: { events: blindOk },
})

export const fig2 = figure(2, 'hold, REFER inside the dialog (dialog reuse), success', {
  participants: parties(),
  reactions: [...holdThen(blindToCharlie), charlieHangsUp()],
  expect: { events: blindOk },
})

export const fig3 = figure(3, 'target busy (486): alice reports it, bob takes alice off hold', {
  participants: parties({}, 'never'),
  reactions: [
    ...holdThen(blindToCharlie),
    { node: 'charlie', on: 'incoming', after: 200, command: { type: 'reject', call: '$event.call', status: 486 } },
    bobHangsUpOn('resumed', { call: 'c1', by: 'local' }),
  ],
  expect: { events: recovered(486) },
})

export const fig4 = figure(4, 'target does not answer: alice CANCELs, reports 487, bob takes alice off hold', {
  participants: parties({ alice: { transferRingTimeoutMs: 4000 } }, 'never'),
  reactions: [...holdThen(blindToCharlie), bobHangsUpOn('resumed', { call: 'c1', by: 'local' })],
  expect: { events: recovered(487) },
})

export const fig5 = figure(5, 'consultation, bob hangs up on charlie, then a blind REFER exposes the target', {
  participants: parties(),
  reactions: [
    bobOnAnswer(consultCharlie),
    { node: 'bob', on: 'answered', where: { call: 'c2' }, after: 1000, command: { type: 'hangup', call: 'c2' }, times: 1 },
    { node: 'bob', on: 'consultationEnded', after: 500, command: blindToCharlie, times: 1 },
    charlieHangsUp('c2'),
    ...bobCleansUpOnFailure,
  ],
  expect: {
    events: [
      { node: 'bob', type: 'consultationStarted' },
      { node: 'bob', type: 'consultationEnded' },
      { node: 'bob', type: 'transferSucceeded' },
      { node: 'alice', type: 'transferSucceeded' },
      { node: 'charlie', type: 'ended', where: { call: 'c1', reason: 'remote-hangup' } },
    ],
  },
})

/** Figs. 6 and 8 reverse the roles: charlie is REFERred to alice, replacing alice's call with bob. */
const reversed: Scenario['expect']['events'] = [
  { node: 'bob', type: 'transferSucceeded', where: { call: 'c2' } },
  { node: 'alice', type: 'replaced', where: { call: 'c1', by: 'c2' } },
  { node: 'alice', type: 'ended', where: { call: 'c1', reason: 'replaced' } },
  { node: 'charlie', type: 'transferRequested', where: { call: 'c1' } },
  { node: 'charlie', type: 'transferSucceeded', where: { call: 'c1', newCall: 'c2' } },
]

const aliceHangsUpReplacement: Reaction = { node: 'alice', on: 'answered', where: { call: 'c2' }, after: 3000, command: { type: 'hangup', call: 'c2' }, times: 1 }

export const fig6 = figure(6, 'protecting the target: bob REFERs charlie (out of dialog) to alice with Replaces; alice BYEs bob', {
  participants: parties(),
  reactions: [
    bobOnAnswer(consultCharlie),
    { node: 'bob', on: 'answered', where: { call: 'c2' }, after: 1000, command: { type: 'attendedTransfer', call: 'c2', consultation: 'c1', outOfDialog: true }, times: 1 },
    aliceHangsUpReplacement,
    ...bobCleansUp('c2'),
  ],
  expect: { events: reversed },
})

export const fig7 = figure(7, 'attended transfer, REFER outside the dialog with Target-Dialog', {
  participants: parties(),
  reactions: [bobOnAnswer(consultCharlie), referWhenConsulted(true), charlieHangsUp('c2'), ...bobCleansUpOnFailure],
  expect: { events: attendedSucceeded },
})

export const fig8 = figure(8, 'alice does not do REFER (501): bob reverses the roles and REFERs charlie to alice', {
  participants: parties({ alice: { extensions: { refer: false, replaces: true } } }),
  reactions: [
    bobOnAnswer(consultCharlie),
    referWhenConsulted(),
    { node: 'bob', on: 'transferFailed', where: { status: 501 }, after: 200, command: { type: 'attendedTransfer', call: 'c2', consultation: 'c1' }, times: 1 },
    aliceHangsUpReplacement,
    ...bobCleansUp('c2'),
  ],
  expect: { events: [{ node: 'bob', type: 'transferFailed', where: { call: 'c1', status: 501 } }, ...reversed] },
})

// Fig. 11 is the issue's `attended-ringing` scenario under its figure's name.
export const fig11: Scenario = {
  ...attendedRinging,
  name: 'rfc5589-fig11',
  description: 'RFC 5589 Fig. 11: semi-attended: the REFER waits for the ringing target to answer, no CANCEL',
}

/** Figs. 12 and 13: bob CANCELs the ringing consultation, then transfers blind (or with Replaces if charlie answered anyway). */
const cancelThenTransfer = (cancelAfter: number): ReadonlyArray<Reaction> => [
  bobOnAnswer(consultCharlie),
  { node: 'bob', on: 'progress', where: { call: 'c2', status: 180 }, after: cancelAfter, command: { type: 'hangup', call: 'c2' }, times: 1 },
  // After the 487 (the CANCEL won): blind. If charlie's 200 won instead (Fig. 13), the consultation is kept: Replaces.
  // Under loss the hang-up may meet an answered call (BYE instead of CANCEL): blind as well.
  { node: 'bob', on: 'ended', where: { call: 'c2', reason: 'cancelled' }, after: 200, command: blindToCharlie, times: 1 },
  { node: 'bob', on: 'ended', where: { call: 'c2', reason: 'local-hangup' }, after: 200, command: blindToCharlie, times: 1 },
  { node: 'bob', on: 'answered', where: { call: 'c2' }, after: 500, command: { type: 'attendedTransfer', call: 'c1', consultation: 'c2' }, times: 1 },
  charlieHangsUp('c2'),
  // Both fallbacks can start here: the attended transfer of an answered consultation may
  // fail (charlie lost it) after the consultation's end has already started the blind
  // fallback. Hanging up 2 s after that failure would BYE alice in the middle of the blind
  // transfer (swarm seed 3000529 of fig13); bob gives the fallback time to finish first.
  ...bobCleansUp('c1', 40_000),
]

export const fig12 = figure(12, 'NOT RECOMMENDED: CANCEL the ringing consultation, then a blind REFER after the 487', {
  participants: parties({}, 5000),
  reactions: cancelThenTransfer(500),
  // A lost 180 means no CANCEL and the Fig. 13 path; the golden ladder pins the clean-network flow.
  expect: { events: [{ node: 'bob', type: 'transferSucceeded' }, { node: 'alice', type: 'transferSucceeded' }, { node: 'charlie', type: 'answered', where: { call: 'c2' } }] },
})

export const fig13 = figure(13, "NOT RECOMMENDED: charlie's 200 crosses bob's CANCEL; the consultation is kept and transferred with Replaces", {
  participants: parties({}, 1000),
  reactions: cancelThenTransfer(995),
  expect: { events: [{ node: 'bob', type: 'transferSucceeded' }, { node: 'alice', type: 'transferSucceeded' }] },
})

export const fig14 = figure(14, 'charlie does not do Replaces: 420 to Require: replaces, bob falls back to a blind REFER', {
  participants: parties({ charlie: { extensions: { refer: true, replaces: false } } }),
  reactions: [
    bobOnAnswer({ ...consultCharlie, requireReplaces: true }),
    { node: 'bob', on: 'consultationEnded', after: 200, command: blindToCharlie, times: 1 },
    charlieHangsUp('c1'),
    ...bobCleansUpOnFailure,
  ],
  expect: {
    events: [
      { node: 'bob', type: 'ended', where: { call: 'c2', reason: 'rejected', status: 420 } },
      { node: 'bob', type: 'transferSucceeded' },
      { node: 'alice', type: 'transferSucceeded' },
    ],
  },
})

export const fig15 = figure(15, 'OPTIONS probes, consultation dropped, then a blind REFER outside the dialog', {
  participants: parties(),
  reactions: [
    bobOnAnswer({ type: 'options', target: aliceTarget }),
    { node: 'bob', on: 'optionsResult', where: { target: aliceTarget }, after: 200, command: consultCharlie, times: 1 },
    { node: 'bob', on: 'answered', where: { call: 'c2' }, after: 500, command: { type: 'options', target: charlieTarget }, times: 1 },
    { node: 'bob', on: 'optionsResult', where: { target: charlieTarget }, after: 200, command: { type: 'hangup', call: 'c2' }, times: 1 },
    { node: 'bob', on: 'consultationEnded', after: 200, command: { ...blindToCharlie, outOfDialog: true }, times: 1 },
    charlieHangsUp('c2'),
    ...bobCleansUpOnFailure,
  ],
  expect: {
    events: [
      { node: 'bob', type: 'optionsResult', where: { target: aliceTarget, status: 200 } },
      { node: 'bob', type: 'consultationEnded' },
      { node: 'bob', type: 'transferSucceeded' },
    ],
  },
})

export const fig16 = figure(16, 'attended transfer with Referred-By copied onto the INVITE with Replaces (no S/MIME token)', {
  participants: parties(),
  reactions: [bobOnAnswer(consultCharlie), referWhenConsulted(true), charlieHangsUp('c2'), ...bobCleansUpOnFailure],
  expect: {
    events: [
      ...attendedSucceeded.filter((e) => e.node !== 'charlie'),
      { node: 'charlie', type: 'incoming', where: { call: 'c2', referredBy: '<sip:bob@192.0.2.2:5060>' } },
      { node: 'charlie', type: 'replaced', where: { call: 'c1', by: 'c2' } },
    ],
  },
})

export const rfc5589Scenarios: ReadonlyArray<Scenario> = [fig1, fig2, fig3, fig4, fig5, fig6, fig7, fig8, fig11, fig12, fig13, fig14, fig15, fig16]
