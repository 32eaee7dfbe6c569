/**
 * Stream directions: the sendrecv / sendonly / recvonly / inactive attributes
 * (RFC 4566 §6, RFC 3264 §5.1), the answer table (§6.1) and hold (§8.4).
 * A direction is always read from the point of view of the description's author.
 */
import * as O from 'fp-ts/lib/Option.js'
import type { Sdp, SdpAttribute, SdpMedia, StreamDirection } from './types.ts'
import { isHoldConnection, mediaConnection } from './connection.ts'

export const STREAM_DIRECTIONS: ReadonlyArray<StreamDirection> = ['sendrecv', 'sendonly', 'recvonly', 'inactive']

export const isStreamDirection = (name: string): name is StreamDirection =>
  (STREAM_DIRECTIONS as ReadonlyArray<string>).includes(name)

export const sends = (d: StreamDirection): boolean => d === 'sendrecv' || d === 'sendonly'
export const receives = (d: StreamDirection): boolean => d === 'sendrecv' || d === 'recvonly'

export const directionOf = (send: boolean, receive: boolean): StreamDirection =>
  send ? (receive ? 'sendrecv' : 'sendonly') : receive ? 'recvonly' : 'inactive'

/** The same stream seen from the other end: sendonly <-> recvonly. */
export const reverseDirection = (d: StreamDirection): StreamDirection => directionOf(receives(d), sends(d))

/** The first direction property among attributes, if any. */
export const directionAttribute = (attributes: ReadonlyArray<SdpAttribute>): O.Option<StreamDirection> => {
  for (const a of attributes) if (a.type === 'property' && isStreamDirection(a.name)) return O.some(a.name)
  return O.none
}

/**
 * The direction as written, RFC 3264 §5.1: the media-level attribute, else the
 * session-level one, else sendrecv ("If none of the direction attributes is present,
 * sendrecv SHOULD be assumed").
 */
export const declaredDirection = (sdp: Sdp, media: SdpMedia): StreamDirection => {
  const own = directionAttribute(media.attributes)
  if (O.isSome(own)) return own.value
  const session = directionAttribute(sdp.attributes)
  return O.isSome(session) ? session.value : 'sendrecv'
}

/**
 * The direction the peer may rely on: the declared one, except that `c=IN IP4 0.0.0.0`
 * (the RFC 2543 hold form) means "send nothing to me" (RFC 3264 §8.4), so the author
 * does not receive: sendrecv counts as sendonly and recvonly as inactive.
 */
export const mediaDirection = (sdp: Sdp, media: SdpMedia): StreamDirection => {
  const declared = declaredDirection(sdp, media)
  const held = O.exists(isHoldConnection)(mediaConnection(sdp, media))
  return held ? directionOf(sends(declared), false) : declared
}

/**
 * True when the author of this description has put the stream on hold: it offers
 * sendonly or inactive (§8.4), or the RFC 2543 form `c=IN IP4 0.0.0.0`. A disabled
 * stream (port 0) is not "held".
 */
export const isHeld = (sdp: Sdp, media: SdpMedia): boolean => media.port !== 0 && !receives(mediaDirection(sdp, media))

/**
 * RFC 3264 §6.1: "If a stream is offered as sendonly, the corresponding stream MUST be
 * marked as recvonly or inactive in the answer. If a media stream is listed as
 * recvonly in the offer, the answer MUST be marked as sendonly or inactive ... If an
 * offered media stream is listed as inactive, it MUST be marked as inactive in the
 * answer." For sendrecv the answerer's preference decides. So: answer sends only if
 * the offerer receives and we want to send, and receives only if the offerer sends
 * and we want to receive.
 */
export const answerDirection = (offered: StreamDirection, preferred: StreamDirection): StreamDirection =>
  directionOf(receives(offered) && sends(preferred), sends(offered) && receives(preferred))

/**
 * RFC 3264 §8.4: "If the stream to be placed on hold was previously a sendrecv media
 * stream, it is placed on hold by marking it as sendonly. If the stream to be placed
 * on hold was previously a recvonly media stream, it is placed on hold by marking it
 * inactive." (sendonly and inactive are already on hold.)
 */
export const holdDirection = (d: StreamDirection): StreamDirection => directionOf(sends(d), false)

/** The inverse of `holdDirection`: take receiving back up. */
export const resumeDirection = (d: StreamDirection): StreamDirection => directionOf(sends(d), true)

/**
 * Attributes with exactly one direction attribute `d`: the first existing direction
 * attribute is replaced in place, others are dropped, and `d` is appended if there
 * was none.
 */
export const withDirectionAttribute = (
  attributes: ReadonlyArray<SdpAttribute>,
  d: StreamDirection,
): ReadonlyArray<SdpAttribute> => {
  const isDirection = (a: SdpAttribute): boolean => a.type === 'property' && isStreamDirection(a.name)
  const first = attributes.findIndex(isDirection)
  const attribute: SdpAttribute = { type: 'property', name: d }
  if (first < 0) return [...attributes, attribute]
  return attributes.flatMap((a, i) => (i === first ? [attribute] : isDirection(a) ? [] : [a]))
}
