/**
 * SDP text -> `Sdp` (RFC 4566 §5, RFC 8866 §5). Total: every input gives a Right or a
 * Left with a 1-based line and column, never an exception.
 *
 * Leniency, each for senders seen in the field:
 * - lines end in CRLF or a bare LF (RFC 4566 §5: "parsers SHOULD be tolerant and also
 *   accept records terminated with a single newline character");
 * - fields of structured lines may be separated by runs of spaces or tabs;
 * - session-level lines and media-level lines are accepted in any order within their
 *   level (only `v=` must come first), and `s=` may be empty;
 * - lines with an unknown type letter are kept (RFC 4566 §5 allows ignoring the whole
 *   description instead; keeping them lets us pass them through).
 */
import * as E from 'fp-ts/lib/Either.js'
import type {
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
} from './types.ts'
import {
  firstNonTextIndex,
  isDigits,
  isProto,
  isSignedTypedTime,
  isToken,
  isTypedTime,
  isTypeLetter,
} from './syntax.ts'

/** A whitespace-separated field and the 1-based column where it starts. */
interface Field {
  readonly text: string
  readonly column: number
}

type Result<A> = E.Either<SdpError, A>

const fail = (reason: string, line: number, column: number): E.Either<SdpError, never> =>
  E.left({ reason, line, column })

const VALUE_COLUMN = 3 // after "x="

const splitFields = (value: string): ReadonlyArray<Field> => {
  const fields: Array<Field> = []
  const re = /[^ \t]+/g
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    fields.push({ text: m[0], column: VALUE_COLUMN + m.index })
  }
  return fields
}

/** Decimal integer in [min, max], or undefined. */
const boundedInt = (text: string, min: number, max: number): number | undefined => {
  if (!isDigits(text)) return undefined
  const significant = text.replace(/^0+(?=[0-9])/, '')
  // 16 digits reach past 2^53; the comparison with max still rejects those.
  if (significant.length > 16) return undefined
  const n = Number(significant)
  return n >= min && n <= max ? n : undefined
}

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> (§5.2)
const parseOrigin = (value: string, line: number): Result<SdpOrigin> => {
  const f = splitFields(value)
  if (f.length < 6) return fail('o= needs six fields', line, VALUE_COLUMN)
  // Some phones put spaces in the username; the last five fields are unambiguous.
  const tail = f.slice(f.length - 5)
  const [sessionId, sessionVersion, nettype, addrtype, address] = tail
  if (!sessionId || !sessionVersion || !nettype || !addrtype || !address) {
    return fail('o= needs six fields', line, VALUE_COLUMN)
  }
  const username = f
    .slice(0, f.length - 5)
    .map((x) => x.text)
    .join(' ')
  if (!isDigits(sessionId.text)) return fail('o= sess-id must be digits', line, sessionId.column)
  if (!isDigits(sessionVersion.text)) return fail('o= sess-version must be digits', line, sessionVersion.column)
  if (!isToken(nettype.text)) return fail('o= nettype must be a token', line, nettype.column)
  if (!isToken(addrtype.text)) return fail('o= addrtype must be a token', line, addrtype.column)
  return E.right({
    username,
    sessionId: sessionId.text,
    sessionVersion: sessionVersion.text,
    nettype: nettype.text,
    addrtype: addrtype.text,
    address: address.text,
  })
}

