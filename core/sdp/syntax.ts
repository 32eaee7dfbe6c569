/**
 * Character classes of the SDP grammar (RFC 4566 §9, RFC 8866 §9), as predicates.
 */

// token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
const TOKEN = /^[\x21\x23-\x27\x2A\x2B\x2D\x2E\x30-\x39\x41-\x5A\x5E-\x7E]+$/
// proto = token *("/" token)
const PROTO = /^[\x21\x23-\x27\x2A\x2B\x2D\x2E\x30-\x39\x41-\x5A\x5E-\x7E]+(?:\/[\x21\x23-\x27\x2A\x2B\x2D\x2E\x30-\x39\x41-\x5A\x5E-\x7E]+)*$/
const DIGITS = /^[0-9]+$/
// typed-time = 1*DIGIT [fixed-len-time-unit]; fixed-len-time-unit = d / h / m / s
const TYPED_TIME = /^[0-9]+[dhms]?$/
// z= offsets may be negative: ["-"] typed-time
const SIGNED_TYPED_TIME = /^-?[0-9]+[dhms]?$/
const LETTER = /^[A-Za-z]$/

export const isToken = (s: string): boolean => TOKEN.test(s)
export const isProto = (s: string): boolean => PROTO.test(s)
export const isDigits = (s: string): boolean => DIGITS.test(s)
export const isTypedTime = (s: string): boolean => TYPED_TIME.test(s)
export const isSignedTypedTime = (s: string): boolean => SIGNED_TYPED_TIME.test(s)
export const isTypeLetter = (s: string): boolean => LETTER.test(s)

/**
 * byte-string = 1*(%x01-09/%x0B-0C/%x0E-FF): text may hold anything but NUL, CR and LF.
 * Returns the index of the first forbidden character, or -1. (Empty text is accepted:
 * `s=` with nothing after it is common on the wire, e.g. RFC 5118 §4.5.)
 */
export const firstNonTextIndex = (s: string): number => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0 || c === 10 || c === 13) return i
  }
  return -1
}
