/**
 * TCP for SIP (RFC 3261 §18): an optional listening socket, and one connection per
 * remote (address, port), reused in both directions: a request we accepted is answered
 * over its own connection (§18.2.2), which is keyed by the peer's source address.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'
import { Effect, type Scope } from 'effect'
import type { HostPort } from '../../core/ua/index.ts'
import { endpointKey, type ListenSpec } from './listen-spec.ts'
import type { LogSink } from './log-sink.ts'
import { attachConnection, remoteOf, type StreamConnection } from './stream-connection.ts'
import { transportError, type Packet, type SendFailure, type TransportErrorShape } from './transport.ts'

export interface TcpEndpoint {
  /** The listening socket, when there is one. */
  readonly local: ListenSpec | undefined
  readonly send: (destination: HostPort, data: Uint8Array) => Effect.Effect<void>
  readonly connectionCount: () => number
}

export interface TcpSettings {
  readonly idleTimeoutMs: number
  readonly keepAliveMs: number
}

const listen = (spec: ListenSpec, onSocket: (socket: Socket) => void): Effect.Effect<Server, TransportErrorShape> =>
  Effect.async<Server, TransportErrorShape>((resume) => {
    const server = createServer(onSocket)
    const onError = (e: NodeJS.ErrnoException): void => {
      server.close()
      resume(Effect.fail(transportError(`tcp listen ${spec.address}:${spec.port}: ${e.message}`, e.code)))
    }
    server.once('error', onError)
    server.listen({ host: spec.address, port: spec.port, exclusive: true }, () => {
      server.off('error', onError)
      resume(Effect.succeed(server))
    })
  })

export const openTcp = (
  spec: ListenSpec | undefined,
  onPacket: (packet: Packet) => void,
  log: LogSink,
  settings: TcpSettings,
  onFailure: (failure: SendFailure) => void = () => undefined,
): Effect.Effect<TcpEndpoint, TransportErrorShape, Scope.Scope> =>
  Effect.gen(function* () {
    const connections = new Map<string, StreamConnection>()
    let closing = false
    const hooks = (keepAliveMs: number) => ({
      onPacket,
      log,
      idleTimeoutMs: settings.idleTimeoutMs,
      keepAliveMs,
      onClose: (c: StreamConnection) => {
        const key = endpointKey(c.remote)
        if (connections.get(key) === c) connections.delete(key)
      },
    })
    const accept = (socket: Socket): void => {
      if (closing) return void socket.destroy()
      const c = attachConnection(socket, remoteOf(socket), hooks(0))
      connections.set(endpointKey(c.remote), c)
    }
    // Sockets go first in the scope, so they are destroyed after the server stops accepting.
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        closing = true
        for (const c of connections.values()) c.socket.destroy()
        connections.clear()
      }),
    )
    const server = spec === undefined ? undefined : yield* Effect.acquireRelease(listen(spec, accept), (s) => Effect.async<void>((resume) => {
      closing = true
      s.close(() => resume(Effect.void))
      for (const c of connections.values()) c.socket.destroy()
    }))
    const address = server?.address()
    const local: ListenSpec | undefined =
      spec === undefined || address === null || address === undefined || typeof address === 'string' ? undefined : { transport: 'tcp', address: spec.address, port: address.port }
    const send = (destination: HostPort, data: Uint8Array): Effect.Effect<void> =>
      Effect.sync(() => {
        if (closing) return
        const key = endpointKey(destination)
        let c = connections.get(key)
        if (c === undefined) {
          // Node buffers writes until the connection is up; if it never comes up, what was
          // written is reported as failed (§17.1.4), so the transaction fails at once.
          const socket = connect({ host: destination.address, port: destination.port, ...(spec === undefined ? {} : { localAddress: spec.address }) })
          const onUnsent = (unsent: Uint8Array, reason: string): void => onFailure({ transport: 'tcp', destination, data: unsent, reason })
          c = attachConnection(socket, destination, { ...hooks(settings.keepAliveMs), onUnsent })
          connections.set(key, c)
        }
        c.write(data)
      })
    return { local, send, connectionCount: () => connections.size }
  })
