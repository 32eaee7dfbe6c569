/**
 * The `Media` service: what the runtime asks of an RTP engine. The core says what to
 * open, update (hold, transfer) and close (`media` outputs); an engine sends and receives
 * RTP and counts. The default does nothing, so signalling runs without media.
 */
import { Context, Effect, Layer } from 'effect'
import type { HostPort, MediaDirection, MediaInstruction } from '../../core/ua/index.ts'

/**
 * Statistics of one call's RTP streams, summed when a call has several. Field for field
 * the shape shell/media's engine reports, so its Layer provides this port.
 */
export interface MediaStats {
  readonly call: string
  /** False once every stream of the call was closed (final figures). */
  readonly active: boolean
  readonly packetsSent: number
  readonly packetsReceived: number
  /** RFC 3550 §A.3 cumulative loss (expected − received). */
  readonly lost: number
  /** RFC 3550 §A.8 interarrival jitter, milliseconds. */
  readonly jitterMs: number
  readonly remote: HostPort | undefined
  readonly lastSender: HostPort | undefined
  readonly local: HostPort | undefined
  readonly direction: MediaDirection | undefined
}

export interface MediaPort {
  /** Perform one instruction; an engine logs its own failures and never fails the UA. */
  readonly apply: (instruction: MediaInstruction) => Effect.Effect<void>
  /** Counters of one call (all its streams), while the engine still knows the call. */
  readonly stats: (call: string) => Effect.Effect<MediaStats | undefined>
  /** True when `apply` does nothing and `stats` has nothing: the runtime then skips both in place. */
  readonly inert?: boolean
}

export type Media = MediaPort
export const Media = Context.GenericTag<Media>('sipxfer/Media')

export const noMedia: MediaPort = {
  apply: () => Effect.void,
  stats: () => Effect.succeed(undefined),
  inert: true,
}

export const noMediaLayer: Layer.Layer<Media> = Layer.succeed(Media, noMedia)
