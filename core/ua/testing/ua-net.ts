/**
 * A small network of user agents for tests (quinn-proto style): fixed latency, a virtual
 * clock that jumps to the next delivery or deadline, every packet recorded parsed. Besides
 * UAs it has bare endpoints ("raw" addresses), from which a test sends hand-built messages
 * and at which it reads what the UAs answered. The network can drop, delay, duplicate or
 * fork packets (NetOptions). Pure: the test asserts on what it records.
 */
import * as E from 'fp-ts/lib/Either.js'
import { codecs, headerValue, parseMessage, rawField, serializeMessage, type HeaderField, type SipMessage, type SipRequest } from '../../message/index.ts'
import { activeTimers } from '../../transaction/index.ts'
import type { Command } from '../command.ts'
import type { UaConfigInput } from '../config.ts'
import type { UaEvent } from '../event.ts'
import { indexProblems } from '../index-check.ts'
import type { HostPort, Input, MediaInstruction, Output } from '../io.ts'
import type { UserAgent } from '../state.ts'
import { createUserAgent, nextDeadline, step } from '../ua.ts'

export interface Wire {
  readonly at: number
  readonly from: string
  readonly to: string
  readonly msg: SipMessage
  readonly data: Uint8Array
}

export interface NetNode {
  readonly name: string
  readonly address: HostPort
  ua: UserAgent
}

export interface NodeSpec {
  readonly name: string
  readonly address: string
  readonly config?: Partial<UaConfigInput>
}

export interface NetOptions {
  readonly latency?: number
  /** Bare endpoints by name: addresses no UA answers at, for hand-built messages. */
  readonly raw?: Readonly<Record<string, string>>
  /** Drop a packet (seen once, when sent). */
  readonly drop?: (w: Wire) => boolean
  /** Extra delay of a packet. */
  readonly delay?: (w: Wire) => number
  /** A second copy of a packet, this many ms after the first. */
  readonly duplicate?: (w: Wire) => number | undefined
  /** Extra receivers of a packet (forking). */
  readonly fork?: (w: Wire) => ReadonlyArray<string>
  /** Called after a step when `indexProblems` finds anything (besides recording it in `problems`), e.g. to fail the test there. */
  readonly onProblems?: (found: ReadonlyArray<string>) => void
}

interface Flight {
  readonly at: number
  readonly seq: number
  /** The receiving node (the addressee, or another one the packet was forked to). */
  readonly to: string
  readonly wire: Wire
  readonly source: HostPort
  readonly destination: HostPort
}

const port = 5060

