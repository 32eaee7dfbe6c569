/**
 * Re-offers that put our streams on hold and take them off it (RFC 3264 §8.4), built
 * from the description we sent last. RFC 3264 §8: "the version in the origin field
 * MUST increment by one from the previous SDP. If the version in the origin line does
 * not increment, the SDP MUST be identical to the SDP with that version number."
 */
import type { Sdp, SdpAttribute, StreamDirection } from './types.ts'
import { declaredDirection, holdDirection, isStreamDirection, resumeDirection, withDirectionAttribute } from './direction.ts'
import { isDigits } from './syntax.ts'

/**
 * A decimal string plus one, digit by digit, so 64-bit values never lose precision.
 * (A version that is not digits, which parseSdp never yields, restarts at "1".)
 */
const incrementDecimal = (digits: string): string => {
  if (!isDigits(digits)) return '1'
  const out: Array<string> = []
  let carry = 1
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = digits.charCodeAt(i) - 48 + carry
    carry = d > 9 ? 1 : 0
    out.push(String(d % 10))
  }
  if (carry) out.push('1')
  return out.reverse().join('')
}

/** The same description with o= sess-version one higher. */
export const incrementVersion = (sdp: Sdp): Sdp => ({
  ...sdp,
  origin: { ...sdp.origin, sessionVersion: incrementDecimal(sdp.origin.sessionVersion) },
})

const isDirectionAttribute = (a: SdpAttribute): boolean => a.type === 'property' && isStreamDirection(a.name)

/**
 * Applies `change` to the direction of every enabled stream (port 0 streams stay as
 * they are, RFC 3264 §8.2). Directions move to media level so that each stream says
 * its own. Unchanged directions give back `previous` itself, version included.
 */
const changeDirections = (previous: Sdp, change: (d: StreamDirection) => StreamDirection): Sdp => {
  const enabled = previous.media.filter((m) => m.port !== 0)
  const changed = enabled.some((m) => change(declaredDirection(previous, m)) !== declaredDirection(previous, m))
  if (!changed) return previous
  return incrementVersion({
    ...previous,
    attributes: previous.attributes.filter((a) => !isDirectionAttribute(a)),
    media: previous.media.map((m) => {
      const d = declaredDirection(previous, m)
      return m.port === 0 ? m : { ...m, attributes: withDirectionAttribute(m.attributes, change(d)) }
    }),
  })
}

/** sendrecv -> sendonly, recvonly -> inactive (RFC 3264 §8.4). */
export const holdOffer = (previous: Sdp): Sdp => changeDirections(previous, holdDirection)

/**
 * Takes the hold back: sendonly -> sendrecv, inactive -> recvonly, or every enabled
 * stream to `direction` when given.
 */
export const resumeOffer = (previous: Sdp, direction?: StreamDirection): Sdp =>
  changeDirections(previous, (d) => direction ?? resumeDirection(d))
