/**
 * RTP payload formats of a media description: `a=rtpmap` and `a=fmtp`
 * (RFC 4566 §6, RFC 8866 §6.6/§6.15), falling back to the static payload types of
 * RFC 3551 §6 when a format has no rtpmap.
 */
import * as O from 'fp-ts/lib/Option.js'
import type { SdpAttribute, SdpMedia } from './types.ts'
import { isDigits } from './syntax.ts'

/** `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]` */
export interface RtpMap {
  readonly payloadType: number
  readonly encoding: string
  readonly clockRate: number
  /** Audio channels (the encoding parameters); absent means one. */
  readonly channels?: number
}

type StaticEntry = readonly [encoding: string, clockRate: number, channels?: number]

// RFC 3551 §6, Tables 4 and 5: payload types bound without an rtpmap.
const STATIC_PAYLOAD_TYPES: ReadonlyMap<number, StaticEntry> = new Map<number, StaticEntry>([
  [0, ['PCMU', 8000]],
  [3, ['GSM', 8000]],
  [4, ['G723', 8000]],
  [5, ['DVI4', 8000]],
  [6, ['DVI4', 16000]],
  [7, ['LPC', 8000]],
  [8, ['PCMA', 8000]],
  [9, ['G722', 8000]],
  [10, ['L16', 44100, 2]],
  [11, ['L16', 44100]],
  [12, ['QCELP', 8000]],
  [13, ['CN', 8000]],
  [14, ['MPA', 90000]],
  [15, ['G728', 8000]],
  [16, ['DVI4', 11025]],
  [17, ['DVI4', 22050]],
  [18, ['G729', 8000]],
  [25, ['CelB', 90000]],
  [26, ['JPEG', 90000]],
  [28, ['nv', 90000]],
  [31, ['H261', 90000]],
  [32, ['MPV', 90000]],
  [33, ['MP2T', 90000]],
  [34, ['H263', 90000]],
])

/** The static binding of a payload type (RFC 3551 §6), if it has one. */
export const staticRtpMap = (payloadType: number): O.Option<RtpMap> => {
  const entry = STATIC_PAYLOAD_TYPES.get(payloadType)
  if (entry === undefined) return O.none
  const [encoding, clockRate, channels] = entry
  return O.some({ payloadType, encoding, clockRate, ...(channels === undefined ? {} : { channels }) })
}

/** Values of the value attributes called `name`, in order. */
export const attributeValues = (attributes: ReadonlyArray<SdpAttribute>, name: string): ReadonlyArray<string> =>
  attributes.flatMap((a) => (a.type === 'value' && a.name === name ? [a.value] : []))

/** Splits "<format> <rest>" as rtpmap and fmtp values are written. */
const splitFormat = (value: string): readonly [string, string] => {
  // A plain scan for the usual case; the pattern itself for text with line terminators
  // (which `.` does not match), so both give the same answer on any input.
  if (/[\n\r\u2028\u2029]/.test(value)) {
    const m = /^[ \t]*([^ \t]+)[ \t]*(.*)$/.exec(value)
    return m ? [m[1] ?? '', m[2] ?? ''] : ['', '']
  }
  const blank = (i: number): boolean => value[i] === ' ' || value[i] === '\t'
  let start = 0
  while (start < value.length && blank(start)) start++
  let end = start
  while (end < value.length && !blank(end)) end++
  if (end === start) return ['', '']
  let rest = end
  while (rest < value.length && blank(rest)) rest++
  return [value.slice(start, end), value.slice(rest)]
}

/** Parses the value of an rtpmap attribute ("0 PCMU/8000", "97 opus/48000/2"). */
export const parseRtpMap = (value: string): O.Option<RtpMap> => {
  const [pt, rest] = splitFormat(value)
  const parts = rest.trim().split('/')
  const [encoding, rate, channels] = parts
  if (!isDigits(pt) || pt.length > 3 || !encoding || rate === undefined || !isDigits(rate) || rate.length > 10) {
    return O.none
  }
  if (parts.length > 3 || (channels !== undefined && (!isDigits(channels) || channels.length > 3))) return O.none
  return O.some({
    payloadType: Number(pt),
    encoding,
    clockRate: Number(rate),
    ...(channels === undefined ? {} : { channels: Number(channels) }),
  })
}

