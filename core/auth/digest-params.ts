/** Reading and writing the auth-params of Challenge and Credentials values. */
import type { Param } from '../message/types.ts'

/** Digest is matched case-insensitively (RFC 7235 §2.1 via RFC 7616 §3.3; RFC 3261 §25.1). */
export const isDigestScheme = (scheme: string): boolean => scheme.toLowerCase() === 'digest'

/**
 * The value of the first parameter called `name` (auth-param names are case-insensitive,
 * RFC 7235 §2.1). A flag without a value reads as undefined.
 */
export const paramValue = (params: ReadonlyArray<Param>, name: string): string | undefined => {
  const wanted = name.toLowerCase()
  const found = params.find((p) => p.name.toLowerCase() === wanted)
  return found?.value
}

/** Splits a `qop="auth, auth-int"` list into lower-case tokens (RFC 7616 §3.3). */
export const splitTokens = (value: string): ReadonlyArray<string> =>
  value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0)

/** nc is exactly 8 hex digits (RFC 7616 §3.4, RFC 3261 §25.1 nc-value = 8LHEX). */
export const formatNc = (nc: number): string => nc.toString(16).padStart(8, '0')

export const parseNc = (value: string | undefined): number | undefined =>
  value !== undefined && /^[0-9a-fA-F]{8}$/.test(value) ? Number.parseInt(value, 16) : undefined

/** The largest nonce count that fits 8 hex digits. */
export const maxNc = 0xffffffff

export const isValidNc = (nc: number): boolean => Number.isInteger(nc) && nc >= 1 && nc <= maxNc

/** Builds a param list, leaving out absent values. */
export const params = (entries: ReadonlyArray<readonly [string, string | undefined]>): ReadonlyArray<Param> =>
  entries.flatMap(([name, value]) => (value === undefined ? [] : [{ name, value }]))
