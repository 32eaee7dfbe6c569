/**
 * The world stepper: `advance` does the one next thing (the earliest pending delivery,
 * timer, command or fault; ties in scheduling order) and returns the new world. Pure:
 * the only randomness is the links' streams held in the world.
 */
import type { Mutable } from '../core/data/index.ts'
import type { Command } from '../core/ua/command.ts'
import type { UaEvent } from '../core/ua/event.ts'
import type { Input, Millis, Output } from '../core/ua/io.ts'
import { linkFaultsOf, partitioned, releaseTime } from './fault-plan.ts'
import { sameHostPort } from './host-port.ts'
import { canonicalJson } from './json.ts'
import { initialLink, linkKey, transmit } from './link-model.ts'
import { payloadOf } from './payload.ts'
import type { EventPattern } from './scenario.ts'
import type { DropReason, Fate, SendStep, TraceStep } from './trace-step.ts'
import { scheduled, type ArmedTimer, type NodeSlot, type Pending, type Unscheduled, type World } from './world.ts'

type Next =
  | { readonly kind: 'agenda'; readonly at: Millis; readonly seq: number; readonly item: Pending }
  | { readonly kind: 'timer'; readonly at: Millis; readonly seq: number; readonly node: string; readonly timer: ArmedTimer }

const nextOf = (world: World): Next | undefined => {
  // The earliest (at, seq) wins; ties cannot happen (seq is unique within a world).
  let bestAt = 0
  let bestSeq = 0
  let item: Pending | undefined
  let timer: ArmedTimer | undefined
  let timerNode = ''
  const better = (at: Millis, seq: number): boolean =>
    (item === undefined && timer === undefined) || at < bestAt || (at === bestAt && seq < bestSeq)
  for (const p of world.agenda)
    if (better(p.at, p.seq)) {
      bestAt = p.at
      bestSeq = p.seq
      item = p
    }
  for (const node of world.nodes)
    for (const t of node.timers)
      if (better(t.at, t.seq)) {
        bestAt = t.at
        bestSeq = t.seq
        item = undefined
        timer = t
        timerNode = node.name
      }
  if (timer !== undefined) return { kind: 'timer', at: timer.at, seq: timer.seq, node: timerNode, timer }
  if (item !== undefined) return { kind: 'agenda', at: item.at, seq: item.seq, item }
  return undefined
}

/** When the next thing happens, or undefined when nothing is pending at all. */
export const nextEventAt = (world: World): Millis | undefined => nextOf(world)?.at

// ---------------------------------------------------------------------------
// Small world updates
//
// One `advance` makes a single draft (a shallow copy of the world with its own arrays)
// and every small update below writes into it; the world passed in is never touched.
// That is the same result as copying the world at each update, without the copies.

type Draft = Mutable<World> & {
  nodes: Array<NodeSlot>
  agenda: Array<Pending>
  reactionCounts: Array<number>
  links: { [link: string]: World['links'][string] }
}

// Objects are copied, then written, or built field by field, never `{ ...x, newField }`:
// in V8 that gives each object a hidden class of its own (or, once a site has seen several,
// a slow path on every write), and then every read of a world, slot or step is slow.

const draftOf = (w: World, agenda: Array<Pending>): Draft => {
  const d = { ...w } as Draft
  d.nodes = [...w.nodes]
  d.agenda = agenda
  d.reactionCounts = [...w.reactionCounts]
  d.links = { ...w.links }
  return d
}

/** A node slot with a new state, liveness and timers (the other fields kept). */
const slotWith = (n: NodeSlot, state: unknown, up: boolean, timers: ReadonlyArray<ArmedTimer>): NodeSlot => ({
  name: n.name,
  address: n.address,
  behaviour: n.behaviour,
  state,
  up,
  timers,
})

const log = (w: Draft, step: TraceStep): void => {
  w.log = { step, prev: w.log }
  w.logLength++
}

const schedule = (w: Draft, item: Unscheduled): void => {
  w.agenda.push(scheduled(item, w.nextSeq))
  w.nextSeq++
}

const nodeIndex = (w: Draft, name: string): number => {
  for (let i = 0; i < w.nodes.length; i++) if (w.nodes[i]!.name === name) return i
  return -1
}

const updateNode = (w: Draft, name: string, f: (n: NodeSlot) => NodeSlot): void => {
  const i = nodeIndex(w, name)
  if (i >= 0) w.nodes[i] = f(w.nodes[i]!)
}

const matches = (value: unknown, pattern: EventPattern | undefined): boolean =>
  pattern === undefined ||
  Object.entries(pattern).every(([k, v]) => canonicalJson((value as Record<string, unknown>)[k]) === canonicalJson(v))

/** Replaces every string "$event.<field>" in a command by that (string or number) field of the event. */
const fill = (command: Command, event: UaEvent): Command => {
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') {
      const m = /^\$event\.(\w+)$/.exec(x)
      const v = m?.[1] === undefined ? undefined : (event as Record<string, unknown>)[m[1]]
      return typeof v === 'string' || typeof v === 'number' ? String(v) : x
    }
    if (Array.isArray(x)) return x.map(walk)
    if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)]))
    return x
  }
  return walk(command) as Command
}

// ---------------------------------------------------------------------------
// Node outputs

const react = (w: Draft, node: string, event: UaEvent): void => {
  const reactions = w.scenario.reactions
  for (let i = 0; i < reactions.length; i++) {
    const r = reactions[i]!
    const count = w.reactionCounts[i] ?? 0
    if (r.node !== node || r.on !== event.type || !matches(event, r.where)) continue
    if (r.times !== undefined && count >= r.times) continue
    w.reactionCounts[i] = count + 1
    schedule(w, { type: 'command', at: w.now + r.after, node, command: fill(r.command, event), origin: 'reaction' })
  }
}

