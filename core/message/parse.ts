/**
 * From bytes to a SipMessage (RFC 3261 §7): start line, header fields (unfolded,
 * names canonicalised, compact forms expanded) and body framed by Content-Length.
 *
 * Datagram rules (RFC 3261 §18.3): one message per datagram, bytes past the body are
 * ignored (RFC 4475 dblreq), a missing Content-Length means the body runs to the end
 * (inv2543). The stream framer (`stream.ts`) requires Content-Length.
 *
 * Header values are not decoded here; `headers.ts` decodes them on access and
 * `validate.ts` decodes every known one.
 */
import * as E from 'fp-ts/lib/Either.js'
import { canonicalName, headerKey, knownNameIn, nameHash, slotKeyOf, slotNameOf } from './header-names.ts'
import { TOKEN, is } from './scan.ts'
import type { HeaderField, ParseError, ParseErrorKind, Position, SipMessage, ValueSource } from './types.ts'

export interface ParseLimits {
  /** Largest message, header section and body together. */
  readonly maxMessageBytes: number
  /** Most header lines (after unfolding). */
  readonly maxHeaders: number
  /** Longest header line (after unfolding), start line included. */
  readonly maxLineLength: number
}

export const defaultLimits: ParseLimits = {
  maxMessageBytes: 65_535,
  maxHeaders: 256,
  maxLineLength: 16_384,
}

// 1 char per byte, natively (WHATWG "latin1" is windows-1252: still one code unit per byte).
const byteDecoder = new TextDecoder('latin1')
// ignoreBOM: a leading U+FEFF is content, not a marker to drop (it would shift positions and change values).
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })
const nonAscii = /[^\x00-\x7f]/

/** Where the header section ends: the index of the CRLF CRLF, or -1. */
export const findHeaderEnd = (bytes: Uint8Array, from: number): number => {
  let i = bytes.indexOf(0x0a, from + 1)
  while (i !== -1) {
    // …\r\n\r\n with i on the second \n
    if (bytes[i - 1] === 0x0d && bytes[i - 2] === 0x0a && bytes[i - 3] === 0x0d) return i - 3
    i = bytes.indexOf(0x0a, i + 1)
  }
  return -1
}

/**
 * Line/column (1-based) of a character index in `text`, which starts at byte `base`
 * on line `firstLine` of the source.
 */
export const positionIn = (text: string, index: number, base = 0, firstLine = 1): Position => {
  let line = firstLine
  let lineStart = 0
  let nl = text.indexOf('\n')
  while (nl !== -1 && nl < index) {
    line++
    lineStart = nl + 1
    nl = text.indexOf('\n', lineStart)
  }
  return { line, column: index - lineStart + 1, offset: base + index }
}

const fail = (
  kind: ParseErrorKind,
  reason: string,
  at: Position,
  extra?: Partial<Pick<ParseError, 'header' | 'headers' | 'request'>>,
): E.Either<ParseError, never> => E.left({ kind, reason, at, ...extra })

/** The parts of a message before its body is framed. */
export interface Head {
  readonly startLine: string
  readonly headers: ReadonlyArray<HeaderField>
  /** Index of the first body byte in the source. */
  readonly bodyStart: number
  /** The Content-Length value, or undefined when absent. */
  readonly contentLength: number | undefined
  /** The header section as text (one char per byte), for error positions. */
  readonly text: string
  /** Byte offset of `text` in the source. */
  readonly base: number
  /** The source line `text` starts on (past the CRLFs skipped before the start line). */
  readonly line: number
}

/**
 * Split the header section that starts at `start` and ends at `end` (the CRLF CRLF).
 * Leading CRLFs before the start line are skipped (RFC 3261 §7.5).
 */
