export type {
  Sdp,
  SdpAttribute,
  SdpBandwidth,
  SdpConnection,
  SdpError,
  SdpMedia,
  SdpOrigin,
  SdpRepeat,
  SdpTiming,
  SdpUnknownLine,
  SdpZoneAdjustment,
  StreamDirection,
} from './types.ts'
export { parseSdp } from './parse-sdp.ts'
export { formatSdp, formatAttribute, formatConnection } from './format-sdp.ts'
export type { RtpMap } from './rtp-map.ts'
export {
  attributeValues,
  fmtp,
  isAuxiliaryEncoding,
  parseRtpMap,
  rtpMap,
  rtpMaps,
  sameEncoding,
  staticRtpMap,
} from './rtp-map.ts'
export { isHoldConnection, mediaConnection } from './connection.ts'
export {
  STREAM_DIRECTIONS,
  answerDirection,
  declaredDirection,
  directionAttribute,
  directionOf,
  holdDirection,
  isHeld,
  isStreamDirection,
  mediaDirection,
  receives,
  resumeDirection,
  reverseDirection,
  sends,
  withDirectionAttribute,
} from './direction.ts'
export type { LocalMedia, RtpCodec } from './local-media.ts'
export type { OfferAnswerError } from './offer-answer-error.ts'
export { createOffer } from './create-offer.ts'
export { createAnswer } from './create-answer.ts'
export { holdOffer, incrementVersion, resumeOffer } from './hold.ts'
export type { NegotiatedMedia, TransportAddress } from './negotiated-media.ts'
export { negotiatedMedia } from './negotiated-media.ts'
