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

// Written line by line into one string: offers and answers are formatted on every INVITE,
// re-INVITE and 2xx, and building arrays of lines to join cost more than the text itself.
const line = (text: string): string => text + CRLF

const mediaLines = (m: SdpMedia): string => {
  let text = line(`m=${m.media} ${m.portCount === undefined ? m.port : `${m.port}/${m.portCount}`} ${m.proto}${m.formats.map((f) => ` ${f}`).join('')}`)
  if (m.information !== undefined) text += line(`i=${m.information}`)
  for (const c of m.connections) text += line(`c=${formatConnection(c)}`)
  text += bandwidthLines(m.bandwidths)
  if (m.key !== undefined) text += line(`k=${m.key}`)
  return text + attributeLines(m.attributes) + unknownLines(m.unknown)
}

const bandwidthLines = (bandwidths: ReadonlyArray<SdpBandwidth>): string => {
  let text = ''
  for (const b of bandwidths) text += line(`b=${b.bwtype}:${b.bandwidth}`)
  return text
}

const attributeLines = (attributes: ReadonlyArray<SdpAttribute>): string => {
  let text = ''
  for (const a of attributes) text += line(`a=${formatAttribute(a)}`)
  return text
}

const unknownLines = (unknown: ReadonlyArray<SdpUnknownLine>): string => {
  let text = ''
  for (const u of unknown) text += line(`${u.letter}=${u.value}`)
  return text
}

export const formatSdp = (sdp: Sdp): string => {
  const o = sdp.origin
  let text = line(`v=${sdp.version}`)
  text += line(`o=${o.username} ${o.sessionId} ${o.sessionVersion} ${o.nettype} ${o.addrtype} ${o.address}`)
  text += line(`s=${sdp.sessionName}`)
  if (sdp.information !== undefined) text += line(`i=${sdp.information}`)
  if (sdp.uri !== undefined) text += line(`u=${sdp.uri}`)
  for (const e of sdp.emails) text += line(`e=${e}`)
  for (const p of sdp.phones) text += line(`p=${p}`)
  if (sdp.connection !== undefined) text += line(`c=${formatConnection(sdp.connection)}`)
  text += bandwidthLines(sdp.bandwidths)
  for (const t of sdp.timing) {
    text += line(`t=${t.start} ${t.stop}`)
    for (const r of t.repeats) text += line(`r=${[r.interval, r.duration, ...r.offsets].join(' ')}`)
  }
  if (sdp.zones.length !== 0) text += line(`z=${sdp.zones.map((z) => `${z.time} ${z.offset}`).join(' ')}`)
  if (sdp.key !== undefined) text += line(`k=${sdp.key}`)
  text += attributeLines(sdp.attributes) + unknownLines(sdp.unknown)
  for (const m of sdp.media) text += mediaLines(m)
  return text
}
