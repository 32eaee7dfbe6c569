/**
 * fast-check arbitraries for whole SIP messages in the parser's model (core/message
 * types.ts): what parse gives back for what serialize writes. Header values carry no CRLF
 * and no white space at either end; a Reason-Phrase no CRLF; bodies are any bytes.
 */
import fc from 'fast-check'
import {
  canonicalName,
  codecs,
  formatUri,
  headerKey,
  type HeaderCodec,
  type HeaderField,
  type SipMessage,
} from '../../core/message/index.ts'
import * as A from './headers.ts'

const chars = (set: string): fc.Arbitrary<string> => fc.constantFrom(...set.split(''))

// ---------------------------------------------------------------------------
// Text: what a header value or a Reason-Phrase can carry through parse and serialize.

/** Any text, mostly ASCII (controls included), sometimes any code point. */
export const anyText = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
      { weight: 2, arbitrary: chars(' \t;,:"<>\\%=@') },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.constantFrom('é', 'ß', '€', '中', '😀', '\uFEFF', '\uFFFD') },
    ),
    maxLength,
  })

/**
 * A header value as the parser gives it: no CRLF (a line end), no white space at either
 * end (trimmed). Bare CR and LF inside are kept as they are.
 */
export const headerText = (maxLength = 24): fc.Arbitrary<string> => anyText(maxLength).map((s) => s.replace(/\r\n/g, ' ').replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''))

/** A Reason-Phrase: anything but a CRLF (it may start or end with spaces, or be empty). */
export const reasonPhrase: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('OK', 'Trying', 'Ringing', 'Accepted', 'Très bien', 'Bad Request', ''),
  anyText(20).map((s) => s.replace(/\r\n/g, ' ').replace(/\r$/, '')),
)

// ---------------------------------------------------------------------------
// Header fields

export const field = (name: string, value: string): HeaderField => {
  const key = headerKey(name)
  return { name: canonicalName(key) ?? name, key, value }
}

const typed = <T>(codec: HeaderCodec<T>, arb: fc.Arbitrary<T>): fc.Arbitrary<HeaderField> => arb.map((v) => field(codec.name, codec.format(v)))

/** Known headers with values in the codecs' canonical form (these messages validate). */
export const typedField: fc.Arbitrary<HeaderField> = fc.oneof(
  typed(codecs.via, A.via),
  typed(codecs.from, A.nameAddr),
  typed(codecs.to, A.nameAddr),
  typed(codecs.contact, A.contact),
  typed(codecs.route, A.nameAddr),
  typed(codecs.recordRoute, A.nameAddr),
  typed(codecs.referTo, A.nameAddr),
  typed(codecs.referredBy, A.nameAddr),
  typed(codecs.callId, A.callId),
  typed(codecs.cseq, A.cseq),
  typed(codecs.maxForwards, fc.integer({ min: 0, max: 255 })),
  typed(codecs.expires, fc.integer({ min: 0, max: 0xffffffff })),
  typed(codecs.event, A.event),
  typed(codecs.subscriptionState, A.subscriptionState),
  typed(codecs.replaces, A.replaces),
  typed(codecs.targetDialog, A.targetDialog),
  typed(codecs.wwwAuthenticate, A.challenge),
  typed(codecs.proxyAuthenticate, A.challenge),
  typed(codecs.authorization, A.credentials),
  typed(codecs.proxyAuthorization, A.credentials),
  A.token.map((t) => field('Supported', t)),
  A.token.map((t) => field('Require', t)),
  A.token.map((t) => field('Allow', t.toUpperCase())),
)

/** Names the parser knows, Content-Length aside (the serializer writes that one itself). */
export const knownNames = [
  'Via', 'From', 'To', 'Contact', 'Call-ID', 'CSeq', 'Max-Forwards', 'Content-Type', 'Subject', 'Event',
  'Subscription-State', 'Refer-To', 'Referred-By', 'Replaces', 'Target-Dialog', 'Refer-Sub', 'Supported',
  'Require', 'Allow', 'Allow-Events', 'User-Agent', 'Server', 'Accept', 'Accept-Contact', 'Reject-Contact',
  'Request-Disposition', 'Content-Encoding', 'Session-Expires', 'Identity', 'Identity-Info', 'Date', 'Warning',
  'WWW-Authenticate', 'Authorization', 'Retry-After', 'Record-Route', 'Route', 'Expires',
]

