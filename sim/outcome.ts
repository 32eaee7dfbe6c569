/** How a run ended, as recorded in its trace. */
import * as t from 'io-ts'
import type { Millis } from '../core/ua/io.ts'
import { millisCodec } from './fault-plan.ts'
import { jsonCodec } from './json.ts'
import type { ExpectedEvent } from './scenario.ts'
import { taggedUnion } from './tagged-union.ts'

export type Outcome =
  /** Quiescent before the deadline and every expected event seen. */
  | { readonly type: 'pass'; readonly at: Millis }
  | { readonly type: 'invariant-violated'; readonly at: Millis; readonly step: number; readonly invariant: string; readonly message: string }
  | {
      readonly type: 'not-quiescent'
      readonly at: Millis
      readonly packets: number
      readonly timers: ReadonlyArray<{ readonly node: string; readonly key: string; readonly at: Millis }>
      readonly commands: number
    }
  | { readonly type: 'expectation-failed'; readonly at: Millis; readonly missing: ReadonlyArray<ExpectedEvent> }
  /** Quiescent and every expected event seen, but a final check found state left open in a node. */
  | { readonly type: 'leaked'; readonly at: Millis; readonly check: string; readonly message: string }
  /** A node's step threw (a bug in the node: reducers must be total). */
  | { readonly type: 'node-threw'; readonly at: Millis; readonly step: number; readonly message: string }
  /** The step budget ran out (a node looping at one instant). */
  | { readonly type: 'step-limit'; readonly at: Millis; readonly step: number }

const at = millisCodec
const expectedEventCodec = t.intersection([
  t.type({ node: t.string, type: t.string }),
  t.partial({ where: t.record(t.string, jsonCodec) }),
])

export const outcomeCodec: t.Type<Outcome, unknown, unknown> = taggedUnion<Outcome>('Outcome', {
  pass: t.type({ type: t.literal('pass'), at }),
  'invariant-violated': t.type({
    type: t.literal('invariant-violated'),
    at,
    step: t.number,
    invariant: t.string,
    message: t.string,
  }),
  'not-quiescent': t.type({
    type: t.literal('not-quiescent'),
    at,
    packets: t.number,
    timers: t.readonlyArray(t.type({ node: t.string, key: t.string, at })),
    commands: t.number,
  }),
  'expectation-failed': t.type({ type: t.literal('expectation-failed'), at, missing: t.readonlyArray(expectedEventCodec) }),
  leaked: t.type({ type: t.literal('leaked'), at, check: t.string, message: t.string }),
  'node-threw': t.type({ type: t.literal('node-threw'), at, step: t.number, message: t.string }),
  'step-limit': t.type({ type: t.literal('step-limit'), at, step: t.number }),
})

export const describeOutcome = (o: Outcome): string => {
  switch (o.type) {
    case 'pass':
      return `pass: quiescent at ${o.at} ms`
    case 'invariant-violated':
      return `FAIL at ${o.at} ms (step ${o.step}): invariant ${o.invariant}: ${o.message}`
    case 'not-quiescent':
      return [
        `FAIL: not quiescent at the deadline (${o.at} ms): ${o.packets} packet(s) in flight, ${o.commands} command(s) scheduled, ${o.timers.length} timer(s) armed`,
        ...o.timers.map((tm) => `  timer ${tm.node}/${tm.key} due at ${tm.at} ms`),
      ].join('\n')
    case 'expectation-failed':
      return [
        `FAIL at ${o.at} ms: expected events not seen:`,
        ...o.missing.map((e) => `  ${e.node}: ${e.type}${e.where === undefined ? '' : ` ${JSON.stringify(e.where)}`}`),
      ].join('\n')
    case 'leaked':
      return `FAIL at ${o.at} ms: quiescent but ${o.check} found state left open: ${o.message}`
    case 'node-threw':
      return `FAIL at ${o.at} ms (step ${o.step}): a node threw: ${o.message}`
    case 'step-limit':
      return `FAIL at ${o.at} ms: step limit reached after ${o.step} steps`
  }
}
