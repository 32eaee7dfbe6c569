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

// ---------------------------------------------------------------------------
// Recognising a received name without allocating (used by parse.ts).
//
// The parser folds each name character into `nameHash` while it checks the token
// grammar, then `knownName` finds the slot in an open-addressed table and compares
// the spelling; a hit gives the interned key and canonical name, no slice, no
// toLowerCase, no Map lookup. A miss (unknown header) takes the general path.

/** One step of the case-insensitive name hash: `h = nameHash(h, charCode)`. */
export const nameHash = (h: number, c: number): number => (Math.imul(h, 31) + (c | 0x20)) | 0

const SLOTS = 512 // power of two, well above the 83 spellings
const slotSpelling: Array<string | undefined> = new Array<string | undefined>(SLOTS).fill(undefined)
const slotKey: Array<string> = new Array<string>(SLOTS).fill('')
const slotName: Array<string> = new Array<string>(SLOTS).fill('')

const hashOf = (lower: string): number => {
  let h = 0
  for (let k = 0; k < lower.length; k++) h = nameHash(h, lower.charCodeAt(k))
  return h
}

const addSpelling = (lower: string, key: string, name: string): void => {
  let slot = hashOf(lower) & (SLOTS - 1)
  while (slotSpelling[slot] !== undefined) slot = (slot + 1) & (SLOTS - 1)
  slotSpelling[slot] = lower
  slotKey[slot] = key
  slotName[slot] = name
}

for (const [key, name] of byKey) addSpelling(key, key, name)
for (const [letter, key] of Object.entries(compactToKey)) {
  const name = byKey.get(key)
  if (name !== undefined) addSpelling(letter, key, name)
}

/**
 * The slot of the known spelling `s[from, to)` whose `nameHash` is `hash`, or -1.
 * `s[from, to)` must hold token characters only (so `| 0x20` folds letters and
 * nothing else onto a name character).
 */
export const knownName = (s: string, from: number, to: number, hash: number): number => {
  const len = to - from
  for (let slot = hash & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
    const spelling = slotSpelling[slot]
    if (spelling === undefined) return -1
    if (spelling.length !== len) continue
    let k = 0
    while (k < len && (s.charCodeAt(from + k) | 0x20) === spelling.charCodeAt(k)) k++
    if (k === len) return slot
  }
}

/** `knownName` on bytes: the spelling is `bytes[from, to)` (token characters only). */
export const knownNameIn = (bytes: Uint8Array, from: number, to: number, hash: number): number => {
  const len = to - from
  for (let slot = hash & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
    const spelling = slotSpelling[slot]
    if (spelling === undefined) return -1
    if (spelling.length !== len) continue
    let k = 0
    while (k < len && ((bytes[from + k] as number) | 0x20) === spelling.charCodeAt(k)) k++
    if (k === len) return slot
  }
}

/** Lower-case long key of a slot from `knownName`. */
export const slotKeyOf = (slot: number): string => slotKey[slot] as string
/** Canonical name of a slot from `knownName`. */
export const slotNameOf = (slot: number): string => slotName[slot] as string
