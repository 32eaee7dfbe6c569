/**
 * A scenario: who takes part, what they are told to do and when, how they react to
 * their own events, what must come out, and how long the healed network may take
 * to settle. Plain data with an io-ts codec; the UA config is opaque JSON handed to
 * the node factory.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { Command } from '../core/ua/command.ts'
import type { HostPort, Millis } from '../core/ua/io.ts'
import { commandCodec } from './command-codec.ts'
import { millisCodec } from './fault-plan.ts'
import { hostPortCodec, showHostPort } from './host-port.ts'
import { jsonCodec, type Json } from './json.ts'

export interface Participant {
  readonly name: string
  readonly address: HostPort
  /** Handed to the node factory as is (the UA's config). */
  readonly config: Json
}

export interface TimedCommand {
  readonly node: string
  readonly at: Millis
  readonly command: Command
}

/** Field values an event must have, e.g. `{ "status": 200 }`. */
export type EventPattern = { readonly [field: string]: Json }

/**
 * On event `on` of `node` (matching `where`), give `node` the command `after` ms later.
 * Any string "$event.<field>" inside the command is replaced by that field of the event
 * (so `{ "type": "answer", "call": "$event.call" }` answers the incoming call).
 */
export interface Reaction {
  readonly node: string
  readonly on: string
  readonly where?: EventPattern
  readonly after: Millis
  readonly command: Command
  /** Fire at most this many times (unlimited when absent). */
  readonly times?: number
}

export interface ExpectedEvent {
  readonly node: string
  readonly type: string
  readonly where?: EventPattern
}

export interface Expectation {
  /** Each must be seen; those of one node in the order given. */
  readonly events: ReadonlyArray<ExpectedEvent>
}

export interface Scenario {
  readonly name: string
  readonly description?: string
  readonly participants: ReadonlyArray<Participant>
  readonly commands: ReadonlyArray<TimedCommand>
  readonly reactions: ReadonlyArray<Reaction>
  readonly expect: Expectation
  /** After the network heals, the world must be quiescent within this many ms. */
  readonly livenessDeadline: Millis
}

const patternCodec = t.record(t.string, jsonCodec)

const participantCodec: t.Type<Participant, unknown, unknown> = t.type({
  name: t.string,
  address: hostPortCodec,
  config: jsonCodec,
})

const timedCommandCodec: t.Type<TimedCommand, unknown, unknown> = t.type({ node: t.string, at: millisCodec, command: commandCodec })

const reactionCodec: t.Type<Reaction, unknown, unknown> = t.intersection([
  t.type({ node: t.string, on: t.string, after: millisCodec, command: commandCodec }),
  t.partial({ where: patternCodec, times: t.number }),
])

const expectedEventCodec: t.Type<ExpectedEvent, unknown, unknown> = t.intersection([
  t.type({ node: t.string, type: t.string }),
  t.partial({ where: patternCodec }),
])

const rawCodec = t.intersection([
  t.type({
    name: t.string,
    participants: t.readonlyArray(participantCodec),
    livenessDeadline: millisCodec,
  }),
  t.partial({
    description: t.string,
    commands: t.readonlyArray(timedCommandCodec),
    reactions: t.readonlyArray(reactionCodec),
    expect: t.partial({ events: t.readonlyArray(expectedEventCodec) }),
  }),
])

/** Fills the optional lists, so a scenario file may leave them out. */
const withDefaults = (s: t.TypeOf<typeof rawCodec>): Scenario => ({
  ...s,
  commands: s.commands ?? [],
  reactions: s.reactions ?? [],
  expect: { events: s.expect?.events ?? [] },
})

/** Cross-field checks: unique names and addresses, every reference to a known node. */
export const checkScenario = (s: Scenario): ReadonlyArray<string> => {
  const names = s.participants.map((p) => p.name)
  const problems: string[] = []
  const seen = new Set<string>()
  for (const n of names) {
    if (seen.has(n)) problems.push(`participant name "${n}" is used twice`)
    seen.add(n)
  }
  const addresses = new Set<string>()
  for (const p of s.participants) {
    const a = showHostPort(p.address)
    if (addresses.has(a)) problems.push(`address ${a} is used twice`)
    addresses.add(a)
  }
  const known = (where: string, n: string): void => {
    if (!seen.has(n)) problems.push(`${where}: unknown participant "${n}"`)
  }
  s.commands.forEach((c, i) => known(`commands.${i}.node`, c.node))
  s.reactions.forEach((r, i) => known(`reactions.${i}.node`, r.node))
  s.expect.events.forEach((e, i) => known(`expect.events.${i}.node`, e.node))
  return problems
}

export const scenarioCodec: t.Type<Scenario, unknown, unknown> = new t.Type<Scenario, unknown, unknown>(
  'Scenario',
  (u): u is Scenario => rawCodec.is(u) && checkScenario(withDefaults(u)).length === 0,
  (u, c) => {
    const raw = rawCodec.validate(u, c)
    if (E.isLeft(raw)) return raw
    const scenario = withDefaults(raw.right)
    const problems = checkScenario(scenario)
    return problems.length === 0 ? t.success(scenario) : t.failures(problems.map((message) => ({ value: u, context: c, message })))
  },
  (s) => rawCodec.encode(s),
)
