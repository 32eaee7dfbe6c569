/**
 * Bind the listening sockets and build the `Transport` service. UDP and TCP share a port
 * when both listen on one address and the later one asks for port 0 (as SIP expects:
 * one sent-by for both, RFC 3261 §18.1.1); a clash with that port binds both again.
 */
import { Effect, Exit, Layer, Queue, Scope } from 'effect'
import type { HostPort } from '../../core/ua/index.ts'
import type { ListenSpec } from './listen-spec.ts'
import { makeLogSink, type LogSink } from './log-sink.ts'
import { mustUseStream, udpRequestLimit } from './size-limit.ts'
import { openTcp, type TcpEndpoint } from './tcp-endpoint.ts'
import { Transport, transportError, type Packet, type SendFailure, type SendOutput, type TransportErrorShape, type TransportOptions, type TransportShape, type TransportSinks } from './transport.ts'
import { openUdp, type UdpEndpoint } from './udp-endpoint.ts'
import { rewriteTopViaToTcp } from './via-transport.ts'

interface Bound {
  readonly udp: UdpEndpoint | undefined
  readonly tcp: TcpEndpoint
}

const bindAll = (options: TransportOptions, onPacket: (p: Packet) => void, log: LogSink, onFailure: (f: SendFailure) => void): Effect.Effect<Bound, TransportErrorShape, Scope.Scope> =>
  Effect.gen(function* () {
    const udpSpecs = options.listen.filter((s) => s.transport === 'udp')
    const tcpSpecs = options.listen.filter((s) => s.transport === 'tcp')
    if (options.listen.length === 0) return yield* Effect.fail(transportError('nothing to listen on'))
    if (udpSpecs.length > 1 || tcpSpecs.length > 1) return yield* Effect.fail(transportError('at most one UDP and one TCP listen address'))
    const first = options.listen[0]!
    const shared = (spec: ListenSpec | undefined, bound: ListenSpec | undefined): ListenSpec | undefined =>
      spec !== undefined && bound !== undefined && spec.port === 0 && spec.address === bound.address ? { ...spec, port: bound.port } : spec
    const settings = { idleTimeoutMs: options.idleTimeoutMs ?? 300_000, keepAliveMs: options.keepAliveMs ?? 0 }
    if (first.transport === 'udp') {
      const udp = yield* openUdp(first, onPacket, log, onFailure)
      const tcp = yield* openTcp(shared(tcpSpecs[0], udp.local), onPacket, log, settings, onFailure)
      return { udp, tcp }
    }
    const tcp = yield* openTcp(first, onPacket, log, settings, onFailure)
    const udpSpec = shared(udpSpecs[0], tcp.local)
    const udp = udpSpec === undefined ? undefined : yield* openUdp(udpSpec, onPacket, log, onFailure)
    return { udp, tcp }
  })

/** Bind in a scope of its own, so a failed attempt closes what it opened before the next. */
const bindWithRetry = (options: TransportOptions, onPacket: (p: Packet) => void, log: LogSink, onFailure: (f: SendFailure) => void): Effect.Effect<Bound, TransportErrorShape, Scope.Scope> => {
  const attempt = Effect.gen(function* () {
    const inner = yield* Scope.make()
    const bound = yield* bindAll(options, onPacket, log, onFailure).pipe(Scope.extend(inner), Effect.onError(() => Scope.close(inner, Exit.void)))
    yield* Effect.addFinalizer(() => Scope.close(inner, Exit.void))
    return bound
  })
  const derived = options.listen.some((s, i) => i > 0 && s.port === 0)
  return derived ? Effect.retry(attempt, { times: 8, while: (e) => e.code === 'EADDRINUSE' }) : attempt
}

export const makeTransport = (options: TransportOptions): Effect.Effect<TransportShape, TransportErrorShape, Scope.Scope> =>
  Effect.gen(function* () {
    const packets = yield* Queue.unbounded<Packet>()
    const failures = yield* Queue.unbounded<SendFailure>()
    const log = yield* makeLogSink
    let sinks: TransportSinks = { packet: (p) => void Queue.unsafeOffer(packets, p), failure: (f) => void Queue.unsafeOffer(failures, f) }
    const { udp, tcp } = yield* bindWithRetry(options, (p) => sinks.packet(p), log, (f) => sinks.failure(f))
    const limit = options.udpRequestLimit ?? udpRequestLimit
    const sendUdp = (destination: HostPort, data: Uint8Array): Effect.Effect<void> =>
      // §18.1.1: a large request goes over TCP, its top Via saying so.
      mustUseStream(data, limit)
        ? tcp.send(destination, rewriteTopViaToTcp(data))
        : udp === undefined
          ? Effect.logWarning(`no UDP socket: dropped a message to ${destination.address}:${destination.port}`)
          : udp.send(destination, data)
    const endpoints = [udp?.local, tcp.local].filter((e): e is ListenSpec => e !== undefined)
    // One socket per transport: a `source` can only be ours (the core sets none today).
    const ours = (source: HostPort): boolean => endpoints.some((e) => e.address === source.address && e.port === source.port)
    const send = (o: SendOutput): Effect.Effect<void> =>
      Effect.zipRight(
        o.source !== undefined && !ours(o.source) ? Effect.logDebug(`send: source ${o.source.address}:${o.source.port} is not bound here; using ${o.transport} socket`) : Effect.void,
        o.transport === 'tcp' ? tcp.send(o.destination, o.data) : sendUdp(o.destination, o.data),
      )
    const trySendNow = (o: SendOutput): boolean => {
      if (o.transport !== 'udp' || udp === undefined || (o.source !== undefined && !ours(o.source)) || mustUseStream(o.data, limit)) return false
      udp.sendNow(o.destination, o.data)
      return true
    }
    const receive = (to: TransportSinks): Effect.Effect<void> =>
      Effect.sync(() => {
        // Whatever was queued before goes first, in order; in one synchronous block, so
        // nothing can arrive in between.
        const queued = Effect.runSync(Queue.takeAll(packets))
        const failed = Effect.runSync(Queue.takeAll(failures))
        sinks = to
        for (const p of queued) to.packet(p)
        for (const f of failed) to.failure(f)
      })
    const ordered = options.listen[0]?.transport === 'tcp' ? [...endpoints].reverse() : endpoints
    return { endpoints: ordered, packets, send, trySendNow, receive, failures }
  })

export const transportLayer = (options: TransportOptions): Layer.Layer<Transport, TransportErrorShape> => Layer.scoped(Transport, makeTransport(options))