export const parseHead = (
  bytes: Uint8Array,
  start: number,
  end: number,
  limits: ParseLimits,
): E.Either<ParseError, Head> => {
  let s = start
  while (s + 1 < end && bytes[s] === 0x0d && bytes[s + 1] === 0x0a) s += 2
  const firstLine = 1 + (s - start) / 2
  // A plain view: Buffer#subarray would go through Buffer's (slow) species constructor.
  const section = new Uint8Array(bytes.buffer, bytes.byteOffset + s, end + 2 - s)
  // UTF-8 is the decoder's fast path. Same length and no U+FFFD means every byte was
  // ASCII, so the text has one char per byte; otherwise decode again one char per byte
  // (latin1) so that indexes stay byte offsets, and re-decode non-ASCII values below.
  let text = utf8.decode(section)
  const wide = !isAscii(text, section.length)
  if (wide) text = byteDecoder.decode(section)
  return splitHead(bytes, s, firstLine, text, text.length, wide, limits)
}

/** True when `text`, decoded as UTF-8 from `byteLength` bytes, had one char per byte, all ASCII. */
const isAscii = (text: string, byteLength: number): boolean => text.length === byteLength && text.indexOf('\ufffd') === -1

/**
 * The work of `parseHead` on text already decoded: `text[0, limit)` is the header
 * section (CRLF CRLF excluded but for its first CRLF), starting at byte `s` on line
 * `firstLine`, one char per byte. `text` may run on past `limit` (parseMessage decodes
 * a whole datagram).
 */
