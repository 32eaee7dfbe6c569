/** Building blocks of the transfer scenarios: the three parties of RFC 5589 and their usual reactions. */
import type { Json } from '../json.ts'
import type { Reaction, Scenario } from '../scenario.ts'
import { alice, bob, charlie } from './basic-call.ts'

type Config = { readonly [key: string]: Json }

/**
 * alice (transferee) calls bob (transferor); charlie is the target. Each UA's user part
 * is its name. bob answers after 500 ms; charlie too unless `charlieAnswersAfter` says
 * otherwise ('never': charlie answers only when a reaction says so).
 */
export const parties = (
  configs: { readonly alice?: Config; readonly bob?: Config; readonly charlie?: Config } = {},
  charlieAnswersAfter: number | 'never' = 500,
): Scenario['participants'] => [
  { ...alice, config: { ...configs.alice } },
  { ...bob, config: { autoAnswerMs: 500, ...configs.bob } },
  { ...charlie, config: { ...(charlieAnswersAfter === 'never' ? {} : { autoAnswerMs: charlieAnswersAfter }), ...configs.charlie } },
]

export const aliceCallsBob: Scenario['commands'] = [{ node: 'alice', at: 0, command: { type: 'dial', target: 'sip:bob@192.0.2.2:5060' } }]

export const charlieTarget = 'sip:charlie@192.0.2.3:5060'
export const aliceTarget = 'sip:alice@192.0.2.1:5060'

/** charlie ends the transferred conversation (its call `call`) a while after answering it. */
export const charlieHangsUp = (call: string = 'c1'): Reaction => ({
  node: 'charlie',
  on: 'answered',
  where: { call },
  after: 3000,
  command: { type: 'hangup', call: '$event.call' },
  times: 1,
})

/** bob, once alice's call is up, does `command` (on call c1). */
export const bobOnAnswer = (command: Reaction['command'], after = 1000): Reaction => ({
  node: 'bob',
  on: 'answered',
  where: { call: 'c1' },
  after,
  command,
  times: 1,
})

/** bob ends the call with alice `after` ms after an event (recovery flows end the resumed call). */
export const bobHangsUpOn = (on: string, where: Reaction['where'] = {}, after = 1000): Reaction => ({
  node: 'bob',
  on,
  where,
  after,
  command: { type: 'hangup', call: 'c1' },
  times: 1,
})

/**
 * bob tidies up what a failed attended transfer leaves (two healthy calls nobody would
 * hang up): on failure of the transfer on `transferred` he ends both legs, and when
 * that call is lost or hung up by its peer he ends the other leg too. `transferred` is c1 (alice's call) in the
 * forward flows and c2 (the consultation) when the roles are reversed (Figs. 6, 8).
 */
export const bobCleansUp = (transferred: 'c1' | 'c2' = 'c1', after: number = 2000): ReadonlyArray<Reaction> => {
  const other = transferred === 'c1' ? 'c2' : 'c1'
  const hangupOn = (on: string, where: Reaction['where'], call: string): Reaction => ({ node: 'bob', on, where, after, command: { type: 'hangup', call }, times: 1 })
  return [
    hangupOn('transferFailed', { call: transferred }, 'c1'),
    hangupOn('transferFailed', { call: transferred }, 'c2'),
    // The transferred call lost, or hung up by its peer: drop the other leg. Not when the transfer ended it.
    hangupOn('ended', { call: transferred, reason: 'failed' }, other),
    hangupOn('ended', { call: transferred, reason: 'remote-hangup' }, other),
  ]
}

export const bobCleansUpOnFailure: ReadonlyArray<Reaction> = bobCleansUp('c1')

export const transferDeadline = 300_000
