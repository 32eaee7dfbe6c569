/**
 * The digest computation shared by client and server (RFC 7616 §3.4.1–§3.4.3,
 * RFC 2617 §3.2.2.1 for the legacy form without qop, RFC 3261 §22.4).
 */
import { hashOf, isSession, type DigestAlgorithm, type DigestHash } from './digest-algorithm.ts'
import { digestHex } from './digest-hash.ts'

export type Qop = 'auth' | 'auth-int'

/** What proves the user: the password, or a stored H(username:realm:password) of the algorithm's hash. */
export type DigestSecret = { readonly type: 'password'; readonly password: string } | { readonly type: 'ha1'; readonly ha1: string }

export interface DigestInput {
  readonly algorithm: DigestAlgorithm
  readonly username: string
  readonly realm: string
  readonly secret: DigestSecret
  readonly nonce: string
  readonly method: string
  /** The digest-uri exactly as sent in the `uri` parameter. */
  readonly uri: string
  /** Absent: the RFC 2617 legacy form `H(HA1:nonce:HA2)`. */
  readonly qop?: Qop
  /** 8 hex digits, as sent. Used only with qop. */
  readonly nc?: string
  /** Used with qop and by the -sess variants. */
  readonly cnonce?: string
  /** The message body, for qop=auth-int (empty when absent, RFC 3261 §22.4). */
  readonly body?: Uint8Array
}

/** H(username:realm:password), the A1 of the plain algorithms (RFC 7616 §3.4.2). */
export const digestHa1 = (hash: DigestHash, username: string, realm: string, password: string): string =>
  digestHex(hash, `${username}:${realm}:${password}`)

/** RFC 7616 §3.4.2: -sess A1 is H(username:realm:passwd):nonce:cnonce. */
const sessionHa1 = (input: DigestInput, hash: DigestHash): string => {
  const base = input.secret.type === 'password' ? digestHa1(hash, input.username, input.realm, input.secret.password) : input.secret.ha1.toLowerCase()
  return isSession(input.algorithm) ? digestHex(hash, `${base}:${input.nonce}:${input.cnonce ?? ''}`) : base
}

/** RFC 7616 §3.4.3: A2 is method:uri, plus :H(entity-body) for auth-int. */
const ha2 = (input: DigestInput, hash: DigestHash): string =>
  input.qop === 'auth-int'
    ? digestHex(hash, `${input.method}:${input.uri}:${digestHex(hash, input.body ?? new Uint8Array(0))}`)
    : digestHex(hash, `${input.method}:${input.uri}`)

/** The request-digest: the `response` parameter's value. */
export const computeDigestResponse = (input: DigestInput): string => {
  const hash = hashOf(input.algorithm)
  const a1 = sessionHa1(input, hash)
  const a2 = ha2(input, hash)
  return input.qop === undefined
    ? digestHex(hash, `${a1}:${input.nonce}:${a2}`) // RFC 2617 §3.2.2.1, no qop
    : digestHex(hash, `${a1}:${input.nonce}:${input.nc ?? ''}:${input.cnonce ?? ''}:${input.qop}:${a2}`) // RFC 7616 §3.4.1
}