export const makeUaNet = (specs: ReadonlyArray<NodeSpec>, options: NetOptions = {}) => {
  const latency = options.latency ?? 10
  const nodes: NetNode[] = specs.map((s) => ({
    name: s.name,
    address: { address: s.address, port },
    ua: createUserAgent({ user: s.name, address: s.address, port, seed: 7, ...s.config }),
  }))
  const raw = Object.entries(options.raw ?? {}).map(([name, address]) => ({ name, address: { address, port } }))
  const nameAt = (a: HostPort): string =>
    [...nodes, ...raw].find((n) => n.address.address === a.address && n.address.port === a.port)?.name ?? '?'
  const node = (name: string): NetNode | undefined => nodes.find((n) => n.name === name)
  const flights: Flight[] = []
  const sends: Wire[] = []
  /** Packets as they reached a node (`to` is the receiver, `at` the arrival). */
  const deliveries: Wire[] = []
  const events: Array<{ readonly at: number; readonly node: string; readonly event: UaEvent }> = []
  const media: Array<{ readonly at: number; readonly node: string; readonly media: MediaInstruction }> = []
  const timersFired: Array<{ readonly at: number; readonly node: string; readonly key: string }> = []
  /** What `indexProblems` found after any step (should stay empty). */
  const problems: string[] = []
  let now = 0
  let seq = 0

  const apply = (from: NetNode, outputs: ReadonlyArray<Output>): void => {
    for (const o of outputs) {
      if (o.type === 'event') events.push({ at: now, node: from.name, event: o.event })
      if (o.type === 'media') media.push({ at: now, node: from.name, media: o.media })
      if (o.type !== 'send') continue
      const parsed = parseMessage(o.data)
      if (E.isLeft(parsed)) continue
      const wire: Wire = { at: now, from: from.name, to: nameAt(o.destination), msg: parsed.right, data: o.data }
      sends.push(wire)
      if (options.drop?.(wire) === true) continue
      const at = now + latency + (options.delay?.(wire) ?? 0)
      const targets = [...(node(wire.to) === undefined ? [] : [wire.to]), ...(options.fork?.(wire) ?? [])]
      const again = options.duplicate?.(wire)
      for (const to of targets) {
        flights.push({ at, seq: seq++, to, wire, source: from.address, destination: o.destination })
        if (again !== undefined) flights.push({ at: at + again, seq: seq++, to, wire, source: from.address, destination: o.destination })
      }
    }
  }

  const input = (n: NetNode, i: Input): void => {
    const [ua, outputs] = step(n.ua, i)
    // The indexes beside the maps (state.ts) must agree with them after every step.
    const found = indexProblems(ua).map((p) => `${n.name}: ${p}`)
    problems.push(...found)
    if (found.length > 0) options.onProblems?.(found)
    n.ua = ua
    apply(n, outputs)
  }

  /** Due transaction and UA timers of a node at `now`. */
  const dueKeys = (ua: UserAgent): ReadonlyArray<string> => [
    ...activeTimers(ua.transactions).filter(([, at]) => at <= now).map(([key]) => key),
    ...[...ua.timers.entries()].filter(([, at]) => at <= now).map(([key]) => key),
  ]

  /** Deliveries and timers, in time order, up to `until`. */
  const runUntil = (until: number): void => {
    for (let guard = 0; guard < 100_000; guard++) {
      const flight = flights.reduce<Flight | undefined>((b, f) => (b === undefined || f.at < b.at || (f.at === b.at && f.seq < b.seq) ? f : b), undefined)
      let timerNode: NetNode | undefined
      let timerAt: number | undefined
      for (const n of nodes) {
        const d = nextDeadline(n.ua)
        if (d !== undefined && (timerAt === undefined || d < timerAt)) {
          timerAt = d
          timerNode = n
        }
      }
      const next = Math.min(flight?.at ?? Infinity, timerAt ?? Infinity)
      if (next > until) break
      now = Math.max(now, next)
      if (flight !== undefined && flight.at <= (timerAt ?? Infinity)) {
        flights.splice(flights.indexOf(flight), 1)
        const to = node(flight.to)
        if (to !== undefined) {
          deliveries.push({ ...flight.wire, at: now, to: flight.to })
          input(to, { type: 'packet', at: now, transport: 'udp', source: flight.source, destination: flight.destination, data: flight.wire.data })
        }
      } else if (timerNode !== undefined) {
        // Fire every key due at this deadline (the UA's own tables decide what is due).
        const due = dueKeys(timerNode.ua)
        if (due.length === 0) break
        for (const key of due) {
          timersFired.push({ at: now, node: timerNode.name, key })
          input(timerNode, { type: 'timer', at: now, key })
        }
      }
    }
    now = Math.max(now, until)
  }

  return {
    nodes,
    sends,
    deliveries,
    events,
    media,
    timersFired,
    problems,
    get now() {
      return now
    },
    ua: (name: string): UserAgent | undefined => node(name)?.ua,
    node,
    command: (name: string, command: Command): void => {
      const n = node(name)
      if (n !== undefined) input(n, { type: 'command', at: now, command })
    },
    /** A message from a raw endpoint (or a node's address) straight to a node, now. */
    inject: (fromRaw: string, to: string, msg: SipMessage): void => {
      const n = node(to)
      const source = [...raw, ...nodes].find((r) => r.name === fromRaw)?.address
      if (n === undefined || source === undefined) return
      const data = serializeMessage(msg)
      sends.push({ at: now, from: fromRaw, to, msg, data })
      input(n, { type: 'packet', at: now, transport: 'udp', source, destination: n.address, data })
    },
    /** Feed any input to a node, at the time it carries (what a driver reports, e.g. a transport error). */
    feed: (name: string, i: Input): void => {
      const n = node(name)
      if (n !== undefined) input(n, i)
    },
    runUntil,
    /** Events of a node, log events left out. */
    eventsOf: (name: string): ReadonlyArray<UaEvent> => events.filter((e) => e.node === name && e.event.type !== 'log').map((e) => e.event),
    logsOf: (name: string): ReadonlyArray<string> =>
      events.flatMap((e) => (e.node === name && e.event.type === 'log' ? [e.event.message] : [])),
  }
}

export type UaNet = ReturnType<typeof makeUaNet>

// ---- reading messages ----