const splitHead = (
  bytes: Uint8Array,
  s: number,
  firstLine: number,
  text: string,
  limit: number,
  wide: boolean,
  limits: ParseLimits,
): E.Either<ParseError, Head> => {
  const pos = (i: number): Position => positionIn(text, i, s, firstLine)

  // The first CRLF; a bare LF before it is a line of its own in positions (see below).
  let bareLfs = 0
  let lf = text.indexOf('\n')
  while (lf !== -1 && text.charCodeAt(lf - 1) !== 0x0d) {
    bareLfs++
    lf = text.indexOf('\n', lf + 1)
  }
  const eol = lf === -1 || lf > limit ? limit : lf - 1
  let startLine = text.slice(0, eol)
  // Like header values, a start line is UTF-8 (a Reason-Phrase may hold UTF8-NONASCII,
  // RFC 3261 §25.1): `text` has one char per byte, so decode it again from the bytes.
  if (wide && nonAscii.test(startLine)) startLine = utf8.decode(new Uint8Array(bytes.buffer, bytes.byteOffset + s, eol))
  // Whether a UA could answer this (a request) — carried on errors so it can send 400.
  const request = !isStatusLine(startLine)
  if (eol > limits.maxLineLength) return fail('limit', `start line longer than ${limits.maxLineLength}`, pos(0))

  const headers: Array<HeaderField> = []
  let contentLength: number | undefined
  let clSeen = false
  let lineNo = firstLine + 1 + bareLfs
  bareLfs = 0 // from here, in the current header line
  let i = eol + 2
  // The loop below only tests ASCII codes (token characters, SP, HT, CR, LF, ":"), and
  // char `k` of `text` is byte `s + k` with the same code whenever either is ASCII, so it
  // reads the bytes: a typed-array read costs about a third of a charCodeAt.
  while (i < limit) {
    // One logical header line: up to a CRLF not followed by SP/HT (RFC 3261 §7.3.1 folding).
    const lineStart = i
    // The CRLF that ends the section is at `limit - 2`, so this never finds one past it.
    // LFs are searched (not CRLFs) so that a bare LF, a line of its own in positions, is
    // counted on the way at no extra cost.
    lf = text.indexOf('\n', i)
    while (lf !== -1 && text.charCodeAt(lf - 1) !== 0x0d) {
      bareLfs++
      lf = text.indexOf('\n', lf + 1)
    }
    let e = lf === -1 || lf > limit ? limit : lf - 1
    let folded = false
    let lines = 1
    while (e + 2 < limit && isWsByte(bytes[s + e + 2] as number)) {
      folded = true
      lines++
      lf = text.indexOf('\n', e + 2)
      while (lf !== -1 && text.charCodeAt(lf - 1) !== 0x0d) {
        bareLfs++
        lf = text.indexOf('\n', lf + 1)
      }
      e = lf === -1 || lf > limit ? limit : lf - 1
    }
    if (e - lineStart > limits.maxLineLength) return fail('limit', `header line longer than ${limits.maxLineLength}`, pos(lineStart))
    if (headers.length >= limits.maxHeaders) return fail('limit', `more than ${limits.maxHeaders} header fields`, pos(lineStart))
    // header-name = token, then optional WS, then ':'. The name is hashed as it is
    // checked, so a known one is recognised without slicing it.
    let n = s + lineStart
    const lineEnd = s + e
    let hash = 0
    for (; n < lineEnd; n++) {
      const c = bytes[n] as number
      if (!is(c, TOKEN)) break
      hash = nameHash(hash, c)
    }
    if (n === s + lineStart) return fail('header', 'header line does not start with a header name', pos(lineStart), { headers, request })
    const nameEnd = n - s
    while (n < lineEnd && isWsByte(bytes[n] as number)) n++
    if (bytes[n] !== 0x3a || n >= lineEnd) return fail('header', `expected ':' after header name "${text.slice(lineStart, nameEnd)}"`, pos(n - s), { headers, request })
    n++
    // value: skip leading LWS (which may include a fold), trim the end
    let vb = n
    while (vb < lineEnd) {
      const c = bytes[vb] as number
      if (c === 0x20 || c === 0x09) vb++
      else if (c === 0x0d && bytes[vb + 1] === 0x0a) vb += 2
      else break
    }
    let wb = lineEnd
    while (wb > vb) {
      const c = bytes[wb - 1] as number
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) wb--
      else break
    }
    const v = vb - s
    const w = wb - s
    let value = folded ? text.slice(v, w).replace(/[ \t]*\r\n[ \t]+/g, ' ') : text.slice(v, w)
    let ascii = !folded
    if (wide && nonAscii.test(value)) {
      value = unfoldUtf8(bytes, s + v, s + w)
      ascii = false
    }
    let key: string
    let name: string
    const slot = knownNameIn(bytes, s + lineStart, s + nameEnd, hash)
    if (slot >= 0) {
      key = slotKeyOf(slot)
      name = slotNameOf(slot)
    } else {
      const rawName = text.slice(lineStart, nameEnd)
      key = headerKey(rawName)
      name = canonicalName(key) ?? rawName
    }
    const at: Position = folded || bareLfs > 0 ? valueStart(text, lineStart, v, lineNo, s) : { line: lineNo, column: v - lineStart + 1, offset: s + v }
    // Same keys on every field (source undefined when absent): one object shape for the JIT.
    const source: ValueSource | undefined = ascii ? { bytes, from: vb, to: wb, value } : undefined
    headers.push({ name, key, value, at, source })
    if (key === 'content-length') {
      // RFC 4475 mcl01: more than one Content-Length cannot frame the message.
      if (clSeen) return fail('framing', 'more than one Content-Length', at, { headers, request })
      clSeen = true
      const cl = parseContentLength(value)
      if (cl === undefined) return fail('framing', `invalid Content-Length "${value}"`, at, { headers, request })
      contentLength = cl
    }
    lineNo += lines + bareLfs
    bareLfs = 0
    i = e + 2
  }
  return E.right({ startLine, headers, bodyStart: s + limit + 2, contentLength, text: limit === text.length ? text : text.slice(0, limit), base: s, line: firstLine })
}

/**
 * Where a value starts when its line is folded (past a fold, on a later line) or holds a
 * bare LF: the LFs before it are counted (`text[lineStart, v)` is short: name and LWS).
 */
const valueStart = (text: string, lineStart: number, v: number, line: number, s: number): Position => {
  let from = lineStart
  for (let nl = text.indexOf('\n', from); nl !== -1 && nl < v; nl = text.indexOf('\n', from)) {
    line++
    from = nl + 1
  }
  return { line, column: v - from + 1, offset: s + v }
}