const sameFormat = (a: string, b: string | number): boolean =>
  typeof b === 'number' ? isDigits(a) && Number(a) === b : a === b

/**
 * The rtpmap of one payload type of a media description: its `a=rtpmap` line, else
 * the static assignment (0 PCMU/8000, 8 PCMA/8000 …).
 */
export const rtpMap = (media: SdpMedia, payloadType: string | number): O.Option<RtpMap> => {
  for (const value of attributeValues(media.attributes, 'rtpmap')) {
    const [pt] = splitFormat(value)
    if (sameFormat(pt, payloadType)) return parseRtpMap(value)
  }
  const pt = typeof payloadType === 'number' ? payloadType : isDigits(payloadType) ? Number(payloadType) : -1
  return staticRtpMap(pt)
}

/** The format parameters of one payload type: the text after "a=fmtp:<pt> ". */
export const fmtp = (media: SdpMedia, payloadType: string | number): O.Option<string> => {
  for (const value of attributeValues(media.attributes, 'fmtp')) {
    const [pt, rest] = splitFormat(value)
    if (sameFormat(pt, payloadType)) return O.some(rest)
  }
  return O.none
}

/** The first value of each format's `name` attribute ("rtpmap", "fmtp"), by format, in one pass. */
const byFormat = (media: SdpMedia, name: string): ReadonlyMap<string, string> => {
  const values = new Map<string, string>()
  for (const a of media.attributes) {
    if (a.type !== 'value' || a.name !== name) continue
    const [pt, rest] = splitFormat(a.value)
    if (!values.has(pt)) values.set(pt, name === 'fmtp' ? rest : a.value)
  }
  return values
}

/** Each listed format with its rtpmap (as `rtpMap` reads it), in the m= line's order; formats without one are left out. */
export const formatRtpMaps = (media: SdpMedia): ReadonlyArray<readonly [format: string, map: RtpMap]> => {
  // One pass over the attributes rather than one per format: offer/answer reads these on
  // every INVITE and re-INVITE.
  const values = byFormat(media, 'rtpmap')
  const maps: Array<readonly [string, RtpMap]> = []
  for (const f of media.formats) {
    const value = values.get(f)
    const m = value !== undefined ? parseRtpMap(value) : staticRtpMap(isDigits(f) ? Number(f) : -1)
    if (O.isSome(m)) maps.push([f, m.value])
  }
  return maps
}

/** The rtpmap of every listed format that has one, in the m= line's order. */
export const rtpMaps = (media: SdpMedia): ReadonlyArray<RtpMap> => formatRtpMaps(media).map(([, m]) => m)

/** The format parameters of every format that has an `a=fmtp`, by format (as `fmtp` reads them). */
export const fmtps = (media: SdpMedia): ReadonlyMap<string, string> => byFormat(media, 'fmtp')

/** Encoding names compare case-insensitively (RFC 4855 §3); channels default to one. */
export const sameEncoding = (
  a: { readonly encoding: string; readonly clockRate: number; readonly channels?: number },
  b: { readonly encoding: string; readonly clockRate: number; readonly channels?: number },
): boolean =>
  a.encoding.toLowerCase() === b.encoding.toLowerCase() && a.clockRate === b.clockRate && (a.channels ?? 1) === (b.channels ?? 1)

// Formats that travel beside a voice codec but cannot carry the call on their own:
// RFC 4733 events, RFC 3389 comfort noise, RFC 2198 redundancy, RFC 4588 retransmission,
// RFC 5109 / RFC 8627 FEC.
const AUXILIARY = ['telephone-event', 'cn', 'red', 'rtx', 'ulpfec', 'flexfec']

export const isAuxiliaryEncoding = (encoding: string): boolean => AUXILIARY.includes(encoding.toLowerCase())
