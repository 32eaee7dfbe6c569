/** One UDP socket (RFC 3261 §18.1.1, §18.2.1), closed when its scope closes. */
import { createSocket, type Socket } from 'node:dgram'
import { Effect, type Scope } from 'effect'
import type { HostPort } from '../../core/ua/index.ts'
import type { ListenSpec } from './listen-spec.ts'
import type { LogSink } from './log-sink.ts'
import { transportError, type Packet, type SendFailure, type TransportErrorShape } from './transport.ts'

export interface UdpEndpoint {
  readonly local: ListenSpec
  readonly send: (destination: HostPort, data: Uint8Array) => Effect.Effect<void>
  /** `send` done at once, for a caller that is already inside an effect (the drain loop). */
  readonly sendNow: (destination: HostPort, data: Uint8Array) => void
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

export const openUdp = (
  spec: ListenSpec,
  onPacket: (packet: Packet) => void,
  log: LogSink,
  onFailure: (failure: SendFailure) => void = () => undefined,
): Effect.Effect<UdpEndpoint, TransportErrorShape, Scope.Scope> =>
  Effect.gen(function* () {
    // Sends are handed to the socket and not waited for (waiting cost an event-loop turn per
    // message; UDP gives no delivery news anyway). The socket closes only once the sends
    // still queued in it are out, or a second has passed.
    let inFlight = 0
    let drained: (() => void) | undefined
    const close = (s: Socket): Effect.Effect<void> =>
      Effect.async<void>((resume) => {
        let done = false
        const shut = (): void => {
          if (done) return
          done = true
          clearTimeout(timer)
          s.close(() => resume(Effect.void))
        }
        const timer = setTimeout(shut, 1_000)
        if (inFlight === 0) shut()
        else drained = shut
      })
    const socket = yield* Effect.acquireRelease(bind(spec), close)
    const port = socket.address().port
    // Room for bursts while the loop is busy: a full receive buffer drops datagrams (the
    // kernel caps this at net.core.rmem_max; less is fine).
    try {
      socket.setRecvBufferSize(4 * 1024 * 1024)
    } catch (e) {
      log('debug', `udp ${spec.address}:${port}: receive buffer left as it was: ${(e as Error).message}`)
    }
    const local: ListenSpec = { transport: 'udp', address: spec.address, port }
    socket.on('error', (e) => log('warn', `udp ${spec.address}:${port}: ${e.message}`))
    socket.on('message', (msg, rinfo) => {
      onPacket({ transport: 'udp', source: { address: rinfo.address, port: rinfo.port }, destination: { address: spec.address, port }, data: new Uint8Array(msg) })
    })
    const failed = (destination: HostPort, data: Uint8Array, e: Error): void => {
      log('debug', `udp send to ${destination.address}:${destination.port}: ${e.message}`)
      onFailure({ transport: 'udp', destination, data, reason: e.message })
    }
    const sent = (destination: HostPort, data: Uint8Array) => (e: Error | null): void => {
      inFlight--
      if (e) failed(destination, data, e)
      if (inFlight === 0) drained?.()
    }
    const sendNow = (destination: HostPort, data: Uint8Array): void => {
      inFlight++
      try {
        socket.send(data, destination.port, destination.address, sent(destination, data))
      } catch (e) {
        sent(destination, data)(e as Error) // socket already closed
      }
    }
    return { local, send: (destination, data) => Effect.sync(() => sendNow(destination, data)), sendNow }
  })
