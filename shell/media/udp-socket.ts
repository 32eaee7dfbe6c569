/** A UDP socket bound for the life of a scope (node:dgram). */
import dgram from 'node:dgram'
import { isIPv6 } from 'node:net'
import { Effect, type Scope } from 'effect'
import type { HostPort } from '../../core/ua/io.ts'
import { mediaError, type MediaError } from './media-error.ts'

const closeSocket = (socket: dgram.Socket): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    try {
      socket.close(() => resume(Effect.void))
    } catch {
      resume(Effect.void) // already closed
    }
  })

/** Bind `local` (port 0: any free port); the socket closes when the scope does. */
export const bindUdp = (stream: string, local: HostPort): Effect.Effect<dgram.Socket, MediaError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<dgram.Socket, MediaError>((resume) => {
      const socket = dgram.createSocket({ type: isIPv6(local.address) ? 'udp6' : 'udp4' })
      const onError = (error: Error) => {
        try {
          socket.close()
        } catch {
          // never bound
        }
        resume(Effect.fail(mediaError(stream, `cannot bind ${local.address}:${local.port}: ${error.message}`)))
      }
      socket.once('error', onError)
      socket.bind({ address: local.address, port: local.port, exclusive: true }, () => {
        socket.off('error', onError)
        socket.on('error', () => undefined) // an unheard 'error' would crash the process; send errors arrive per send
        resume(Effect.succeed(socket))
      })
      return Effect.sync(() => socket.removeAllListeners()).pipe(Effect.zipRight(closeSocket(socket)))
    }),
    closeSocket,
  )

/** The address and port a socket is bound to. */
export const boundAddress = (socket: dgram.Socket): HostPort => {
  const { address, port } = socket.address()
  return { address, port }
}
