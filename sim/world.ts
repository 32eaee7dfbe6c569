/**
 * The simulated world: a virtual clock, the nodes (state, behaviour, address, timer
 * table), what is pending (packets in flight, scheduled commands, faults), the link
 * states, and the log of steps so far. Plain immutable data; `advance` moves it on.
 */
import { derivePrng, nextU32 } from '../core/random/index.ts'
import type { Command } from '../core/ua/command.ts'
import type { HostPort, Millis, TransportName } from '../core/ua/io.ts'
import type { FaultPlan } from './fault-plan.ts'
import type { LinkState } from './link-model.ts'
import type { NodeBehaviour, NodeFactory } from './node-behaviour.ts'
import type { Scenario } from './scenario.ts'
import type { TraceStep } from './trace-step.ts'

/** One armed timer of a node; `seq` orders timers due at the same instant. */
export interface ArmedTimer {
  readonly key: string
  readonly at: Millis
  readonly seq: number
}

export interface NodeSlot {
  readonly name: string
  readonly address: HostPort
  readonly behaviour: NodeBehaviour<unknown>
  readonly state: unknown
  readonly up: boolean
  readonly timers: ReadonlyArray<ArmedTimer>
}

/** Something due at `at`; equal times go in `seq` order (the order they were scheduled). */
export type Pending =
  | {
      readonly type: 'deliver'
      readonly at: Millis
      readonly seq: number
      readonly packet: number
      readonly copy: number
      readonly to: string
      readonly transport: TransportName
      readonly source: HostPort
      readonly destination: HostPort
      readonly data: Uint8Array
    }
  | {
      readonly type: 'command'
      readonly at: Millis
      readonly seq: number
      readonly node: string
      readonly command: Command
      readonly origin: 'scenario' | 'reaction'
    }
  | { readonly type: 'crash' | 'restart'; readonly at: Millis; readonly seq: number; readonly node: string }
  | { readonly type: 'heal'; readonly at: Millis; readonly seq: number }

/** A pending item before it gets its place in the order. */
export type Unscheduled = Pending extends infer P ? (P extends Pending ? Omit<P, 'seq'> : never) : never

/** The log, newest first, as a persistent list: appending is O(1) and shares the past. */
export type StepLog = { readonly step: TraceStep; readonly prev: StepLog } | undefined

export interface World {
  readonly now: Millis
  readonly scenario: Scenario
  readonly faults: FaultPlan
  readonly phase: 'safety' | 'liveness'
  /** In scenario order. */
  readonly nodes: ReadonlyArray<NodeSlot>
  readonly agenda: ReadonlyArray<Pending>
  readonly links: { readonly [link: string]: LinkState }
  /** How often each scenario reaction has fired. */
  readonly reactionCounts: ReadonlyArray<number>
  readonly nextSeq: number
  readonly nextPacket: number
  readonly log: StepLog
  readonly logLength: number
}

/** The seed of a node's own random stream (independent of the other nodes'). */
export const nodeSeed = (worldSeed: number, node: string): number => nextU32(derivePrng(worldSeed, `node:${node}`))[0]

/** A world at time 0: nodes in their initial states, scenario commands and faults scheduled. */
/**
 * An agenda item with its place in the order. The number goes first and the item's own
 * fields after it, so items of one kind share one V8 hidden class (a field added after a
 * spread would give each its own).
 */
export const scheduled = (item: Unscheduled, seq: number): Pending => ({ seq, ...item }) as Pending

export const createWorld = (scenario: Scenario, faults: FaultPlan, factory: NodeFactory): World => {
  const nodes = scenario.participants.map((p): NodeSlot => {
    const behaviour = factory(p, nodeSeed(faults.seed, p.name))
    return { name: p.name, address: p.address, behaviour, state: behaviour.initial, up: true, timers: [] }
  })
  const agenda: Pending[] = []
  const push = (item: Unscheduled): void => {
    agenda.push(scheduled(item, agenda.length))
  }
  for (const c of scenario.commands) push({ type: 'command', at: c.at, node: c.node, command: c.command, origin: 'scenario' })
  for (const c of faults.crashes) {
    if (c.at >= faults.healAt || !nodes.some((n) => n.name === c.node)) continue
    push({ type: 'crash', at: c.at, node: c.node })
    const restartAt = Math.min(c.restartAt ?? faults.healAt, faults.healAt)
    if (restartAt < faults.healAt) push({ type: 'restart', at: Math.max(restartAt, c.at), node: c.node })
  }
  // The heal goes first among things due at the same instant: faults end at `healAt`.
  agenda.push({ type: 'heal', at: faults.healAt, seq: -1 })
  return {
    now: 0,
    scenario,
    faults,
    phase: 'safety',
    nodes,
    agenda,
    links: {},
    reactionCounts: scenario.reactions.map(() => 0),
    nextSeq: agenda.length,
    nextPacket: 1,
    log: undefined,
    logLength: 0,
  }
}

/** The steps logged so far, oldest first. */
export const worldSteps = (world: World): ReadonlyArray<TraceStep> => {
  const out: TraceStep[] = new Array<TraceStep>(world.logLength)
  let i = world.logLength - 1
  for (let l = world.log; l !== undefined; l = l.prev) out[i--] = l.step
  return out
}

/** Nothing left to do: no packet in flight, no timer armed, no command or restart scheduled. */
export const isQuiescent = (world: World): boolean =>
  world.agenda.every((p) => p.type === 'heal' || p.type === 'crash') && world.nodes.every((n) => n.timers.length === 0)

/** Packets in flight, armed timers and scheduled commands: what keeps a world from quiescence. */
export const pendingWork = (
  world: World,
): {
  readonly packets: number
  readonly timers: ReadonlyArray<{ readonly node: string; readonly key: string; readonly at: Millis }>
  readonly commands: number
} => ({
  packets: world.agenda.filter((p) => p.type === 'deliver').length,
  timers: world.nodes.flatMap((n) => n.timers.map((t) => ({ node: n.name, key: t.key, at: t.at }))),
  commands: world.agenda.filter((p) => p.type === 'command' || p.type === 'restart').length,
})

export const nodeByName = (world: World, name: string): NodeSlot | undefined => world.nodes.find((n) => n.name === name)
