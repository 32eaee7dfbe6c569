/**
 * The outcome of an offer/answer exchange for the RTP layer (RFC 3264 §6, §7): which
 * audio stream runs, between which transport addresses, with which codec and in
 * which direction from our side.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { Sdp, StreamDirection } from './types.ts'
import type { OfferAnswerError } from './offer-answer-error.ts'
import { mediaConnection } from './connection.ts'
import { directionOf, mediaDirection, receives, sends } from './direction.ts'
import { isAuxiliaryEncoding, rtpMaps, sameEncoding } from './rtp-map.ts'

/** An IP address (IPv6 without brackets) and a port. */
export interface TransportAddress {
  readonly address: string
  readonly port: number
}

export interface NegotiatedMedia {
  /** Index of the m= line in both descriptions. */
  readonly index: number
  readonly local: TransportAddress
  readonly remote: TransportAddress
  /** The payload type is the one the remote side listed: what we put in packets we send. */
  readonly codec: { readonly name: string; readonly payloadType: number; readonly clockRate: number }
  readonly direction: StreamDirection
}

const invalid = (reason: string): E.Either<OfferAnswerError, never> => E.left({ type: 'invalid-answer', reason })

export const negotiatedMedia = (
  offer: Sdp,
  answer: Sdp,
  asOfferer: boolean,
): E.Either<OfferAnswerError, NegotiatedMedia> => {
  // RFC 3264 §6: "The answer MUST contain exactly the same number of m= lines as the offer."
  if (offer.media.length !== answer.media.length) {
    return invalid('the answer has a different number of m= lines than the offer')
  }
  const index = offer.media.findIndex(
    (m, i) => m.media === 'audio' && m.port !== 0 && (answer.media[i]?.port ?? 0) !== 0,
  )
  const offered = offer.media[index]
  const answered = answer.media[index]
  if (offered === undefined || answered === undefined) {
    return E.left({ type: 'not-acceptable', reason: 'no audio stream was accepted' })
  }
  const [localSdp, localMedia, remoteSdp, remoteMedia] = asOfferer
    ? [offer, offered, answer, answered]
    : [answer, answered, offer, offered]

  const localConnection = mediaConnection(localSdp, localMedia)
  const remoteConnection = mediaConnection(remoteSdp, remoteMedia)
  if (O.isNone(localConnection) || O.isNone(remoteConnection)) {
    return invalid(`m= line ${index + 1} has no connection address`)
  }

  // Which codec we send with. RFC 3264 §6.1: the answerer "SHOULD send using the most
  // preferred media format in the offer that is also listed in the answer"; §7: the
  // offerer "SHOULD use the first media format listed in the answer". Auxiliary
  // formats (telephone-event, CN …) cannot carry the call, so they are skipped.
  const inAnswer = rtpMaps(answered)
  const inOffer = rtpMaps(offered)
  const preferred = (asOfferer ? inAnswer : inOffer.filter((m) => inAnswer.some((a) => sameEncoding(a, m))))
    .find((m) => !isAuxiliaryEncoding(m.encoding))
  if (preferred === undefined) {
    return E.left({ type: 'not-acceptable', reason: 'the answer lists no usable codec' })
  }
  // RFC 3264 §5.1: payload type numbers are those the receiver of the packets listed.
  const remoteNumber = (asOfferer ? inAnswer : inOffer).find((m) => sameEncoding(m, preferred))
  const payloadType = remoteNumber?.payloadType ?? preferred.payloadType

  const ours = mediaDirection(localSdp, localMedia)
  const theirs = mediaDirection(remoteSdp, remoteMedia)
  return E.right({
    index,
    local: { address: localConnection.value.address, port: localMedia.port },
    remote: { address: remoteConnection.value.address, port: remoteMedia.port },
    codec: { name: preferred.encoding, payloadType, clockRate: preferred.clockRate },
    direction: directionOf(sends(ours) && receives(theirs), receives(ours) && sends(theirs)),
  })
}
