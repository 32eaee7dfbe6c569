/**
 * One TCP connection carrying SIP (RFC 3261 §18.3): bytes framed by the core's
 * Content-Length framer, CRLF keep-alives answered (RFC 5626 §3.5.1), and the
 * connection closed on a framing error, which a stream cannot recover from.
 */
import type { Socket } from 'node:net'
import * as E from 'fp-ts/lib/Either.js'
import { emptyFramer, pushFrames, type StreamFramer } from '../../core/message/index.ts'
import type { HostPort } from '../../core/ua/index.ts'
import type { LogSink } from './log-sink.ts'
import type { Packet } from './transport.ts'

export interface StreamConnection {
  readonly socket: Socket
  readonly remote: HostPort
  readonly write: (data: Uint8Array) => void
}

const unmapped = (address: string | undefined): string => (address === undefined ? '' : address.startsWith('::ffff:') ? address.slice(7) : address)

export const remoteOf = (socket: Socket): HostPort => ({ address: unmapped(socket.remoteAddress), port: socket.remotePort ?? 0 })

const startsWithPing = (chunk: Uint8Array): boolean => chunk.length >= 4 && chunk[0] === 0x0d && chunk[1] === 0x0a && chunk[2] === 0x0d && chunk[3] === 0x0a

export interface ConnectionHooks {
  readonly onPacket: (packet: Packet) => void
  readonly onClose: (connection: StreamConnection) => void
  readonly log: LogSink
  readonly idleTimeoutMs: number
  /** Ping the peer this often (we opened the connection); 0: never. */
  readonly keepAliveMs: number
  /** A connection we are opening: what was written before it came up failed with it (RFC 3261 §17.1.4). */
  readonly onUnsent?: (data: Uint8Array, reason: string) => void
}

/** Wire up a socket (accepted, or connecting with `remote` known beforehand). */
export const attachConnection = (socket: Socket, remote: HostPort, hooks: ConnectionHooks): StreamConnection => {
  let framer: StreamFramer = emptyFramer
  const label = `tcp ${remote.address}:${remote.port}`
  /** Written while connecting (Node buffers them); reported as unsent if the connection fails first. */
  let waiting: Array<Uint8Array> | undefined = socket.connecting && hooks.onUnsent !== undefined ? [] : undefined
  socket.once('connect', () => void (waiting = undefined))
  const connection: StreamConnection = {
    socket,
    remote,
    write: (data) => {
      if (socket.destroyed) return hooks.onUnsent?.(data, 'connection closed')
      waiting?.push(data)
      socket.write(data)
    },
  }
  socket.setNoDelay(true)
  if (hooks.idleTimeoutMs > 0) socket.setTimeout(hooks.idleTimeoutMs, () => socket.destroy())
  const ping = hooks.keepAliveMs > 0 ? setInterval(() => connection.write(new Uint8Array([0x0d, 0x0a, 0x0d, 0x0a])), hooks.keepAliveMs) : undefined
  ping?.unref()
  socket.on('data', (chunk: Buffer) => {
    // §3.5.1: a double-CRLF ping between messages gets a single-CRLF pong.
    if (framer.buffered.length === 0 && startsWithPing(chunk)) connection.write(new Uint8Array([0x0d, 0x0a]))
    const [next, results] = pushFrames(framer, new Uint8Array(chunk))
    framer = next
    const destination = { address: unmapped(socket.localAddress), port: socket.localPort ?? 0 }
    for (const r of results) {
      // The raw frame, as over UDP: the UA parses it (and answers 400 if it must).
      if (E.isRight(r)) hooks.onPacket({ transport: 'tcp', source: remote, destination, data: r.right })
      else hooks.log(next.failed ? 'warn' : 'debug', `${label}: ${next.failed ? 'framing error, closing' : 'dropped message'}: ${r.left.reason}`)
    }
    if (next.failed) socket.destroy()
  })
  socket.on('error', (e) => {
    hooks.log('debug', `${label}: ${e.message}`)
    const unsent = waiting
    waiting = undefined
    for (const data of unsent ?? []) hooks.onUnsent?.(data, e.message)
  })
  socket.on('close', () => {
    if (ping !== undefined) clearInterval(ping)
    hooks.onClose(connection)
  })
  return connection
}
