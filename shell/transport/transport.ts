/**
 * The `Transport` service: SIP over UDP and TCP (RFC 3261 §18). Packets received on
 * any socket land in one queue; `send` performs a core `send` output.
 */
import { Context, type Effect, type Queue } from 'effect'
import type { HostPort, Output, TransportName } from '../../core/ua/index.ts'
import type { ListenSpec } from './listen-spec.ts'

/** A message received: becomes a `packet` input once the runtime stamps its time. */
export interface Packet {
  readonly transport: TransportName
  readonly source: HostPort
  readonly destination: HostPort
  readonly data: Uint8Array
}

export type SendOutput = Extract<Output, { readonly type: 'send' }>

/** Bytes that could not be sent, and why (becomes a `transport-error` input, RFC 3261 §17.1.4). */
export interface SendFailure {
  readonly transport: TransportName
  readonly destination: HostPort
  readonly data: Uint8Array
  readonly reason: string
}

export interface TransportSinks {
  readonly packet: (packet: Packet) => void
  readonly failure: (failure: SendFailure) => void
}

export interface TransportShape {
  /** The bound sockets, with the ports the OS gave for port 0. */
  readonly endpoints: ReadonlyArray<ListenSpec>
  readonly packets: Queue.Dequeue<Packet>
  /** Best effort, like the network: what the OS says could not go out lands in `failures`. */
  readonly send: (output: SendOutput) => Effect.Effect<void>
  /**
   * `send` done at once when that needs no effect (UDP within the size limit, from our own
   * socket): true when sent. The drain loop uses it to spare the fiber steps of an effect.
   */
  readonly trySendNow: (output: SendOutput) => boolean
  /**
   * Hand received packets and send failures to `sinks` as they happen instead of queueing
   * them in `packets` and `failures` (the UA runtime's inbox takes them directly: no
   * forwarding fiber, one fiber hop less a packet). What was queued before goes first.
   */
  readonly receive: (sinks: TransportSinks) => Effect.Effect<void>
  /** Sends that failed: a refused or broken TCP connection before the bytes left, an unreachable host. */
  readonly failures: Queue.Dequeue<SendFailure>
}

export type Transport = TransportShape
export const Transport = Context.GenericTag<Transport>('sipxfer/Transport')

export interface TransportOptions {
  /** At least one; the first is the UA's address. A later `:0` on the first one's address takes the same port. */
  readonly listen: ReadonlyArray<ListenSpec>
  /** §18.1.1 limit above which a UDP request goes over TCP (default 1300). */
  readonly udpRequestLimit?: number
  /** Send a CRLFCRLF ping on connections we opened this often (RFC 5626 §3.5.1); 0 or absent: never. */
  readonly keepAliveMs?: number
  /** Close TCP connections idle this long (default 5 minutes). */
  readonly idleTimeoutMs?: number
}

export interface TransportErrorShape {
  readonly _tag: 'TransportError'
  readonly message: string
  readonly code?: string
}

export const transportError = (message: string, code?: string): TransportErrorShape => ({ _tag: 'TransportError', message, ...(code === undefined ? {} : { code }) })
