/**
 * What the local user agent brings to an offer or an answer (RFC 3264 §5, §6):
 * one audio stream at one transport address, with codecs in order of preference.
 */
import type { StreamDirection } from './types.ts'

export interface RtpCodec {
  /** Encoding name as in rtpmap: "PCMU", "PCMA", "telephone-event" … */
  readonly name: string
  readonly payloadType: number
  readonly clockRate: number
  readonly channels?: number
  /** Format parameters, the text after "a=fmtp:<pt> " ("0-16" for telephone-event). */
  readonly fmtp?: string
}

export interface LocalMedia {
  /** IPv4 dotted or IPv6 without brackets; IP6 is chosen when it holds a colon. */
  readonly address: string
  readonly port: number
  readonly codecs: ReadonlyArray<RtpCodec>
  readonly direction: StreamDirection
  /** o= sess-id: digits, chosen once per session (RFC 3264 §5: "numeric ... unique"). */
  readonly sessionId: string
  /** o= sess-version: digits. */
  readonly version: string
  /** o= username; "-" by default (RFC 4566 §5.2). */
  readonly username?: string
  /** `a=ptime` in milliseconds, when given. */
  readonly ptime?: number
}
