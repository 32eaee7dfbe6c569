/**
 * The data model of an SDP session description (RFC 4566 §5, RFC 8866 §5).
 *
 * Plain readonly data. Every field keeps the text it was given where the grammar is
 * open (tokens, addresses, attribute values), so that `formatSdp(parseSdp(t))` is a
 * fixed point and `parseSdp(formatSdp(x))` gives back `x`. Numbers that can exceed
 * 2^53 (sess-id, sess-version, NTP times) stay as decimal strings.
 */

/** `o=` (RFC 4566 §5.2). */
export interface SdpOrigin {
  /** non-ws-string; "-" when the host has no notion of user IDs. */
  readonly username: string
  /** 1*DIGIT, kept as text: often a 64-bit NTP value. */
  readonly sessionId: string
  /** 1*DIGIT, kept as text; RFC 3264 §8 increments it by one on every change. */
  readonly sessionVersion: string
  /** token, "IN" for the Internet. */
  readonly nettype: string
  /** token, "IP4" or "IP6" (others kept as given). */
  readonly addrtype: string
  readonly address: string
}

/**
 * `c=` (RFC 4566 §5.7). For IP4 a multicast address carries `/ttl[/count]`, for IP6
 * only `/count`; they are split off into `ttl` and `count`. IPv6 addresses have no
 * brackets. For another addrtype the address is kept whole, slashes included.
 */
export interface SdpConnection {
  readonly nettype: string
  readonly addrtype: string
  readonly address: string
  /** IP4 multicast only. */
  readonly ttl?: number
  /** Number of consecutive multicast addresses; with IP4 only after a ttl. */
  readonly count?: number
}

/** `b=<bwtype>:<bandwidth>` (RFC 4566 §5.8), bandwidth in kilobits per second. */
export interface SdpBandwidth {
  readonly bwtype: string
  readonly bandwidth: number
}

/** `r=<repeat interval> <active duration> <offsets from start-time>` (RFC 4566 §5.10). */
export interface SdpRepeat {
  /** typed-time: digits with an optional unit d, h, m or s ("7d", "604800"). */
  readonly interval: string
  readonly duration: string
  readonly offsets: ReadonlyArray<string>
}

/** `t=<start-time> <stop-time>` with the `r=` lines that follow it (RFC 4566 §5.9). */
export interface SdpTiming {
  /** NTP seconds as decimal text; "0" for unbounded. */
  readonly start: string
  readonly stop: string
  readonly repeats: ReadonlyArray<SdpRepeat>
}

/** One `<adjustment time> <offset>` pair of a `z=` line (RFC 4566 §5.11). */
export interface SdpZoneAdjustment {
  readonly time: string
  /** ["-"] typed-time. */
  readonly offset: string
}

/**
 * `a=` (RFC 4566 §5.13): a property attribute (`a=recvonly`) or a value attribute
 * (`a=rtpmap:0 PCMU/8000`). The value is everything after the first colon.
 */
export type SdpAttribute =
  | { readonly type: 'property'; readonly name: string }
  | { readonly type: 'value'; readonly name: string; readonly value: string }

/**
 * A line whose type letter this codec does not know. RFC 4566 §5 lets a parser drop a
 * description with such a line; we keep it instead (in order, at the end of its level)
 * so that a proxy-like use passes it through unchanged.
 */
export interface SdpUnknownLine {
  readonly letter: string
  readonly value: string
}

/** A media description: `m=` and the lines up to the next `m=` (RFC 4566 §5.14). */
export interface SdpMedia {
  /** token: "audio", "video", "text", "application", "message" … */
  readonly media: string
  /** 0 rejects or disables the stream (RFC 3264 §6, §8.2). */
  readonly port: number
  /** `m=video 49170/2 …`: number of consecutive ports. */
  readonly portCount?: number
  /** token *("/" token): "RTP/AVP", "RTP/SAVP", "udp" … */
  readonly proto: string
  /** RTP payload type numbers as text, or other format tokens. */
  readonly formats: ReadonlyArray<string>
  readonly information?: string
  /** Zero or more; the first one is the address of the stream. */
  readonly connections: ReadonlyArray<SdpConnection>
  readonly bandwidths: ReadonlyArray<SdpBandwidth>
  readonly key?: string
  readonly attributes: ReadonlyArray<SdpAttribute>
  readonly unknown: ReadonlyArray<SdpUnknownLine>
}

/** A whole session description (RFC 4566 §5). */
export interface Sdp {
  /** `v=`, always 0 today. */
  readonly version: number
  readonly origin: SdpOrigin
  /** `s=`; may be empty or " " (RFC 4566) or "-" (RFC 8866 §5.3). */
  readonly sessionName: string
  readonly information?: string
  readonly uri?: string
  readonly emails: ReadonlyArray<string>
  readonly phones: ReadonlyArray<string>
  readonly connection?: SdpConnection
  readonly bandwidths: ReadonlyArray<SdpBandwidth>
  /** One or more `t=` lines, each with its `r=` lines. */
  readonly timing: ReadonlyArray<SdpTiming>
  /** The pairs of the `z=` line; empty when there is no `z=` line. */
  readonly zones: ReadonlyArray<SdpZoneAdjustment>
  readonly key?: string
  readonly attributes: ReadonlyArray<SdpAttribute>
  readonly unknown: ReadonlyArray<SdpUnknownLine>
  readonly media: ReadonlyArray<SdpMedia>
}

/** Why a text is not a session description; line and column are 1-based. */
export interface SdpError {
  readonly reason: string
  readonly line: number
  readonly column: number
}

/** The direction attributes of RFC 3264 §5.1 (RFC 4566 §6). */
export type StreamDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive'
