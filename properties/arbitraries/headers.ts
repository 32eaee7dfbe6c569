/**
 * fast-check arbitraries for typed header values, in the canonical shapes the codecs
 * produce (so `parse(format(x))` equals `x`). Use them to build whole messages.
 */
import fc from 'fast-check'
import type {
  AbsoluteUri, CSeq, Challenge, Contact, Credentials, Event, NameAddr, Param, Replaces, SipUri,
  SubscriptionState, TargetDialog, TelUri, Uri, Via,
} from '../../core/message/types.ts'
import { quote } from '../../core/message/scan.ts'

const chars = (set: string): fc.Arbitrary<string> => fc.constantFrom(...set.split(''))
const str = (set: string, minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: chars(set), minLength, maxLength })

const LOWER = 'abcdefghijklmnopqrstuvwxyz'
const UPPER = LOWER.toUpperCase()
const DIGITS = '0123456789'
const ALNUM = LOWER + UPPER + DIGITS
export const TOKEN_CHARS = ALNUM + "-.!%*_+`'~"
export const WORD_CHARS = TOKEN_CHARS + '()<>:\\"/[]?{}'

export const token: fc.Arbitrary<string> = str(TOKEN_CHARS, 1, 10)
export const lowerToken: fc.Arbitrary<string> = str(LOWER + DIGITS + '-.!%*_+`\'~', 1, 10)
export const word: fc.Arbitrary<string> = str(WORD_CHARS, 1, 12)
/** One character, mostly ASCII (specials and controls included), sometimes any code point. */
const anyChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...'%;@:?&=[]"\\ <>,/+$#'.split('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
)
const anyText = (minLength: number, maxLength = 10): fc.Arbitrary<string> => fc.string({ unit: anyChar, minLength, maxLength })
/** Any text without CR/LF (those cannot be carried in a quoted-string). */
export const text: fc.Arbitrary<string> = anyText(0, 12).map((s) => s.replace(/[\r\n]/g, ' '))

// ---------------------------------------------------------------------------
// Hosts

const label: fc.Arbitrary<string> = fc
  .tuple(chars(ALNUM), str(ALNUM + '-', 0, 6), chars(ALNUM))
  .map(([a, m, z]) => a + m + z)
const topLabel: fc.Arbitrary<string> = fc.tuple(chars(LOWER + UPPER), fc.option(fc.tuple(str(ALNUM + '-', 0, 5), chars(ALNUM)), { nil: undefined }))
  .map(([a, rest]) => (rest === undefined ? a : a + rest[0] + rest[1]))
export const domain: fc.Arbitrary<string> = fc
  .tuple(fc.array(label, { maxLength: 3 }), topLabel)
  .map(([ls, top]) => [...ls, top].join('.'))
export const ipv4: fc.Arbitrary<string> = fc.ipV4()
export const ipv6: fc.Arbitrary<string> = fc.ipV6()

export interface Host {
  readonly host: string
  readonly hostType: SipUri['hostType']
}
export const host: fc.Arbitrary<Host> = fc.oneof(
  domain.map((h): Host => ({ host: h, hostType: 'domain' })),
  ipv4.map((h): Host => ({ host: h, hostType: 'ipv4' })),
  ipv6.map((h): Host => ({ host: '[' + h + ']', hostType: 'ipv6' })),
)
export const port: fc.Arbitrary<number | undefined> = fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined })

// ---------------------------------------------------------------------------
// URIs

const uriParam: fc.Arbitrary<Param> = fc
  .tuple(anyText(1), fc.option(anyText(0), { nil: undefined }))
  .map(([name, value]) => (value === undefined ? { name } : { name, value }))

export const sipUri: fc.Arbitrary<SipUri> = fc
  .record({
    scheme: fc.constantFrom('sip' as const, 'sips' as const),
    userinfo: fc.option(fc.tuple(anyText(1), fc.option(anyText(0), { nil: undefined })), { nil: undefined }),
    host,
    port,
    params: fc.array(uriParam, { maxLength: 3 }),
    headers: fc.array(uriParam, { maxLength: 2 }),
  })
  .map(({ scheme, userinfo, host: h, port: p, params, headers }) => ({
    type: 'sip' as const, scheme, user: userinfo?.[0], password: userinfo?.[1], host: h.host, hostType: h.hostType,
    port: p, params, headers,
  }))

const telNumber: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(str(DIGITS + '-.()', 0, 4), chars(DIGITS), str(DIGITS + '-.()', 0, 8)).map(([a, d, b]) => '+' + a + d + b),
  fc.tuple(str(DIGITS + 'abcdefABCDEF*#-.()', 0, 4), chars(DIGITS + 'ABCDEF*#'), str(DIGITS + '*#-.', 0, 6)).map(([a, d, b]) => a + d + b),
)
export const telUri: fc.Arbitrary<TelUri> = fc
  .tuple(telNumber, fc.array(fc.tuple(str(ALNUM + '-', 1, 8), fc.option(anyText(0), { nil: undefined })), { maxLength: 3 }))
  .map(([number, ps]) => ({
    type: 'tel' as const, number, params: ps.map(([name, value]) => (value === undefined ? { name } : { name, value })),
  }))

