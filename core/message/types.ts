/**
 * The data model of a SIP message (RFC 3261 §7). Plain readonly data: a message is
 * its start line, its header fields in wire order, and its body as bytes.
 *
 * Header values are kept as text and decoded on access by a typed codec
 * (see `headers.ts`), so reading four headers of a message costs four small parses,
 * not one parse of every header.
 */

/** Where something is in the source bytes: 1-based line and column, 0-based byte offset. */
export interface Position {
  readonly line: number
  readonly column: number
  readonly offset: number
}

/** One header line (after unfolding). `key` is the lower-case long name used for lookup. */
export interface HeaderField {
  /** Canonical long name for known headers ("Call-ID"), the received spelling otherwise. */
  readonly name: string
  /** Lower-case long form ("call-id"); compact forms are expanded ("i" -> "call-id"). */
  readonly key: string
  /** The value with line folding replaced by one SP and outer whitespace trimmed. */
  readonly value: string
  /** Where the value starts in the source; absent for headers built in code. */
  readonly at?: Position
  /**
   * The bytes `value` was read from, for readers that scan bytes (`readers.ts`); set by
   * the parser for ASCII values without line folding, absent otherwise. Optional and
   * advisory: whoever builds or edits fields can ignore it.
   */
  readonly source?: ValueSource
}

/**
 * A header value's place in the bytes it was parsed from: `bytes[from, to)` is `value`,
 * one ASCII byte per character. `bytes` is a view of the parsed datagram (like a
 * message body: no copy). It holds the value it was made for, so that a field whose
 * `value` was replaced (`{ ...field, value }`) carries a source for another value,
 * which readers then ignore: a stale range cannot be used.
 */
export interface ValueSource {
  readonly bytes: Uint8Array
  readonly from: number
  readonly to: number
  readonly value: string
}

export interface SipRequest {
  readonly type: 'request'
  readonly method: string
  /** The Request-URI as text; `parseUri` gives its structure. */
  readonly uri: string
  readonly version: string
  readonly headers: ReadonlyArray<HeaderField>
  /** The body bytes. `parseMessage` gives a view of the datagram it parsed (no copy). */
  readonly body: Uint8Array
}

export interface SipResponse {
  readonly type: 'response'
  readonly version: string
  readonly status: number
  readonly reason: string
  readonly headers: ReadonlyArray<HeaderField>
  /** The body bytes. `parseMessage` gives a view of the datagram it parsed (no copy). */
  readonly body: Uint8Array
}

export type SipMessage = SipRequest | SipResponse

/** Why bytes or a value failed to parse. Every parse error in core is one of these. */
export type ParseErrorKind =
  | 'framing' // cannot delimit the message: Content-Length, missing end of headers
  | 'limit' // a configured size or count limit was exceeded
  | 'start-line' // the Request-Line or Status-Line is malformed
  | 'header' // a header line or a known header's value is malformed
  | 'body' // a body (SDP, sipfrag) is malformed

export interface ParseError {
  readonly kind: ParseErrorKind
  readonly reason: string
  readonly at: Position
  /** The header name, when the error is in a header value. */
  readonly header?: string
  /**
   * Header fields that were split before the error (start-line and header-value
   * errors only), so a UA can still answer 400 to a request it cannot accept.
   */
  readonly headers?: ReadonlyArray<HeaderField>
  /** True when the start line looked like a request (for answering 400 vs dropping). */
  readonly request?: boolean
}

/** An error inside one header value: `index` is a character offset into the value. */
export interface ValueError {
  readonly reason: string
  readonly index: number
}

/** A `;name=value` or `;flag` parameter (RFC 3261 generic-param), in received order. */
export interface Param {
  readonly name: string
  /** Undefined for a flag parameter such as `;lr`. Quoted strings keep their quotes. */
  readonly value?: string
}

// ---------------------------------------------------------------------------
// URIs (RFC 3261 §19.1, §25.1; RFC 3966; RFC 5118)

