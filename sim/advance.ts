/**
 * The world stepper: `advance` does the one next thing (the earliest pending delivery,
 * timer, command or fault; ties in scheduling order) and returns the new world. Pure:
 * the only randomness is the links' streams held in the world.
 */
import type { Command } from '../core/ua/command.ts'
import type { UaEvent } from '../core/ua/event.ts'
import type { Input, Millis, Output } from '../core/ua/io.ts'
import { linkFaultsOf, partitioned, releaseTime } from './fault-plan.ts'
import { sameHostPort } from './host-port.ts'
import { canonicalJson } from './json.ts'
import { initialLink, linkKey, transmit } from './link-model.ts'
import { payloadOf } from './payload.ts'
import type { EventPattern } from './scenario.ts'
import type { TraceStep } from './trace-step.ts'
import type { ArmedTimer, NodeSlot, Pending, Unscheduled, World } from './world.ts'

type Next =
  | { readonly kind: 'agenda'; readonly at: Millis; readonly seq: number; readonly item: Pending }
  | { readonly kind: 'timer'; readonly at: Millis; readonly seq: number; readonly node: string; readonly timer: ArmedTimer }

const before = (a: Next, b: Next | undefined): boolean => b === undefined || a.at < b.at || (a.at === b.at && a.seq < b.seq)

const nextOf = (world: World): Next | undefined => {
  let best: Next | undefined
  for (const item of world.agenda) {
    const n: Next = { kind: 'agenda', at: item.at, seq: item.seq, item }
    if (before(n, best)) best = n
  }
  for (const node of world.nodes)
    for (const timer of node.timers) {
      const n: Next = { kind: 'timer', at: timer.at, seq: timer.seq, node: node.name, timer }
      if (before(n, best)) best = n
    }
  return best
}

/** When the next thing happens, or undefined when nothing is pending at all. */
export const nextEventAt = (world: World): Millis | undefined => nextOf(world)?.at

// ---------------------------------------------------------------------------
// Small world updates

const log = (w: World, step: TraceStep): World => ({ ...w, log: { step, prev: w.log }, logLength: w.logLength + 1 })

const schedule = (w: World, item: Unscheduled): World => ({
  ...w,
  agenda: [...w.agenda, { ...item, seq: w.nextSeq } as Pending],
  nextSeq: w.nextSeq + 1,
})

const updateNode = (w: World, name: string, f: (n: NodeSlot) => NodeSlot): World => ({
  ...w,
  nodes: w.nodes.map((n) => (n.name === name ? f(n) : n)),
})

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

const react = (w: World, node: string, event: UaEvent): World =>
  w.scenario.reactions.reduce((acc, r, i) => {
    const count = acc.reactionCounts[i] ?? 0
    if (r.node !== node || r.on !== event.type || !matches(event, r.where)) return acc
    if (r.times !== undefined && count >= r.times) return acc
    const counted = { ...acc, reactionCounts: acc.reactionCounts.map((c, j) => (j === i ? c + 1 : c)) }
    return schedule(counted, { type: 'command', at: acc.now + r.after, node, command: fill(r.command, event), origin: 'reaction' })
  }, w)

const send = (w: World, from: NodeSlot, out: Extract<Output, { readonly type: 'send' }>): World => {
  const packet = w.nextPacket
  const source = out.source ?? from.address
  const receiver = w.nodes.find((n) => sameHostPort(n.address, out.destination))
  const base = {
    type: 'send' as const,
    at: w.now,
    packet,
    from: from.name,
    transport: out.transport,
    source,
    destination: out.destination,
    payload: payloadOf(out.data),
  }
  const counted = { ...w, nextPacket: packet + 1 }
  if (receiver === undefined) return log(counted, { ...base, fate: 'dropped', reason: 'unroutable', deliverAt: [] })
  const to = receiver.name
  const faulty = w.phase === 'safety'
  if (faulty && partitioned(w.faults, from.name, to, w.now))
    return log(counted, { ...base, to, fate: 'dropped', reason: 'partition', deliverAt: [] })
  const key = linkKey(from.name, to)
  const link = w.links[key] ?? initialLink(w.faults.seed, from.name, to)
  const sent = transmit(link, linkFaultsOf(w.faults, from.name, to), faulty, out.transport, w.now)
  const deliverAt = sent.deliverAt.map((due) => releaseTime(w.faults, from.name, to, due))
  const logged = log(
    { ...counted, links: { ...w.links, [key]: sent.link } },
    { ...base, to, fate: sent.fate, ...(sent.reason === undefined ? {} : { reason: sent.reason }), deliverAt },
  )
  return deliverAt.reduce(
    (acc, at, copy) =>
      schedule(acc, { type: 'deliver', at, packet, copy, to, transport: out.transport, source, destination: out.destination, data: out.data }),
    logged,
  )
}

