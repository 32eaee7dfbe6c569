/**
 * Errors of the offer/answer functions (RFC 3264).
 */

/** Why no answer could be made, or why an answer does not fit its offer. */
export interface OfferAnswerError {
  /** not-acceptable: answer the offer with 488 (RFC 3261 §13.3.1.1, RFC 3264 §6). */
  readonly type: 'not-acceptable' | 'invalid-answer'
  readonly reason: string
}
