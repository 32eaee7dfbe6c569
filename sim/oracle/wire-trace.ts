/**
 * What the oracle reads: the packets of a run in send order, each parsed once with
 * core/message, with where it went and which copies arrived. Built from a simulator
 * trace (nodes by name, crashes known) or from captured packets (endpoints by
 * address, everything captured counts as delivered).
 *
 * A node that crashes restarts with nothing: its `life` (how many times it crashed
 * before) keeps its transactions apart from those of its earlier lives.
 */
import * as E from 'fp-ts/lib/Either.js'
import { parseMessage, type SipMessage } from '../../core/message/index.ts'
import { defaultTimerConfig } from '../../core/transaction/timers.ts'
import type { Millis, TransportName } from '../../core/ua/io.ts'
import { showHostPort } from '../host-port.ts'
import type { Outcome } from '../outcome.ts'
import { payloadBytes } from '../payload.ts'
import type { CapturedPacket } from '../pcap-import.ts'
import type { Trace } from '../trace.ts'
import { sipFacts, type SipFacts } from './sip-facts.ts'

export interface Delivery {
  readonly at: Millis
  /** The receiver's life when this copy arrived. */
  readonly life: number
}

export interface WirePacket {
  /** Packet number (trace) or frame number (pcap). */
  readonly packet: number
  /** Send (or capture) time. */
  readonly at: Millis
  /** A node name (trace) or `host:port` (pcap). */
  readonly sender: string
  /** As `sender`; '' when nobody has the destination address. */
  readonly receiver: string
  readonly life: number
  readonly transport: TransportName
  /** Undefined when the bytes do not parse (the rules skip such packets). */
  readonly sip: SipFacts | undefined
  /** The parsed message, for rules that read more than the facts (the transfer rules). */
  readonly message: SipMessage | undefined
  readonly deliveries: ReadonlyArray<Delivery>
}

/** The base timers of an endpoint (RFC 3261 App. A). */
export interface BaseTimers {
  readonly t1: Millis
  readonly t2: Millis
}

export interface WireTrace {
  readonly source: 'trace' | 'pcap'
  readonly packets: ReadonlyArray<WirePacket>
  readonly timersOf: (endpoint: string) => BaseTimers
  /** How far a measured interval may stray from the timer's value. */
  readonly slack: (expected: Millis) => Millis
  /**
   * How long after a request arrives a response it triggered may leave. Zero in the
   * simulator (same step); a capture needs some room for the far end's processing.
   */
  readonly triggerWindow: Millis
  /**
   * Whether `deliveries` are known. A capture shows what passed one point, not what
   * arrived: rules then never blame a node for ignoring something it may not have got.
   */
  readonly deliveryKnown: boolean
  /** The run's outcome (traces only). */
  readonly outcome?: Outcome
  /**
   * Whether a node may BYE the transferee before the transfer's outcome: it was told to
   * (early-BYE variant, or Refer-Sub: false). Traces only; unknown for captures.
   */
  readonly earlyBye?: (node: string) => boolean
  /**
   * How long after a call is answered the scenario has `node` hang up by itself, if it
   * does (a reaction on `answered`, such as the crash safety net): a BYE that late is the
   * application's, not the stack's. Traces only.
   */
  readonly hangupAfterAnswer?: (node: string) => Millis | undefined
  /** When nodes crashed (traces only): a node remembers nothing of what came before its crash. */
  readonly crashes?: ReadonlyArray<{ readonly node: string; readonly at: Millis }>
}

/** The shortest delay after `answered` at which each node's scenario hangs up a call. */
const hangupDelays = (trace: Trace): ReadonlyMap<string, Millis> => {
  const delays = new Map<string, Millis>()
  for (const r of trace.scenario.reactions) {
    const c = r.command as { readonly type?: unknown }
    if (r.on !== 'answered' || c.type !== 'hangup') continue
    delays.set(r.node, Math.min(delays.get(r.node) ?? Infinity, r.after))
  }
  return delays
}

