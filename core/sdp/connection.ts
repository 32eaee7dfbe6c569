/**
 * Where a media stream is: its connection data (RFC 4566 §5.7) and port.
 */
import * as O from 'fp-ts/lib/Option.js'
import type { Sdp, SdpConnection, SdpMedia } from './types.ts'

/**
 * The connection data of a media description: its own first c= line, else the
 * session-level c= (RFC 4566 §5.7: "a session description MUST contain either at
 * least one c= field in each media description or a single c= field at the session
 * level ... the media-level c= overrides").
 */
export const mediaConnection = (sdp: Sdp, media: SdpMedia): O.Option<SdpConnection> =>
  O.fromNullable(media.connections[0] ?? sdp.connection)

/**
 * `c=IN IP4 0.0.0.0`: the RFC 2543 way of putting a call on hold. RFC 3264 §8.4: "An
 * agent MUST be capable of receiving SDP with a connection address of 0.0.0.0, in
 * which case it means that neither RTP nor RTCP should be sent to the peer."
 */
export const isHoldConnection = (c: SdpConnection): boolean =>
  c.nettype === 'IN' && c.addrtype === 'IP4' && c.address === '0.0.0.0'