/** A known name with any value: the parser keeps values as text; only validation reads them. */
export const rawKnownField: fc.Arbitrary<HeaderField> = fc.tuple(fc.constantFrom(...knownNames), headerText()).map(([n, v]) => field(n, v))

/** A name the parser does not know (kept as spelled; its key is the lower case). */
export const unknownName: fc.Arbitrary<string> = fc.oneof(
  A.token,
  A.token.map((t) => 'X-' + t),
  fc.constantFrom('P-Preferred-Identity', 'X-Trace', 'Diversion', 'Path', 'q', 'Z', 'extensionHeader-!.%*+_`\'~'),
).filter((n) => canonicalName(headerKey(n)) === undefined)

export const unknownField: fc.Arbitrary<HeaderField> = fc.tuple(unknownName, headerText()).map(([n, v]) => ({ name: n, key: headerKey(n), value: v }))

// ---------------------------------------------------------------------------
// Messages

export const sdpBody = 'v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n'
export const body: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(new Uint8Array(0)) },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 200 }) }, // any bytes, mostly not UTF-8
  { weight: 1, arbitrary: fc.constantFrom(sdpBody, 'SIP/2.0 200 OK\r\n', '\r\n\r\nCRLFs first', 'é\u0000\r\n\r\n').map((t) => new TextEncoder().encode(t)) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x0d, 0x0a, 0x0d, 0x0a])) },
)

export const method: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'REFER', 'NOTIFY', 'SUBSCRIBE', 'MESSAGE', 'INFO', 'PRACK', 'UPDATE'),
  A.token, // extension methods (RFC 3261 §25.1 extension-method = token)
  fc.constant("!interesting-Method0123456789_*+`.%indeed'~"),
)

export const requestUri: fc.Arbitrary<string> = A.uri.map(formatUri).filter((u) => !/[ \r\n]/.test(u))

export const version: fc.Arbitrary<string> = fc.constantFrom('SIP/2.0', 'SIP/2.0', 'SIP/2.0', 'sip/2.0', 'SIP/3.1', 'SIP/10.25')

/** Header fields with exactly one Content-Length, placed anywhere, stating the body's length. */
export const withLength = (headers: ReadonlyArray<HeaderField>, b: Uint8Array, at: number): ReadonlyArray<HeaderField> => {
  const i = at % (headers.length + 1)
  return [...headers.slice(0, i), field('Content-Length', String(b.length)), ...headers.slice(i)]
}

export const sipMessage = (headerField: fc.Arbitrary<HeaderField>): fc.Arbitrary<SipMessage> =>
  fc.oneof(
    fc
      .record({ method, uri: requestUri, version, headers: fc.array(headerField, { maxLength: 12 }), body, at: fc.nat() })
      .map(({ at, headers, ...r }): SipMessage => ({ type: 'request', ...r, headers: withLength(headers, r.body, at) })),
    fc
      .record({
        version: version.filter((v) => v.startsWith('SIP/') || v.startsWith('sip/')),
        status: fc.integer({ min: 100, max: 699 }),
        reason: reasonPhrase,
        headers: fc.array(headerField, { maxLength: 12 }),
        body,
        at: fc.nat(),
      })
      .map(({ at, headers, ...r }): SipMessage => ({ type: 'response', ...r, headers: withLength(headers, r.body, at) })),
  )

/** Any header field: typed, raw known or unknown. */
/** Any header field: typed, raw known or unknown. */
export const anyField = fc.oneof({ weight: 3, arbitrary: typedField }, { weight: 2, arbitrary: rawKnownField }, { weight: 2, arbitrary: unknownField })
