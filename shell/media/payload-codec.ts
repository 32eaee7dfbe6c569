/**
 * The audio codecs this shell speaks: the static G.711 payload types of RFC 3551 §6
 * (PCMU = 0, PCMA = 8, both 8000 Hz, one channel). Negotiated dynamic payload type
 * numbers are honoured; the codec is chosen by name.
 */
import { Either } from 'effect'
import { decodeAlaw, decodeUlaw, encodeAlaw, encodeUlaw } from './g711.ts'

export interface PayloadCodec {
  readonly name: 'PCMU' | 'PCMA'
  readonly payloadType: number
  readonly clockRate: number
  readonly encode: (samples: Int16Array) => Uint8Array
  readonly decode: (payload: Uint8Array) => Int16Array
}

const G711_RATE = 8000

const pcmu: PayloadCodec = { name: 'PCMU', payloadType: 0, clockRate: G711_RATE, encode: encodeUlaw, decode: decodeUlaw }
const pcma: PayloadCodec = { name: 'PCMA', payloadType: 8, clockRate: G711_RATE, encode: encodeAlaw, decode: decodeAlaw }

export interface CodecSpec {
  readonly name: string
  readonly payloadType: number
  readonly clockRate: number
}

/** The codec an SDP answer named (rtpmap encoding name and clock rate), or why it is not supported. */
export const resolveCodec = (spec: CodecSpec): Either.Either<PayloadCodec, string> => {
  const base = { PCMU: pcmu, PCMA: pcma }[spec.name.toUpperCase()]
  if (base === undefined) return Either.left(`codec ${spec.name} not supported (PCMU and PCMA only)`)
  if (spec.clockRate !== G711_RATE) return Either.left(`${base.name} at ${spec.clockRate} Hz (G.711 is ${G711_RATE} Hz)`)
  if (!Number.isInteger(spec.payloadType) || spec.payloadType < 0 || spec.payloadType > 127) {
    return Either.left(`payload type ${spec.payloadType} out of range 0-127`)
  }
  return Either.right({ ...base, payloadType: spec.payloadType })
}

/** How to decode a received payload type: the negotiated codec, else a static G.711 type. */
export const decoderFor = (negotiated: PayloadCodec, payloadType: number): PayloadCodec | undefined =>
  payloadType === negotiated.payloadType ? negotiated : payloadType === 0 ? pcmu : payloadType === 8 ? pcma : undefined