// c=<nettype> <addrtype> <connection-address> (§5.7)
const parseConnection = (value: string, line: number): Result<SdpConnection> => {
  const f = splitFields(value)
  const [nettype, addrtype, address] = f
  if (!nettype || !addrtype || !address || f.length !== 3) {
    return fail('c= needs three fields', line, VALUE_COLUMN)
  }
  if (!isToken(nettype.text)) return fail('c= nettype must be a token', line, nettype.column)
  if (!isToken(addrtype.text)) return fail('c= addrtype must be a token', line, addrtype.column)
  const connection = (host: string, ttl?: number, count?: number): SdpConnection => ({ nettype: nettype.text, addrtype: addrtype.text, address: host, ttl, count })
  // IP4 multicast: addr/ttl[/count]; IP6 multicast: addr[/count] (§5.7).
  const maxParts = addrtype.text === 'IP4' ? 3 : addrtype.text === 'IP6' ? 2 : 1
  if (maxParts === 1) return E.right(connection(address.text))
  const parts = address.text.split('/')
  const [host, first, second] = parts
  if (host === undefined || host === '' || parts.length > maxParts) {
    return fail('c= malformed connection address', line, address.column)
  }
  const suffixColumn = address.column + host.length + 1
  if (maxParts === 3 && first !== undefined) {
    const ttl = boundedInt(first, 0, 255)
    if (ttl === undefined) return fail('c= TTL must be 0..255', line, suffixColumn)
    if (second === undefined) return E.right(connection(host, ttl))
    const count = boundedInt(second, 1, 0xffffffff)
    if (count === undefined) return fail('c= address count must be a positive integer', line, suffixColumn + first.length + 1)
    return E.right(connection(host, ttl, count))
  }
  if (first !== undefined) {
    const count = boundedInt(first, 1, 0xffffffff)
    if (count === undefined) return fail('c= address count must be a positive integer', line, suffixColumn)
    return E.right(connection(host, undefined, count))
  }
  return E.right(connection(host))
}

// b=<bwtype>:<bandwidth> (§5.8)
const parseBandwidth = (value: string, line: number): Result<SdpBandwidth> => {
  const colon = value.indexOf(':')
  if (colon < 0) return fail('b= needs <bwtype>:<bandwidth>', line, VALUE_COLUMN)
  const bwtype = value.slice(0, colon)
  if (!isToken(bwtype)) return fail('b= bwtype must be a token', line, VALUE_COLUMN)
  const bandwidth = boundedInt(value.slice(colon + 1), 0, Number.MAX_SAFE_INTEGER)
  if (bandwidth === undefined) return fail('b= bandwidth must be digits', line, VALUE_COLUMN + colon + 1)
  return E.right({ bwtype, bandwidth })
}

// t=<start-time> <stop-time> (§5.9)
const parseTiming = (value: string, line: number): Result<SdpTiming> => {
  const f = splitFields(value)
  const [start, stop] = f
  if (!start || !stop || f.length !== 2) return fail('t= needs a start and a stop time', line, VALUE_COLUMN)
  if (!isDigits(start.text)) return fail('t= start time must be digits', line, start.column)
  if (!isDigits(stop.text)) return fail('t= stop time must be digits', line, stop.column)
  return E.right({ start: start.text, stop: stop.text, repeats: [] })
}

// r=<repeat interval> <active duration> <offsets from start-time> (§5.10)
const parseRepeat = (value: string, line: number): Result<SdpRepeat> => {
  const f = splitFields(value)
  if (f.length < 3) return fail('r= needs an interval, a duration and at least one offset', line, VALUE_COLUMN)
  const bad = f.find((x) => !isTypedTime(x.text))
  if (bad) return fail('r= values must be typed times', line, bad.column)
  const [interval, duration, ...offsets] = f.map((x) => x.text)
  return E.right({ interval: interval ?? '', duration: duration ?? '', offsets })
}

// z=<adjustment time> <offset> <adjustment time> <offset> ... (§5.11)
const parseZones = (value: string, line: number): Result<ReadonlyArray<SdpZoneAdjustment>> => {
  const f = splitFields(value)
  if (f.length === 0 || f.length % 2 !== 0) return fail('z= needs pairs of <time> <offset>', line, VALUE_COLUMN)
  const zones: Array<SdpZoneAdjustment> = []
  for (let i = 0; i + 1 < f.length; i += 2) {
    const time = f[i]
    const offset = f[i + 1]
    if (!time || !offset) break
    if (!isDigits(time.text)) return fail('z= adjustment time must be digits', line, time.column)
    if (!isSignedTypedTime(offset.text)) return fail('z= offset must be a typed time', line, offset.column)
    zones.push({ time: time.text, offset: offset.text })
  }
  return E.right(zones)
}

// a=<attribute>:<value> or a=<attribute> (§5.13)
const parseAttribute = (value: string, line: number): Result<SdpAttribute> => {
  const colon = value.indexOf(':')
  const name = colon < 0 ? value : value.slice(0, colon)
  if (!isToken(name)) return fail('a= attribute name must be a token', line, VALUE_COLUMN)
  return E.right(colon < 0 ? { type: 'property', name } : { type: 'value', name, value: value.slice(colon + 1) })
}