/** Nodes the scenario tells to transfer with earlyBye or noSubscription (RFC 5589 §6, RFC 4488). */
const earlyByeNodes = (trace: Trace): ReadonlySet<string> => {
  const nodes = new Set<string>()
  const mark = (node: string, command: unknown): void => {
    const c = command as { readonly type?: unknown; readonly earlyBye?: unknown; readonly noSubscription?: unknown }
    if (c.type === 'transfer' && (c.earlyBye === true || c.noSubscription === true)) nodes.add(node)
  }
  for (const c of trace.scenario.commands) mark(c.node, c.command)
  for (const r of trace.scenario.reactions) mark(r.node, r.command)
  return nodes
}

const defaultTimers: BaseTimers = { t1: defaultTimerConfig.t1, t2: defaultTimerConfig.t2 }

const factsOf = (bytes: Uint8Array): { readonly sip: SipFacts | undefined; readonly message: SipMessage | undefined } => {
  const parsed = parseMessage(bytes)
  return E.isRight(parsed) ? { sip: sipFacts(parsed.right), message: parsed.right } : { sip: undefined, message: undefined }
}

/** A participant's configured T1/T2 (`config.timers`), else the defaults. */
const participantTimers = (trace: Trace): ((node: string) => BaseTimers) => {
  const byNode = new Map<string, BaseTimers>()
  for (const p of trace.scenario.participants) {
    const config = p.config as { readonly timers?: { readonly t1?: unknown; readonly t2?: unknown } } | null
    const timers = typeof config === 'object' && config !== null && !Array.isArray(config) ? config.timers : undefined
    const num = (v: unknown, d: number): number => (typeof v === 'number' && v > 0 ? v : d)
    byNode.set(p.name, { t1: num(timers?.t1, defaultTimers.t1), t2: num(timers?.t2, defaultTimers.t2) })
  }
  return (node) => byNode.get(node) ?? defaultTimers
}

export const wireTraceOf = (trace: Trace): WireTrace => {
  const lives = new Map<string, number>()
  const crashes: Array<{ readonly node: string; readonly at: Millis }> = []
  const packets: Array<{ packet: WirePacket; deliveries: Delivery[] }> = []
  const byNumber = new Map<number, { deliveries: Delivery[] }>()
  for (const s of trace.steps) {
    if (s.type === 'fault' && s.fault === 'crash' && s.node !== undefined) {
      lives.set(s.node, (lives.get(s.node) ?? 0) + 1)
      crashes.push({ node: s.node, at: s.at })
    }
    else if (s.type === 'send') {
      const deliveries: Delivery[] = []
      const packet: WirePacket = {
        packet: s.packet,
        at: s.at,
        sender: s.from,
        receiver: s.to ?? '',
        life: lives.get(s.from) ?? 0,
        transport: s.transport,
        ...factsOf(payloadBytes(s.payload)),
        deliveries,
      }
      packets.push({ packet, deliveries })
      byNumber.set(s.packet, { deliveries })
    } else if (s.type === 'deliver') byNumber.get(s.packet)?.deliveries.push({ at: s.at, life: lives.get(s.to) ?? 0 })
  }
  const early = earlyByeNodes(trace)
  const delays = hangupDelays(trace)
  return {
    source: 'trace',
    packets: packets.map((p) => p.packet),
    earlyBye: (node) => early.has(node),
    hangupAfterAnswer: (node) => delays.get(node),
    crashes,
    timersOf: participantTimers(trace),
    slack: () => 0.5,
    triggerWindow: 0,
    deliveryKnown: true,
    outcome: trace.outcome,
  }
}

/** Captured packets: capture time is send and delivery time; sub-ms timing is not trusted. */
export const wireTraceOfPackets = (captured: ReadonlyArray<CapturedPacket>): WireTrace => ({
  source: 'pcap',
  packets: [...captured]
    .sort((a, b) => a.at - b.at || a.frame - b.frame)
    .map((c) => ({
      packet: c.frame,
      at: c.at,
      sender: showHostPort(c.source),
      receiver: showHostPort(c.destination),
      life: 0,
      transport: c.transport,
      ...factsOf(c.data),
      deliveries: [{ at: c.at, life: 0 }],
    })),
  timersOf: () => defaultTimers,
  slack: (expected) => Math.max(20, expected * 0.1),
  triggerWindow: 100,
  deliveryKnown: false,
})
