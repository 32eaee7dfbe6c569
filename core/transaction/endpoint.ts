/**
 * Where a message goes. Structurally the same as the UA's `HostPort` and
 * `TransportName` (core/ua/io.ts), which this layer may not import (ua is above it).
 */
export type TransportName = 'udp' | 'tcp'

export interface HostPort {
  readonly address: string
  readonly port: number
}

/** §17.1.1.2 and §17.1.2.2: retransmission timers run only on unreliable transports. */
export const isReliable = (transport: TransportName): boolean => transport !== 'udp'