/** The same value from the original bytes, decoded as UTF-8 (header text is UTF-8, RFC 3261 §7.3.1). */
const unfoldUtf8 = (bytes: Uint8Array, from: number, to: number): string =>
  utf8.decode(bytes.subarray(from, to)).replace(/[ \t]*\r\n[ \t]+/g, ' ')

/** 1*DIGIT, at most 10 digits (never negative, never NaN: RFC 4475 ncl). */
export const parseContentLength = (value: string): number | undefined => {
  if (value.length === 0 || value.length > 10) return undefined
  let n = 0
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 0x30
    if (d < 0 || d > 9) return undefined
    n = n * 10 + d
  }
  return n
}

const utf8Encoder = new TextEncoder()
const utf8Length = (s: string): number => utf8Encoder.encode(s).length

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39

const isWsByte = (c: number): boolean => c === 0x20 || c === 0x09

/** A Status-Line starts with "SIP/" or "sip/" (checked by code: no startsWith calls on the hot path). */
const isStatusLine = (line: string): boolean => {
  const c = line.charCodeAt(0)
  if (c === 0x53) return line.charCodeAt(1) === 0x49 && line.charCodeAt(2) === 0x50 && line.charCodeAt(3) === 0x2f
  if (c === 0x73) return line.charCodeAt(1) === 0x69 && line.charCodeAt(2) === 0x70 && line.charCodeAt(3) === 0x2f
  return false
}

/** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT (RFC 3261 §25.1; "SIP" is case-insensitive). */
const isVersion = (v: string): boolean => {
  if (v.length < 7 || v.charCodeAt(3) !== 0x2f || (v.charCodeAt(0) | 0x20) !== 0x73 || (v.charCodeAt(1) | 0x20) !== 0x69 || (v.charCodeAt(2) | 0x20) !== 0x70) return false
  const dot = v.indexOf('.', 4)
  if (dot <= 4 || dot === v.length - 1) return false
  for (let i = 4; i < v.length; i++) if (i !== dot && !isDigit(v.charCodeAt(i))) return false
  return true
}

const isScheme = (uri: string): boolean => {
  const colon = uri.indexOf(':')
  if (colon < 1) return false
  const first = uri.charCodeAt(0) | 0x20
  if (first < 0x61 || first > 0x7a) return false
  for (let i = 1; i < colon; i++) {
    const c = uri.charCodeAt(i)
    if (!(isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x2b || c === 0x2d || c === 0x2e)) return false
  }
  return true
}

