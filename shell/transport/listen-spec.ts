/** `udp:127.0.0.1:5070`, `tcp:[::1]:0`: where a transport listens (port 0: the OS picks). */
import * as E from 'fp-ts/lib/Either.js'
import type { HostPort, TransportName } from '../../core/ua/index.ts'

export interface ListenSpec {
  readonly transport: TransportName
  readonly address: string
  readonly port: number
}

export const parseListenSpec = (text: string): E.Either<string, ListenSpec> => {
  const m = /^(udp|tcp):(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/i.exec(text.trim())
  if (m === null) return E.left(`invalid listen address "${text}" (expected udp:HOST:PORT or tcp:HOST:PORT)`)
  const port = Number(m[3])
  if (port > 65_535) return E.left(`invalid port in "${text}"`)
  const host = m[2]!
  return E.right({ transport: m[1]!.toLowerCase() as TransportName, address: host.startsWith('[') ? host.slice(1, -1) : host, port })
}

export const formatHostPort = (hp: HostPort): string => (hp.address.includes(':') ? `[${hp.address}]:${hp.port}` : `${hp.address}:${hp.port}`)

export const formatListenSpec = (spec: ListenSpec): string => `${spec.transport}:${formatHostPort(spec)}`

/** The key of a remote endpoint in the connection table (RFC 3261 §18: reuse per address and port). */
export const endpointKey = (hp: HostPort): string => formatHostPort(hp)
