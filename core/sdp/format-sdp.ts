/**
 * `Sdp` -> text, CRLF after every line, fields in the order of RFC 4566 §5:
 * v o s i u e p c b t r z k a m, and per media description m i c b k a.
 * Lines with unknown type letters close their level, in the order they were read.
 */
import type { Sdp, SdpAttribute, SdpBandwidth, SdpConnection, SdpMedia, SdpUnknownLine } from './types.ts'

const CRLF = '\r\n'

export const formatConnection = (c: SdpConnection): string => {
  const ttl = c.ttl === undefined ? '' : `/${c.ttl}`
  const count = c.count === undefined ? '' : `/${c.count}`
  return `${c.nettype} ${c.addrtype} ${c.address}${ttl}${count}`
}

export const formatAttribute = (a: SdpAttribute): string =>
  a.type === 'property' ? a.name : `${a.name}:${a.value}`

const bandwidthLine = (b: SdpBandwidth): string => `b=${b.bwtype}:${b.bandwidth}`
const unknownLine = (u: SdpUnknownLine): string => `${u.letter}=${u.value}`

const mediaLines = (m: SdpMedia): ReadonlyArray<string> => {
  const port = m.portCount === undefined ? `${m.port}` : `${m.port}/${m.portCount}`
  const formats = m.formats.map((f) => ` ${f}`).join('')
  return [
    `m=${m.media} ${port} ${m.proto}${formats}`,
    ...(m.information === undefined ? [] : [`i=${m.information}`]),
    ...m.connections.map((c) => `c=${formatConnection(c)}`),
    ...m.bandwidths.map(bandwidthLine),
    ...(m.key === undefined ? [] : [`k=${m.key}`]),
    ...m.attributes.map((a) => `a=${formatAttribute(a)}`),
    ...m.unknown.map(unknownLine),
  ]
}

export const formatSdp = (sdp: Sdp): string => {
  const o = sdp.origin
  const lines: ReadonlyArray<string> = [
    `v=${sdp.version}`,
    `o=${o.username} ${o.sessionId} ${o.sessionVersion} ${o.nettype} ${o.addrtype} ${o.address}`,
    `s=${sdp.sessionName}`,
    ...(sdp.information === undefined ? [] : [`i=${sdp.information}`]),
    ...(sdp.uri === undefined ? [] : [`u=${sdp.uri}`]),
    ...sdp.emails.map((e) => `e=${e}`),
    ...sdp.phones.map((p) => `p=${p}`),
    ...(sdp.connection === undefined ? [] : [`c=${formatConnection(sdp.connection)}`]),
    ...sdp.bandwidths.map(bandwidthLine),
    ...sdp.timing.flatMap((t) => [
      `t=${t.start} ${t.stop}`,
      ...t.repeats.map((r) => `r=${[r.interval, r.duration, ...r.offsets].join(' ')}`),
    ]),
    ...(sdp.zones.length === 0 ? [] : [`z=${sdp.zones.map((z) => `${z.time} ${z.offset}`).join(' ')}`]),
    ...(sdp.key === undefined ? [] : [`k=${sdp.key}`]),
    ...sdp.attributes.map((a) => `a=${formatAttribute(a)}`),
    ...sdp.unknown.map(unknownLine),
    ...sdp.media.flatMap(mediaLines),
  ]
  return lines.map((l) => l + CRLF).join('')
}