export const header = (m: SipMessage, name: string): string | undefined => m.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value
export const headersNamed = (m: SipMessage, name: string): ReadonlyArray<string> =>
  m.headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value)
export const tagOf = (value: string | undefined): string | undefined => (value === undefined ? undefined : /;\s*tag=([^;>\s]+)/i.exec(value)?.[1])
export const cseqMethod = (m: SipMessage): string => {
  const c = headerValue(m, codecs.cseq)
  return E.isRight(c) && c.right !== undefined ? c.right.method : ''
}
export const cseqNumber = (m: SipMessage): number => {
  const c = headerValue(m, codecs.cseq)
  return E.isRight(c) && c.right !== undefined ? c.right.seq : NaN
}
export const isRequest = (w: Wire, method: string): boolean => w.msg.type === 'request' && w.msg.method === method
export const isResponse = (w: Wire, method: string, status?: number): boolean =>
  w.msg.type === 'response' && cseqMethod(w.msg) === method && (status === undefined || w.msg.status === status)
export const statusOf = (w: Wire | undefined): number | undefined => (w?.msg.type === 'response' ? w.msg.status : undefined)

// ---- building messages ----

const encoder = new TextEncoder()

/** An SDP offer of PCMU from `address` (what a plain phone would send in its INVITE). */
export const sdpOffer = (address: string): string =>
  ['v=0', `o=hand 1 1 IN IP4 ${address}`, 's=-', `c=IN IP4 ${address}`, 't=0 0', 'm=audio 30000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n')

export interface RequestSpec {
  readonly method: string
  /** Request-URI, e.g. `sip:charlie@192.0.2.3:5060`. */
  readonly uri: string
  /** Who sends it: the sent-by of its Via, the From and the Contact. */
  readonly from: HostPort & { readonly user: string }
  readonly fromTag?: string
  /** The To header's value (the Request-URI in <> when absent), with any tag. */
  readonly to?: string
  readonly callId: string
  readonly cseq?: number
  readonly branch?: string
  readonly headers?: ReadonlyArray<readonly [string, string]>
  readonly body?: string
  readonly contentType?: string
}

/** A request as a peer would write it by hand. */
export const handRequest = (spec: RequestSpec): SipRequest => {
  const host = `${spec.from.address}:${spec.from.port}`
  const body = encoder.encode(spec.body ?? '')
  const fields: ReadonlyArray<HeaderField> = [
    rawField('Via', `SIP/2.0/UDP ${host};branch=${spec.branch ?? 'z9hG4bKhand1'}`),
    rawField('Max-Forwards', '70'),
    rawField('From', `<sip:${spec.from.user}@${host}>;tag=${spec.fromTag ?? 'handtag1'}`),
    rawField('To', spec.to ?? `<${spec.uri}>`),
    rawField('Call-ID', spec.callId),
    rawField('CSeq', `${spec.cseq ?? 1} ${spec.method}`),
    rawField('Contact', `<sip:${spec.from.user}@${host}>`),
    ...(spec.headers ?? []).map(([n, v]) => rawField(n, v)),
    ...(spec.contentType === undefined ? [] : [rawField('Content-Type', spec.contentType)]),
    rawField('Content-Length', String(body.length)),
  ]
  return { type: 'request', method: spec.method, uri: spec.uri, version: 'SIP/2.0', headers: fields, body }
}

export type InviteSpec = Omit<RequestSpec, 'method' | 'body' | 'contentType'> & {
  /** Offer PCMU in the INVITE; without it the peer offers in its 2xx. */
  readonly offer?: boolean
}

/** An out-of-dialog INVITE, as a peer would write it by hand. */
export const handInvite = (spec: InviteSpec): SipRequest =>
  handRequest({ ...spec, method: 'INVITE', ...(spec.offer === true ? { body: sdpOffer(spec.from.address), contentType: 'application/sdp' } : {}) })

/** The ACK of a 2xx to `invite` (RFC 3261 §13.2.2.4): the 2xx's To (with its tag), a new branch. */
export const handAck = (invite: SipRequest, ok: SipMessage, from: HostPort & { readonly user: string }): SipRequest =>
  handRequest({
    method: 'ACK',
    uri: invite.uri,
    from,
    fromTag: tagOf(header(invite, 'From')) ?? '',
    to: header(ok, 'To') ?? '',
    callId: header(invite, 'Call-ID') ?? '',
    cseq: cseqNumber(invite),
    branch: 'z9hG4bKhandack',
  })