interface MediaHead {
  readonly media: string
  readonly port: number
  readonly portCount?: number
  readonly proto: string
  readonly formats: ReadonlyArray<string>
}

// m=<media> <port>[/<number of ports>] <proto> <fmt> ... (§5.14)
const parseMediaHead = (value: string, line: number): Result<MediaHead> => {
  const f = splitFields(value)
  const [media, port, proto, ...formats] = f
  if (!media || !port || !proto) return fail('m= needs media, port and proto', line, VALUE_COLUMN)
  if (!isToken(media.text)) return fail('m= media must be a token', line, media.column)
  const slash = port.text.indexOf('/')
  const portNumber = boundedInt(slash < 0 ? port.text : port.text.slice(0, slash), 0, 65535)
  if (portNumber === undefined) return fail('m= port must be 0..65535', line, port.column)
  const portCount = slash < 0 ? undefined : boundedInt(port.text.slice(slash + 1), 1, 65535)
  if (slash >= 0 && portCount === undefined) return fail('m= port count must be a positive integer', line, port.column + slash + 1)
  if (!isProto(proto.text)) return fail('m= proto must be token *("/" token)', line, proto.column)
  const badFormat = formats.find((x) => !isToken(x.text))
  if (badFormat) return fail('m= format must be a token', line, badFormat.column)
  return E.right({
    media: media.text,
    port: portNumber,
    ...(portCount === undefined ? {} : { portCount }),
    proto: proto.text,
    formats: formats.map((x) => x.text),
  })
}

/** The lines of a media description while it is being read. */
interface MediaDraft {
  readonly head: MediaHead
  information?: string
  readonly connections: Array<SdpConnection>
  readonly bandwidths: Array<SdpBandwidth>
  key?: string
  readonly attributes: Array<SdpAttribute>
  readonly unknown: Array<SdpUnknownLine>
}

// Parsed descriptions are built field by field, optional fields as undefined: a spread
// followed by new fields gives every object a V8 hidden class of its own, and then every
// read of an SDP field anywhere is a slow lookup.
const finishMedia = (d: MediaDraft): SdpMedia => ({
  media: d.head.media,
  port: d.head.port,
  portCount: d.head.portCount,
  proto: d.head.proto,
  formats: d.head.formats,
  information: d.information,
  connections: d.connections,
  bandwidths: d.bandwidths,
  key: d.key,
  attributes: d.attributes,
  unknown: d.unknown,
})

interface TimingDraft {
  readonly start: string
  readonly stop: string
  readonly repeats: Array<SdpRepeat>
}

/** Splits on LF, drops one CR before each LF, and drops trailing empty lines. */
const splitLines = (text: string): ReadonlyArray<string> => {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
  let end = lines.length
  while (end > 0 && lines[end - 1] === '') end--
  return lines.slice(0, end)
}

const SESSION_ONLY = 'vosueptrz'

