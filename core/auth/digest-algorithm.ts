/**
 * Digest algorithms this stack implements (RFC 7616 §3.3, RFC 8760 §2.1).
 * SHA-512-256 is registered too but not implemented here; challenges naming it are
 * ignored by the client (RFC 8760 §2.4: ignore what you do not understand).
 */
import * as O from 'fp-ts/lib/Option.js'

export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess'

/** The hash function under an algorithm; also what a stored HA1 is computed with. */
export type DigestHash = 'MD5' | 'SHA-256'

export const digestAlgorithms: ReadonlyArray<DigestAlgorithm> = ['SHA-256', 'SHA-256-sess', 'MD5', 'MD5-sess']

/**
 * Reads an `algorithm` parameter. Absent means MD5 (RFC 7616 §3.3, RFC 3261 §22.4).
 * Matched case-insensitively: deployed servers write `md5` and `MD5-Sess`.
 */
export const parseDigestAlgorithm = (token: string | undefined): O.Option<DigestAlgorithm> => {
  if (token === undefined) return O.some('MD5')
  switch (token.trim().toUpperCase()) {
    case 'MD5':
      return O.some('MD5')
    case 'MD5-SESS':
      return O.some('MD5-sess')
    case 'SHA-256':
      return O.some('SHA-256')
    case 'SHA-256-SESS':
      return O.some('SHA-256-sess')
    default:
      return O.none
  }
}

export const hashOf = (algorithm: DigestAlgorithm): DigestHash =>
  algorithm === 'SHA-256' || algorithm === 'SHA-256-sess' ? 'SHA-256' : 'MD5'

/** `-sess` variants hash the nonce and cnonce into A1 (RFC 7616 §3.4.2). */
export const isSession = (algorithm: DigestAlgorithm): boolean => algorithm === 'MD5-sess' || algorithm === 'SHA-256-sess'

/** Client preference: SHA-256 over MD5 (RFC 8760 §2.4 allows local policy; RFC 7616 §3.7 prefers the stronger). */
export const algorithmStrength = (algorithm: DigestAlgorithm): number => (hashOf(algorithm) === 'SHA-256' ? 2 : 1)
