/**
 * The reducer contract of DESIGN.md: what a user agent takes in and what it gives out.
 * Time arrives in inputs (`at`, milliseconds on whatever clock the driver uses);
 * timers leave as data (a keyed deadline table); bytes leave as `send` outputs.
 */
import type { Command } from './command.ts'
import type { UaEvent } from './event.ts'

export type Millis = number

export type TransportName = 'udp' | 'tcp'

/** An IP address (v4 dotted or v6 without brackets) and port. */
export interface HostPort {
  readonly address: string
  readonly port: number
}

export type Input =
  | {
      readonly type: 'packet'
      readonly at: Millis
      readonly transport: TransportName
      readonly source: HostPort
      readonly destination: HostPort
      readonly data: Uint8Array
    }
  | { readonly type: 'timer'; readonly at: Millis; readonly key: string }
  | { readonly type: 'command'; readonly at: Millis; readonly command: Command }
  /**
   * The driver could not send these bytes (a refused TCP connection, an unreachable host):
   * RFC 3261 §17.1.4, the transaction of a request we sent fails at once instead of
   * waiting for Timer B or F.
   */
  | {
      readonly type: 'transport-error'
      readonly at: Millis
      readonly transport: TransportName
      readonly destination: HostPort
      readonly data: Uint8Array
      readonly reason: string
    }

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive'

/** What the shell's RTP layer should do. `stream` names one RTP stream of one call. */
export type MediaInstruction =
  | {
      readonly type: 'open' | 'update'
      readonly stream: string
      readonly call: string
      readonly local: HostPort
      readonly remote: HostPort
      readonly codec: { readonly name: string; readonly payloadType: number; readonly clockRate: number }
      readonly direction: MediaDirection
    }
  | { readonly type: 'close'; readonly stream: string; readonly call: string }

export type Output =
  | {
      readonly type: 'send'
      readonly transport: TransportName
      readonly source?: HostPort
      readonly destination: HostPort
      readonly data: Uint8Array
    }
  /** Set (`at` given) or clear (`at` undefined) the deadline of one timer key. */
  | { readonly type: 'timer'; readonly key: string; readonly at: Millis | undefined }
  | { readonly type: 'event'; readonly event: UaEvent }
  | { readonly type: 'media'; readonly media: MediaInstruction }