/** Build the message from its head and body bytes, checking the start line. */
export const buildMessage = (head: Head, body: Uint8Array): E.Either<ParseError, SipMessage> => {
  const line = head.startLine
  // `i` indexes `line`; the source has one char per byte only while `line` is ASCII.
  const at = (i: number): Position => positionIn(head.text, nonAscii.test(line) ? utf8Length(line.slice(0, i)) : i, head.base, head.line)
  if (isStatusLine(line)) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (RFC 3261 §7.2)
    const sp1 = line.indexOf(' ')
    const version = sp1 === -1 ? line : line.slice(0, sp1)
    if (!isVersion(version)) return fail('start-line', `invalid SIP version "${version}"`, at(0), { headers: head.headers })
    // A missing SP after the code with no reason at all is tolerated (RFC 4475 noreason, liberal reading).
    const threeDigits = sp1 !== -1 && isDigit(line.charCodeAt(sp1 + 1)) && isDigit(line.charCodeAt(sp1 + 2)) && isDigit(line.charCodeAt(sp1 + 3))
    if (!threeDigits || (line.length > sp1 + 4 && line.charCodeAt(sp1 + 4) !== 0x20)) {
      return fail('start-line', 'status code must be three digits followed by SP', at(sp1 + 1), { headers: head.headers })
    }
    const status = Number(line.slice(sp1 + 1, sp1 + 4))
    if (status < 100 || status > 699) return fail('start-line', `status code ${status} is outside 100–699`, at(sp1 + 1), { headers: head.headers })
    return E.right({ type: 'response', version, status, reason: line.slice(sp1 + 5), headers: head.headers, body })
  }
  // Request-Line = Method SP Request-URI SP SIP-Version (single SPs, RFC 3261 §7.1; RFC 4475 lwsstart, trws)
  const sp1 = line.indexOf(' ')
  const sp2 = sp1 === -1 ? -1 : line.indexOf(' ', sp1 + 1)
  const extra = sp2 === -1 ? -1 : line.indexOf(' ', sp2 + 1)
  const withHeaders = { headers: head.headers, request: true }
  if (sp1 <= 0 || sp2 === -1) return fail('start-line', 'request line must be "Method SP Request-URI SP SIP-Version"', at(0), withHeaders)
  for (let i = 0; i < sp1; i++) {
    if (!is(line.charCodeAt(i), TOKEN)) return fail('start-line', 'method is not a token', at(i), withHeaders)
  }
  if (sp2 === sp1 + 1) return fail('start-line', 'more than one SP before the Request-URI', at(sp2), withHeaders)
  if (extra !== -1) return fail('start-line', 'whitespace inside the Request-URI or after the SIP version', at(extra), withHeaders)
  const uri = line.slice(sp1 + 1, sp2)
  if (!isScheme(uri)) return fail('start-line', `Request-URI "${uri}" has no scheme`, at(sp1 + 1), withHeaders)
  const version = line.slice(sp2 + 1)
  if (!isVersion(version)) return fail('start-line', `invalid SIP version "${version}"`, at(sp2 + 1), withHeaders)
  return E.right({ type: 'request', method: line.slice(0, sp1), uri, version, headers: head.headers, body })
}

/** Parse one datagram (RFC 3261 §18.3). */
export const parseMessage = (bytes: Uint8Array, limits: ParseLimits = defaultLimits): E.Either<ParseError, SipMessage> => {
  if (bytes.length > limits.maxMessageBytes) {
    return fail('limit', `message larger than ${limits.maxMessageBytes} bytes`, { line: 1, column: 1, offset: 0 })
  }
  // Fast path: decode the whole datagram at once (the body is nearly always text) and
  // find the end of the header section in it; the general path otherwise.
  let head: E.Either<ParseError, Head>
  const all = bytes.length > 0 && bytes[0] !== 0x0d ? utf8.decode(bytes) : ''
  const end = all.length > 0 && isAscii(all, bytes.length) ? all.indexOf('\r\n\r\n') : -1
  if (end !== -1) head = splitHead(bytes, 0, 1, all, end + 2, false, limits)
  else {
    // CRLFs before the start line are skipped (RFC 3261 §7.5): two of them are not the end of the header section.
    let skip = 0
    while (bytes[skip] === 0x0d && bytes[skip + 1] === 0x0a) skip += 2
    const headerEnd = findHeaderEnd(bytes, skip)
    if (headerEnd === -1) {
      return fail('framing', 'no empty line ends the header section', positionIn(byteDecoder.decode(bytes), bytes.length))
    }
    head = parseHead(bytes, 0, headerEnd, limits)
  }
  if (E.isLeft(head)) return head
  const h = head.right
  const available = bytes.length - h.bodyStart
  const length = h.contentLength ?? available
  if (length > available) {
    // RFC 4475 clerr: a datagram cannot hold more body than it carries.
    return fail('framing', `Content-Length ${length} exceeds the ${available} bytes that follow the headers`, positionIn(h.text, h.text.length, h.base, h.line), { headers: h.headers, request: !h.startLine.startsWith('SIP/') })
  }
  // The body is a view of the datagram, not a copy (see SipMessage.body).
  return buildMessage(h, length === 0 ? noBody : new Uint8Array(bytes.buffer, bytes.byteOffset + h.bodyStart, length))
}

const noBody = new Uint8Array(0)