const send = (w: Draft, from: NodeSlot, out: Extract<Output, { readonly type: 'send' }>): void => {
  const packet = w.nextPacket
  const source = out.source ?? from.address
  const receiver = w.nodes.find((n) => sameHostPort(n.address, out.destination))
  const payload = payloadOf(out.data)
  const step = (to: string | undefined, fate: Fate, reason: DropReason | undefined, deliverAt: ReadonlyArray<Millis>): SendStep => ({
    type: 'send',
    at: w.now,
    packet,
    from: from.name,
    to,
    transport: out.transport,
    source,
    destination: out.destination,
    payload,
    fate,
    reason,
    deliverAt,
  })
  w.nextPacket = packet + 1
  if (receiver === undefined) return log(w, step(undefined, 'dropped', 'unroutable', []))
  const to = receiver.name
  const faulty = w.phase === 'safety'
  if (faulty && partitioned(w.faults, from.name, to, w.now)) return log(w, step(to, 'dropped', 'partition', []))
  const key = linkKey(from.name, to)
  const link = w.links[key] ?? initialLink(w.faults.seed, from.name, to)
  const sent = transmit(link, linkFaultsOf(w.faults, from.name, to), faulty, out.transport, w.now)
  const deliverAt = sent.deliverAt.map((due) => releaseTime(w.faults, from.name, to, due))
  w.links[key] = sent.link
  log(w, step(to, sent.fate, sent.reason, deliverAt))
  deliverAt.forEach((at, copy) =>
    schedule(w, { type: 'deliver', at, packet, copy, to, transport: out.transport, source, destination: out.destination, data: out.data }),
  )
}

/** One output of the node at index `i` (its slot is read afresh: an earlier output may have changed it). */
const applyOutput = (w: Draft, i: number, out: Output): void => {
  const node = w.nodes[i]!
  const name = node.name
  switch (out.type) {
    case 'send':
      return send(w, node, out)
    case 'timer': {
      const others = node.timers.filter((t) => t.key !== out.key)
      if (out.at === undefined) {
        w.nodes[i] = slotWith(node, node.state, node.up, others)
        return
      }
      const armed: ArmedTimer = { key: out.key, at: Math.max(out.at, w.now), seq: w.nextSeq }
      w.nextSeq++
      w.nodes[i] = slotWith(node, node.state, node.up, [...others, armed])
      return
    }
    case 'event':
      log(w, { type: 'event', at: w.now, node: name, event: out.event })
      return react(w, name, out.event)
    case 'media':
      return log(w, { type: 'media', at: w.now, node: name, media: out.media })
  }
}

/** Feeds one input to a node and carries out everything it gives back, in order. */
const runNode = (w: Draft, name: string, input: Input): void => {
  const i = nodeIndex(w, name)
  const node = w.nodes[i]
  if (node === undefined || !node.up) return
  const [state, outputs] = node.behaviour.step(node.state, input)
  w.nodes[i] = slotWith(node, state, node.up, node.timers)
  for (const out of outputs) applyOutput(w, i, out)
}

const restart = (w: Draft, name: string): void => {
  updateNode(w, name, (n) => slotWith(n, n.behaviour.initial, true, []))
  log(w, { type: 'fault', at: w.now, fault: 'restart', node: name })
}

const nodeUp = (w: Draft, name: string): boolean => w.nodes.find((n) => n.name === name)?.up ?? false

const doItem = (w: Draft, item: Pending): void => {
  switch (item.type) {
    case 'deliver': {
      if (!nodeUp(w, item.to)) return log(w, { type: 'drop', at: w.now, packet: item.packet, copy: item.copy, to: item.to, reason: 'node-down' })
      log(w, { type: 'deliver', at: w.now, packet: item.packet, copy: item.copy, to: item.to })
      return runNode(w, item.to, {
        type: 'packet',
        at: w.now,
        transport: item.transport,
        source: item.source,
        destination: item.destination,
        data: item.data,
      })
    }
    case 'command': {
      const step = { type: 'command' as const, at: w.now, node: item.node, command: item.command, origin: item.origin }
      if (!nodeUp(w, item.node)) return log(w, { ...step, nodeDown: true })
      log(w, step)
      return runNode(w, item.node, { type: 'command', at: w.now, command: item.command })
    }
    case 'crash':
      if (!nodeUp(w, item.node)) return
      updateNode(w, item.node, (n) => slotWith(n, n.state, false, []))
      return log(w, { type: 'fault', at: w.now, fault: 'crash', node: item.node })
    case 'restart':
      if (!nodeUp(w, item.node)) restart(w, item.node)
      return
    case 'heal': {
      w.phase = 'liveness'
      w.agenda = w.agenda.filter((p) => p.type !== 'crash' && p.type !== 'restart')
      log(w, { type: 'fault', at: w.now, fault: 'heal' })
      for (const n of w.nodes.filter((n) => !n.up)) restart(w, n.name)
      return
    }
  }
}

/** Does the next pending thing; a world with nothing pending is returned as is. */
export const advance = (world: World): World => {
  const next = nextOf(world)
  if (next === undefined) return world
  const now = Math.max(world.now, next.at)
  if (next.kind === 'agenda') {
    const w = draftOf(world, world.agenda.filter((p) => p !== next.item))
    w.now = now
    doItem(w, next.item)
    return w
  }
  const w = draftOf(world, [...world.agenda])
  w.now = now
  updateNode(w, next.node, (n) => slotWith(n, n.state, n.up, n.timers.filter((t) => t !== next.timer)))
  log(w, { type: 'timer', at: now, node: next.node, key: next.timer.key })
  runNode(w, next.node, { type: 'timer', at: now, key: next.timer.key })
  return w
}