export interface SipUri {
  readonly type: 'sip'
  readonly scheme: 'sip' | 'sips'
  /** Unescaped user part; may hold `;` (RFC 4475 semiuri) and NUL (escnull). */
  readonly user?: string
  readonly password?: string
  /** Host as written, IPv6 references with their brackets: "[2001:db8::10]". */
  readonly host: string
  readonly hostType: 'domain' | 'ipv4' | 'ipv6'
  readonly port?: number
  /** uri-parameters, names and values unescaped once. */
  readonly params: ReadonlyArray<Param>
  /** `?name=value&…` headers, unescaped once (never recursively, RFC 4475 esc01). */
  readonly headers: ReadonlyArray<Param>
}

export interface TelUri {
  readonly type: 'tel'
  readonly number: string
  readonly params: ReadonlyArray<Param>
}

/** Any other absoluteURI (RFC 3261 §25.1), kept opaque: `scheme:rest`. */
export interface AbsoluteUri {
  readonly type: 'absolute'
  readonly scheme: string
  readonly opaque: string
}

export type Uri = SipUri | TelUri | AbsoluteUri

// ---------------------------------------------------------------------------
// Typed header values

/** name-addr or addr-spec with header parameters (From, To, Contact, Route, Refer-To …). */
export interface NameAddr {
  /** Display name, unquoted and with quoted-pairs resolved. */
  readonly displayName?: string
  readonly uri: Uri
  /** Header parameters (`;tag=…`), not URI parameters. */
  readonly params: ReadonlyArray<Param>
}

/** Contact is a name-addr or the `*` of a REGISTER that removes all bindings. */
export type Contact = NameAddr | { readonly type: 'star' }

export interface Via {
  /** "SIP/2.0" */
  readonly protocol: string
  /** Upper-case transport token: UDP, TCP, TLS, SCTP, WS … (any token, RFC 4475 transports). */
  readonly transport: string
  /** sent-by host, IPv6 references with brackets. */
  readonly host: string
  readonly port?: number
  readonly params: ReadonlyArray<Param>
}

export interface CSeq {
  /** 0 .. 2^32-1 */
  readonly seq: number
  readonly method: string
}

export interface MediaType {
  readonly type: string
  readonly subtype: string
  readonly params: ReadonlyArray<Param>
}

/** RFC 6665 §8.2.1: package, optional `id`, other params. */
export interface Event {
  readonly package: string
  readonly id?: string
  readonly params: ReadonlyArray<Param>
}

/** RFC 6665 §8.2.3 */
export interface SubscriptionState {
  readonly state: string // active | pending | terminated | token
  readonly reason?: string
  readonly expires?: number
  readonly retryAfter?: number
  readonly params: ReadonlyArray<Param>
}

/** RFC 3891 §6.1 */
export interface Replaces {
  readonly callId: string
  readonly toTag: string
  readonly fromTag: string
  readonly earlyOnly: boolean
  readonly params: ReadonlyArray<Param>
}

/** RFC 4538 §7 */
export interface TargetDialog {
  readonly callId: string
  readonly remoteTag?: string
  readonly localTag?: string
  readonly params: ReadonlyArray<Param>
}

/** RFC 4488 §4 */
export interface ReferSub {
  readonly value: boolean
  readonly params: ReadonlyArray<Param>
}

/** WWW-Authenticate / Proxy-Authenticate (RFC 3261 §25.1, RFC 7616). Params unquoted. */
export interface Challenge {
  readonly scheme: string
  readonly params: ReadonlyArray<Param>
}

/** Authorization / Proxy-Authorization (RFC 3261 §22.4, RFC 7616 §3.4). Params unquoted. */
export interface Credentials {
  readonly scheme: string
  readonly params: ReadonlyArray<Param>
}

/** RFC 3261 §20.33 */
export interface RetryAfter {
  readonly seconds: number
  readonly comment?: string
  readonly duration?: number
  readonly params: ReadonlyArray<Param>
}
