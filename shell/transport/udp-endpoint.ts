/** One UDP socket (RFC 3261 §18.1.1, §18.2.1), closed when its scope closes. */
import { createSocket, type Socket } from 'node:dgram'
import { Effect, type Scope } from 'effect'
import type { HostPort } from '../../core/ua/index.ts'
import type { ListenSpec } from './listen-spec.ts'
import type { LogSink } from './log-sink.ts'
import { transportError, type Packet, type TransportErrorShape } from './transport.ts'

export interface UdpEndpoint {
  readonly local: ListenSpec
  readonly send: (destination: HostPort, data: Uint8Array) => Effect.Effect<void>
}

const bind = (spec: ListenSpec): Effect.Effect<Socket, TransportErrorShape> =>
  Effect.async<Socket, TransportErrorShape>((resume) => {
    const socket = createSocket({ type: spec.address.includes(':') ? 'udp6' : 'udp4' })
    const onError = (e: NodeJS.ErrnoException): void => {
      socket.close()
      resume(Effect.fail(transportError(`udp bind ${spec.address}:${spec.port}: ${e.message}`, e.code)))
    }
    socket.once('error', onError)
    socket.bind({ address: spec.address, port: spec.port }, () => {
      socket.off('error', onError)
      resume(Effect.succeed(socket))
    })
  })

export const openUdp = (spec: ListenSpec, onPacket: (packet: Packet) => void, log: LogSink): Effect.Effect<UdpEndpoint, TransportErrorShape, Scope.Scope> =>
  Effect.gen(function* () {
    const socket = yield* Effect.acquireRelease(bind(spec), (s) => Effect.async<void>((resume) => void s.close(() => resume(Effect.void))))
    const port = socket.address().port
    const local: ListenSpec = { transport: 'udp', address: spec.address, port }
    socket.on('error', (e) => log('warn', `udp ${spec.address}:${port}: ${e.message}`))
    socket.on('message', (msg, rinfo) => {
      onPacket({ transport: 'udp', source: { address: rinfo.address, port: rinfo.port }, destination: { address: spec.address, port }, data: new Uint8Array(msg) })
    })
    const send = (destination: HostPort, data: Uint8Array): Effect.Effect<void> =>
      Effect.async<void>((resume) => {
        const failed = (e: Error): void => {
          log('warn', `udp send to ${destination.address}:${destination.port}: ${e.message}`)
          resume(Effect.void)
        }
        try {
          socket.send(data, destination.port, destination.address, (e) => (e ? failed(e) : resume(Effect.void)))
        } catch (e) {
          failed(e as Error) // socket already closed
        }
      })
    return { local, send }
  })
