/**
 * Building blocks of a description written by this user agent (RFC 3264 §5).
 */
import type { Sdp, SdpAttribute, SdpConnection, SdpMedia, SdpTiming, StreamDirection } from './types.ts'
import type { LocalMedia, RtpCodec } from './local-media.ts'

/** IP6 when the address holds a colon (IPv6 text form), else IP4. */
export const addressType = (address: string): 'IP4' | 'IP6' => (address.includes(':') ? 'IP6' : 'IP4')

export const localConnection = (address: string): SdpConnection => ({
  nettype: 'IN',
  addrtype: addressType(address),
  address,
})

const rtpmapValue = (c: RtpCodec): string =>
  `${c.payloadType} ${c.name}/${c.clockRate}${c.channels === undefined ? '' : `/${c.channels}`}`

/**
 * rtpmap for every codec (RFC 3264 §5.1: "the offerer SHOULD include an rtpmap even
 * for static payload types"), fmtp where given, ptime, then the direction.
 */
export const codecAttributes = (
  codecs: ReadonlyArray<RtpCodec>,
  direction: StreamDirection,
  ptime: number | undefined,
): ReadonlyArray<SdpAttribute> => [
  ...codecs.map((c): SdpAttribute => ({ type: 'value', name: 'rtpmap', value: rtpmapValue(c) })),
  ...codecs.flatMap((c): ReadonlyArray<SdpAttribute> =>
    c.fmtp === undefined ? [] : [{ type: 'value', name: 'fmtp', value: `${c.payloadType} ${c.fmtp}` }],
  ),
  ...(ptime === undefined ? [] : [{ type: 'value', name: 'ptime', value: String(ptime) } as const]),
  { type: 'property', name: direction },
]

export const audioMedia = (
  port: number,
  codecs: ReadonlyArray<RtpCodec>,
  direction: StreamDirection,
  ptime: number | undefined,
): SdpMedia => ({
  media: 'audio',
  port,
  proto: 'RTP/AVP',
  formats: codecs.map((c) => String(c.payloadType)),
  connections: [],
  bandwidths: [],
  attributes: codecAttributes(codecs, direction, ptime),
  unknown: [],
})

/**
 * The session level of our descriptions. RFC 3264 §5: o= carries a numeric sess-id
 * and sess-version; "t=0 0" since SIP sessions are unbounded; c= at session level.
 * RFC 8866 §5.3 recommends "s=-" when there is no session name.
 */
export const localSession = (
  local: LocalMedia,
  timing: ReadonlyArray<SdpTiming>,
  media: ReadonlyArray<SdpMedia>,
): Sdp => ({
  version: 0,
  origin: {
    username: local.username ?? '-',
    sessionId: local.sessionId,
    sessionVersion: local.version,
    nettype: 'IN',
    addrtype: addressType(local.address),
    address: local.address,
  },
  sessionName: '-',
  emails: [],
  phones: [],
  connection: localConnection(local.address),
  bandwidths: [],
  timing,
  zones: [],
  attributes: [],
  unknown: [],
  media,
})
