/** The two hash functions of digest, as lower-case hex (RFC 7616 §3.4: "lowercase hex"). */
import { md5 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { DigestHash } from './digest-algorithm.ts'

/** H(data): strings are hashed as UTF-8 (RFC 7616 §3.4.4 charset=UTF-8; ASCII is the same bytes). */
export const digestHex = (hash: DigestHash, data: string | Uint8Array): string => {
  const bytes = typeof data === 'string' ? utf8ToBytes(data) : data
  return bytesToHex(hash === 'SHA-256' ? sha256(bytes) : md5(bytes))
}

/** Compares two hex digests without an early exit (timing), case-insensitively. */
export const sameDigest = (a: string, b: string): boolean => {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  let diff = x.length ^ y.length
  const n = Math.max(x.length, y.length)
  for (let i = 0; i < n; i++) diff |= (x.charCodeAt(i) | 0) ^ (y.charCodeAt(i) | 0)
  return diff === 0
}
