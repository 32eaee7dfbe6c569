/**
 * Header names: canonical spelling and compact forms (RFC 3261 §7.3.3, §20;
 * RFC 3515 `r`, RFC 3892 `b`, RFC 6665 `o` `u`, RFC 4028 `x`, RFC 3841 `a` `j` `d`).
 */

const canonicalNames: ReadonlyArray<string> = [
  'Accept', 'Accept-Contact', 'Accept-Encoding', 'Accept-Language', 'Alert-Info', 'Allow',
  'Allow-Events', 'Authentication-Info', 'Authorization', 'Call-ID', 'Call-Info', 'Contact',
  'Content-Disposition', 'Content-Encoding', 'Content-ID', 'Content-Language', 'Content-Length',
  'Content-Type', 'CSeq', 'Date', 'Error-Info', 'Event', 'Expires', 'From', 'Identity',
  'Identity-Info', 'In-Reply-To', 'Max-Forwards', 'Min-Expires', 'MIME-Version', 'Organization',
  'P-Asserted-Identity', 'Priority', 'Proxy-Authenticate', 'Proxy-Authorization',
  'Proxy-Require', 'RAck', 'Reason', 'Record-Route', 'Refer-Sub', 'Refer-To', 'Referred-By',
  'Reject-Contact', 'Replaces', 'Reply-To', 'Request-Disposition', 'Require', 'Retry-After',
  'Route', 'RSeq', 'Server', 'Session-Expires', 'Subject', 'Subscription-State', 'Supported',
  'Target-Dialog', 'Timestamp', 'To', 'Unsupported', 'User-Agent', 'Via', 'Warning',
  'WWW-Authenticate',
]

const byKey: ReadonlyMap<string, string> = new Map(canonicalNames.map((n) => [n.toLowerCase(), n]))

/** Compact form (one letter, lower case) to the long form's key. */
const compactToKey: Readonly<Record<string, string>> = {
  a: 'accept-contact', b: 'referred-by', c: 'content-type', d: 'request-disposition',
  e: 'content-encoding', f: 'from', i: 'call-id', j: 'reject-contact', k: 'supported',
  l: 'content-length', m: 'contact', n: 'identity-info', o: 'event', r: 'refer-to',
  s: 'subject', t: 'to', u: 'allow-events', v: 'via', x: 'session-expires', y: 'identity',
}

const keyToCompact: ReadonlyMap<string, string> = new Map(
  Object.entries(compactToKey).map(([c, k]) => [k, c]),
)

/** The lookup key for a received header name: lower case, compact forms expanded. */
export const headerKey = (name: string): string => {
  const lower = name.toLowerCase()
  return lower.length === 1 ? (compactToKey[lower] ?? lower) : lower
}

/** Canonical spelling for a key, or undefined when the header is not one we know. */
export const canonicalName = (key: string): string | undefined => byKey.get(key)

/** The compact form of a header key, if it has one. */
export const compactName = (key: string): string | undefined => keyToCompact.get(key)
