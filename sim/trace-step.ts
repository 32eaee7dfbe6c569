/**
 * One step of a trace: everything that happened at one instant, in the order it
 * happened. A `send` records the packet in full and its fate on the link; each copy
 * that arrives gets its own `deliver` (or `drop`, when the node was down).
 */
import * as t from 'io-ts'
import type { Command } from '../core/ua/command.ts'
import type { UaEvent } from '../core/ua/event.ts'
import type { HostPort, MediaInstruction, Millis, TransportName } from '../core/ua/io.ts'
import { commandCodec } from './command-codec.ts'
import { mediaInstructionCodec, uaEventCodec } from './event-codec.ts'
import { millisCodec } from './fault-plan.ts'
import { hostPortCodec } from './host-port.ts'
import { payloadCodec, type Payload } from './payload.ts'
import { taggedUnion } from './tagged-union.ts'

/** What the link did with a packet: `duplicated` means two copies are on their way. */
export type Fate = 'delivered' | 'dropped' | 'duplicated'
export type DropReason = 'loss' | 'partition' | 'unroutable'

export type TraceStep =
  | {
      readonly type: 'send'
      readonly at: Millis
      /** Packet number, from 1, in send order. */
      readonly packet: number
      readonly from: string
      /** The receiving node; absent when no node has the destination address. */
      readonly to?: string
      readonly transport: TransportName
      readonly source: HostPort
      readonly destination: HostPort
      readonly payload: Payload
      readonly fate: Fate
      readonly reason?: DropReason
      /** When each copy is due. */
      readonly deliverAt: ReadonlyArray<Millis>
    }
  | { readonly type: 'deliver'; readonly at: Millis; readonly packet: number; readonly copy: number; readonly to: string }
  | { readonly type: 'drop'; readonly at: Millis; readonly packet: number; readonly copy: number; readonly to: string; readonly reason: 'node-down' }
  | { readonly type: 'timer'; readonly at: Millis; readonly node: string; readonly key: string }
  | {
      readonly type: 'command'
      readonly at: Millis
      readonly node: string
      readonly command: Command
      readonly origin: 'scenario' | 'reaction'
      /** The node was down: the command was not given. */
      readonly nodeDown?: boolean
    }
  | { readonly type: 'event'; readonly at: Millis; readonly node: string; readonly event: UaEvent }
  | { readonly type: 'media'; readonly at: Millis; readonly node: string; readonly media: MediaInstruction }
  | { readonly type: 'fault'; readonly at: Millis; readonly fault: 'crash' | 'restart' | 'heal'; readonly node?: string }

export type SendStep = Extract<TraceStep, { readonly type: 'send' }>

const transportCodec = t.union([t.literal('udp'), t.literal('tcp')])
const at = millisCodec

export const traceStepCodec: t.Type<TraceStep, unknown, unknown> = taggedUnion<TraceStep>('TraceStep', {
  send: t.intersection([
    t.type({
      type: t.literal('send'),
      at,
      packet: t.number,
      from: t.string,
      transport: transportCodec,
      source: hostPortCodec,
      destination: hostPortCodec,
      payload: payloadCodec,
      fate: t.union([t.literal('delivered'), t.literal('dropped'), t.literal('duplicated')]),
      deliverAt: t.readonlyArray(millisCodec),
    }),
    t.partial({ to: t.string, reason: t.union([t.literal('loss'), t.literal('partition'), t.literal('unroutable')]) }),
  ]),
  deliver: t.type({ type: t.literal('deliver'), at, packet: t.number, copy: t.number, to: t.string }),
  drop: t.type({ type: t.literal('drop'), at, packet: t.number, copy: t.number, to: t.string, reason: t.literal('node-down') }),
  timer: t.type({ type: t.literal('timer'), at, node: t.string, key: t.string }),
  command: t.intersection([
    t.type({
      type: t.literal('command'),
      at,
      node: t.string,
      command: commandCodec,
      origin: t.union([t.literal('scenario'), t.literal('reaction')]),
    }),
    t.partial({ nodeDown: t.boolean }),
  ]),
  event: t.type({ type: t.literal('event'), at, node: t.string, event: uaEventCodec }),
  media: t.type({ type: t.literal('media'), at, node: t.string, media: mediaInstructionCodec }),
  fault: t.intersection([
    t.type({
      type: t.literal('fault'),
      at,
      fault: t.union([t.literal('crash'), t.literal('restart'), t.literal('heal')]),
    }),
    t.partial({ node: t.string }),
  ]),
})
