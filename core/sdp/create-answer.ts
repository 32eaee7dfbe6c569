/**
 * The answer to an offer (RFC 3264 §6): one m= line per offered m= line, in order;
 * the first acceptable audio stream is accepted with the codecs both sides support
 * (in the offer's order and with the offer's payload type numbers), every other
 * stream is rejected with port 0.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { Sdp, SdpMedia } from './types.ts'
import type { LocalMedia, RtpCodec } from './local-media.ts'
import type { OfferAnswerError } from './offer-answer-error.ts'
import { audioMedia, localSession } from './local-description.ts'
import { mediaConnection } from './connection.ts'
import { answerDirection, mediaDirection } from './direction.ts'
import { fmtps, formatRtpMaps, isAuxiliaryEncoding, sameEncoding } from './rtp-map.ts'

/**
 * RFC 3264 §6.1: the answer's codecs come "from amongst those listed in the offer",
 * and "if a particular codec was referenced with a specific payload type number in the
 * offer, that same payload type number SHOULD be used for that codec in the answer".
 * Our own fmtp wins when we have one (telephone-event ranges), else the offer's is
 * echoed.
 */
const commonCodecs = (offered: SdpMedia, local: ReadonlyArray<RtpCodec>): ReadonlyArray<RtpCodec> => {
  const params = fmtps(offered)
  return formatRtpMaps(offered).flatMap(([format, map]): ReadonlyArray<RtpCodec> => {
    const mine = local.find((c) => sameEncoding(map, { encoding: c.name, clockRate: c.clockRate, channels: c.channels }))
    if (mine === undefined) return []
    const fmtp = mine.fmtp ?? params.get(format)
    return [
      {
        name: map.encoding,
        payloadType: map.payloadType,
        clockRate: map.clockRate,
        ...(map.channels === undefined ? {} : { channels: map.channels }),
        ...(fmtp === undefined ? {} : { fmtp }),
      },
    ]
  })
}

/** RFC 3264 §6: "a stream is rejected by setting the port to zero", formats kept. */
const rejected = (offered: SdpMedia): SdpMedia => ({
  media: offered.media,
  port: 0,
  proto: offered.proto,
  formats: offered.formats,
  connections: [],
  bandwidths: [],
  attributes: [],
  unknown: [],
})

export const createAnswer = (offer: Sdp, local: LocalMedia): E.Either<OfferAnswerError, Sdp> => {
  let accepted = false
  const media = offer.media.map((offered): SdpMedia => {
    const acceptable =
      !accepted &&
      offered.media === 'audio' &&
      offered.port !== 0 &&
      offered.proto === 'RTP/AVP' &&
      O.isSome(mediaConnection(offer, offered))
    if (!acceptable) return rejected(offered)
    const codecs = commonCodecs(offered, local.codecs)
    if (!codecs.some((c) => !isAuxiliaryEncoding(c.name))) return rejected(offered)
    accepted = true
    return audioMedia(local.port, codecs, answerDirection(mediaDirection(offer, offered), local.direction), local.ptime)
  })
  if (!accepted) {
    return E.left({ type: 'not-acceptable', reason: 'no offered audio stream has a codec in common with ours' })
  }
  // RFC 3264 §6: "The t= line in the answer MUST equal that of the offer."
  return E.right(localSession(local, offer.timing, media))
}