export const parseSdp = (text: string): E.Either<SdpError, Sdp> => {
  const lines = splitLines(text)
  if (lines.length === 0) return fail('empty session description', 1, 1)

  let version: number | undefined
  let origin: SdpOrigin | undefined
  let sessionName: string | undefined
  let information: string | undefined
  let uri: string | undefined
  const emails: Array<string> = []
  const phones: Array<string> = []
  let connection: SdpConnection | undefined
  const bandwidths: Array<SdpBandwidth> = []
  const timing: Array<TimingDraft> = []
  let zones: ReadonlyArray<SdpZoneAdjustment> | undefined
  let key: string | undefined
  const attributes: Array<SdpAttribute> = []
  const unknown: Array<SdpUnknownLine> = []
  const media: Array<SdpMedia> = []
  let current: MediaDraft | undefined

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? ''
    const line = i + 1
    if (raw === '') return fail('empty line', line, 1)
    const letter = raw.charAt(0)
    if (!isTypeLetter(letter)) return fail('a line must start with a type letter', line, 1)
    if (raw.charAt(1) !== '=') return fail(`expected "=" after "${letter}"`, line, 2)
    const value = raw.slice(2)
    const badChar = firstNonTextIndex(value)
    if (badChar >= 0) return fail('NUL or CR inside a line', line, VALUE_COLUMN + badChar)
    // §5: "The first line of a session description MUST be v=".
    if (i === 0 && letter !== 'v') return fail('a session description starts with v=', line, 1)

    if (current !== undefined && SESSION_ONLY.includes(letter)) {
      return fail(`${letter}= is not allowed in a media description`, line, 1)
    }
    const once = <A>(seen: A | undefined, name: string): E.Either<SdpError, void> =>
      seen === undefined ? E.right(undefined) : fail(`more than one ${name}= line`, line, 1)

    switch (letter) {
      case 'v': {
        if (i !== 0) return fail('more than one v= line', line, 1)
        const v = boundedInt(value, 0, 0xffffffff)
        if (v === undefined) return fail('v= must be digits', line, VALUE_COLUMN)
        version = v
        break
      }
      case 'o': {
        const dup = once(origin, 'o')
        if (E.isLeft(dup)) return dup
        const o = parseOrigin(value, line)
        if (E.isLeft(o)) return o
        origin = o.right
        break
      }
      case 's': {
        const dup = once(sessionName, 's')
        if (E.isLeft(dup)) return dup
        sessionName = value
        break
      }
      case 'i': {
        const dup = once(current ? current.information : information, 'i')
        if (E.isLeft(dup)) return dup
        if (current) current.information = value
        else information = value
        break
      }
      case 'u': {
        const dup = once(uri, 'u')
        if (E.isLeft(dup)) return dup
        uri = value
        break
      }
      case 'e':
        emails.push(value)
        break
      case 'p':
        phones.push(value)
        break
      case 'c': {
        const c = parseConnection(value, line)
        if (E.isLeft(c)) return c
        if (current) {
          // §5.7: a media description may carry several c= lines (layered encodings).
          current.connections.push(c.right)
        } else {
          const dup = once(connection, 'c')
          if (E.isLeft(dup)) return dup
          connection = c.right
        }
        break
      }
      case 'b': {
        const b = parseBandwidth(value, line)
        if (E.isLeft(b)) return b
        ;(current ? current.bandwidths : bandwidths).push(b.right)
        break
      }
      case 't': {
        const t = parseTiming(value, line)
        if (E.isLeft(t)) return t
        timing.push({ start: t.right.start, stop: t.right.stop, repeats: [] })
        break
      }
      case 'r': {
        const last = timing[timing.length - 1]
        if (last === undefined) return fail('r= must follow a t= line', line, 1)
        const r = parseRepeat(value, line)
        if (E.isLeft(r)) return r
        last.repeats.push(r.right)
        break
      }
      case 'z': {
        const dup = once(zones, 'z')
        if (E.isLeft(dup)) return dup
        const z = parseZones(value, line)
        if (E.isLeft(z)) return z
        zones = z.right
        break
      }
      case 'k': {
        const dup = once(current ? current.key : key, 'k')
        if (E.isLeft(dup)) return dup
        if (current) current.key = value
        else key = value
        break
      }
      case 'a': {
        const a = parseAttribute(value, line)
        if (E.isLeft(a)) return a
        ;(current ? current.attributes : attributes).push(a.right)
        break
      }
      case 'm': {
        const m = parseMediaHead(value, line)
        if (E.isLeft(m)) return m
        if (current) media.push(finishMedia(current))
        current = { head: m.right, connections: [], bandwidths: [], attributes: [], unknown: [] }
        break
      }
      default:
        ;(current ? current.unknown : unknown).push({ letter, value })
    }
  }
  if (current) media.push(finishMedia(current))

  const end = lines.length + 1
  if (version === undefined) return fail('missing v= line', 1, 1)
  if (origin === undefined) return fail('missing o= line', end, 1)
  if (sessionName === undefined) return fail('missing s= line', end, 1)
  if (timing.length === 0) return fail('missing t= line', end, 1)

  return E.right({
    version,
    origin,
    sessionName,
    information,
    uri,
    emails,
    phones,
    connection,
    bandwidths,
    timing: timing.map((t) => ({ start: t.start, stop: t.stop, repeats: t.repeats })),
    zones: zones ?? [],
    key,
    attributes,
    unknown,
    media,
  })
}