const URIC_CHARS = ALNUM + "-_.!~*'();/?:@&=+$,"
export const absoluteUri: fc.Arbitrary<AbsoluteUri> = fc
  .record({
    scheme: fc.tuple(chars(LOWER + UPPER), str(ALNUM + '+-.', 0, 8)).map(([a, b]) => a + b),
    opaque: fc.array(fc.oneof(str(URIC_CHARS, 1, 6), fc.constantFrom('%41', '%2f', '%00')), { minLength: 1, maxLength: 4 }).map((xs) => xs.join('')),
  })
  .filter(({ scheme }) => !['sip', 'sips', 'tel'].includes(scheme.toLowerCase()))
  .map(({ scheme, opaque }) => ({ type: 'absolute' as const, scheme, opaque }))

export const uri: fc.Arbitrary<Uri> = fc.oneof({ weight: 4, arbitrary: sipUri }, { weight: 1, arbitrary: telUri }, { weight: 1, arbitrary: absoluteUri })

// ---------------------------------------------------------------------------
// Header parameters (values kept as written: token, host or quoted-string)

const genValue: fc.Arbitrary<string> = fc.oneof(token, ipv4, ipv6.map((a) => '[' + a + ']'), text.map(quote))
export const headerParam: fc.Arbitrary<Param> = fc
  .tuple(token, fc.option(genValue, { nil: undefined }))
  .map(([name, value]) => (value === undefined ? { name } : { name, value }))

/** Header parameters whose names are not in `reserved` (those have typed fields). */
export const headerParams = (reserved: ReadonlyArray<string> = [], maxLength = 3): fc.Arbitrary<ReadonlyArray<Param>> =>
  fc.array(headerParam.filter((p) => !reserved.includes(p.name.toLowerCase())), { maxLength })

export const nameAddr: fc.Arbitrary<NameAddr> = fc.record({
  displayName: fc.option(text, { nil: undefined }),
  uri,
  params: headerParams(),
})

export const contact: fc.Arbitrary<Contact> = fc.oneof({ weight: 1, arbitrary: fc.constant({ type: 'star' as const }) }, { weight: 9, arbitrary: nameAddr })

// ---------------------------------------------------------------------------
// Via, CSeq, dialog ids, events

const viaReserved = ['branch', 'received', 'rport', 'ttl', 'maddr']
export const branch: fc.Arbitrary<string> = token.map((t) => 'z9hG4bK' + t)
export const via: fc.Arbitrary<Via> = fc
  .record({
    protocol: fc.oneof({ weight: 5, arbitrary: fc.constant('SIP/2.0') }, { weight: 1, arbitrary: fc.tuple(token, token).map(([a, b]) => a + '/' + b) }),
    transport: token.map((t) => t.toUpperCase()),
    host,
    port,
    branch: fc.option(branch, { nil: undefined }),
    received: fc.option(fc.oneof(ipv4, ipv6), { nil: undefined }),
    rport: fc.option(fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }), { nil: null }),
    params: headerParams(viaReserved, 2),
  })
  .map(({ protocol, transport, host: h, port: p, branch: b, received, rport, params }) => ({
    protocol, transport, host: h.host, port: p,
    params: [
      ...(b === undefined ? [] : [{ name: 'branch', value: b }]),
      ...(received === undefined ? [] : [{ name: 'received', value: received }]),
      ...(rport === null ? [] : [rport === undefined ? { name: 'rport' } : { name: 'rport', value: String(rport) }]),
      ...params,
    ],
  }))

export const seq: fc.Arbitrary<number> = fc.integer({ min: 0, max: 0xffffffff })
export const cseq: fc.Arbitrary<CSeq> = fc.record({ seq, method: token })

export const callId: fc.Arbitrary<string> = fc.tuple(word, fc.option(word, { nil: undefined })).map(([a, b]) => (b === undefined ? a : a + '@' + b))

export const replaces: fc.Arbitrary<Replaces> = fc.record({
  callId, toTag: token, fromTag: token, earlyOnly: fc.boolean(), params: headerParams(['to-tag', 'from-tag', 'early-only']),
})

export const targetDialog: fc.Arbitrary<TargetDialog> = fc.record({
  callId,
  remoteTag: fc.option(token, { nil: undefined }),
  localTag: fc.option(token, { nil: undefined }),
  params: headerParams(['remote-tag', 'local-tag']),
})

export const event: fc.Arbitrary<Event> = fc.record({
  package: token, id: fc.option(token, { nil: undefined }), params: headerParams(['id']),
})

const delta = fc.option(seq, { nil: undefined })
export const subscriptionState: fc.Arbitrary<SubscriptionState> = fc.record({
  state: fc.oneof(fc.constantFrom('active', 'pending', 'terminated'), lowerToken),
  reason: fc.option(fc.oneof(fc.constantFrom('noresource', 'timeout', 'deactivated', 'rejected'), lowerToken), { nil: undefined }),
  expires: delta,
  retryAfter: delta,
  params: headerParams(['reason', 'expires', 'retry-after']),
})

// ---------------------------------------------------------------------------
// Authentication (values stored unquoted)

const authParam: fc.Arbitrary<Param> = fc.record({
  name: fc.oneof(fc.constantFrom('realm', 'nonce', 'opaque', 'algorithm', 'qop', 'stale', 'domain', 'username', 'uri', 'response', 'nc', 'cnonce'), token),
  value: fc.oneof(token, text),
})
export const challenge: fc.Arbitrary<Challenge> = fc.record({
  scheme: fc.oneof(fc.constant('Digest'), token),
  params: fc.array(authParam, { maxLength: 5 }),
})
export const credentials: fc.Arbitrary<Credentials> = challenge