const applyOutput = (w: World, name: string, out: Output): World => {
  const node = w.nodes.find((n) => n.name === name)
  if (node === undefined) return w
  switch (out.type) {
    case 'send':
      return send(w, node, out)
    case 'timer': {
      const others = node.timers.filter((t) => t.key !== out.key)
      if (out.at === undefined) return updateNode(w, name, (n) => ({ ...n, timers: others }))
      const armed: ArmedTimer = { key: out.key, at: Math.max(out.at, w.now), seq: w.nextSeq }
      return updateNode({ ...w, nextSeq: w.nextSeq + 1 }, name, (n) => ({ ...n, timers: [...others, armed] }))
    }
    case 'event':
      return react(log(w, { type: 'event', at: w.now, node: name, event: out.event }), name, out.event)
    case 'media':
      return log(w, { type: 'media', at: w.now, node: name, media: out.media })
  }
}

/** Feeds one input to a node and carries out everything it gives back, in order. */
const runNode = (w: World, name: string, input: Input): World => {
  const node = w.nodes.find((n) => n.name === name)
  if (node === undefined || !node.up) return w
  const [state, outputs] = node.behaviour.step(node.state, input)
  return outputs.reduce((acc, out) => applyOutput(acc, name, out), updateNode(w, name, (n) => ({ ...n, state })))
}

const restart = (w: World, name: string): World =>
  log(
    updateNode(w, name, (n) => ({ ...n, up: true, state: n.behaviour.initial, timers: [] })),
    { type: 'fault', at: w.now, fault: 'restart', node: name },
  )

const nodeUp = (w: World, name: string): boolean => w.nodes.find((n) => n.name === name)?.up ?? false

const doItem = (w: World, item: Pending): World => {
  switch (item.type) {
    case 'deliver': {
      if (!nodeUp(w, item.to))
        return log(w, { type: 'drop', at: w.now, packet: item.packet, copy: item.copy, to: item.to, reason: 'node-down' })
      const logged = log(w, { type: 'deliver', at: w.now, packet: item.packet, copy: item.copy, to: item.to })
      return runNode(logged, item.to, {
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
      return runNode(log(w, step), item.node, { type: 'command', at: w.now, command: item.command })
    }
    case 'crash':
      if (!nodeUp(w, item.node)) return w
      return log(
        updateNode(w, item.node, (n) => ({ ...n, up: false, timers: [] })),
        { type: 'fault', at: w.now, fault: 'crash', node: item.node },
      )
    case 'restart':
      return nodeUp(w, item.node) ? w : restart(w, item.node)
    case 'heal': {
      const healed = log(
        { ...w, phase: 'liveness', agenda: w.agenda.filter((p) => p.type !== 'crash' && p.type !== 'restart') },
        { type: 'fault', at: w.now, fault: 'heal' },
      )
      return healed.nodes.filter((n) => !n.up).reduce((acc, n) => restart(acc, n.name), healed)
    }
  }
}

/** Does the next pending thing; a world with nothing pending is returned as is. */
export const advance = (world: World): World => {
  const next = nextOf(world)
  if (next === undefined) return world
  const now = Math.max(world.now, next.at)
  if (next.kind === 'agenda') return doItem({ ...world, now, agenda: world.agenda.filter((p) => p !== next.item) }, next.item)
  const fired = updateNode({ ...world, now }, next.node, (n) => ({ ...n, timers: n.timers.filter((t) => t !== next.timer) }))
  return runNode(log(fired, { type: 'timer', at: now, node: next.node, key: next.timer.key }), next.node, {
    type: 'timer',
    at: now,
    key: next.timer.key,
  })
}
