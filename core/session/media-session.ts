/**
 * The offer/answer state of one INVITE session (RFC 3264; RFC 3261 §13.2.1, §14):
 * the last local and remote descriptions, who offered, a pending offer, and hold.
 * Pure data and functions; the UA decides when offers go out.
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  createAnswer,
  createOffer,
  holdOffer,
  incrementVersion,
  isHeld,
  negotiatedMedia,
  resumeOffer,
  type LocalMedia,
  type NegotiatedMedia,
  type OfferAnswerError,
  type Sdp,
} from '../sdp/index.ts'

export type OfferState = 'stable' | 'local-offer' | 'remote-offer'

export interface MediaSession {
  /** Address, port, codecs and ids of our side. */
  readonly template: LocalMedia
  /** The last description we sent (offer or answer). */
  readonly local: Sdp | undefined
  /** The last description the peer sent. */
  readonly remote: Sdp | undefined
  /** Who made the offer of the last completed exchange. */
  readonly offerer: 'local' | 'remote' | undefined
  readonly state: OfferState
  /** We put the peer on hold (RFC 3264 §8.4). */
  readonly localHold: boolean
  /** The peer put us on hold: its last description does not want to receive. */
  readonly remoteHold: boolean
  /** What to restore when a re-INVITE fails (§14.1: the session stays as it was). */
  readonly previous?: { readonly local: Sdp | undefined; readonly localHold: boolean }
  /** The stream the last completed exchange agreed on (computed once, when it completed). */
  readonly negotiated?: NegotiatedMedia
}

export const newMediaSession = (template: LocalMedia): MediaSession => ({
  template,
  local: undefined,
  remote: undefined,
  offerer: undefined,
  state: 'stable',
  localHold: false,
  remoteHold: false,
  // Present from the start, so updates overwrite and every session keeps one V8 shape.
  previous: undefined,
  negotiated: undefined,
})

const heldBy = (sdp: Sdp): boolean => {
  const audio = sdp.media.find((m) => m.media === 'audio' && m.port !== 0)
  return audio !== undefined && isHeld(sdp, audio)
}

/**
 * Make an offer: the first one from the template; later ones from our last description
 * with the version incremented and the direction for `hold` (RFC 3264 §8, §8.4).
 */
export const makeOffer = (session: MediaSession, hold: boolean = session.localHold): readonly [Sdp, MediaSession] => {
  const offer =
    session.local === undefined
      ? createOffer({ ...session.template, direction: hold ? 'sendonly' : 'sendrecv' })
      : hold
        ? holdOffer(session.local)
        : session.localHold
          ? resumeOffer(session.local, 'sendrecv')
          : incrementVersion(session.local)
  return [
    offer,
    { ...session, local: offer, state: 'local-offer', localHold: hold, previous: { local: session.local, localHold: session.localHold } },
  ]
}

/** Answer the peer's offer (RFC 3264 §6); a failure means 488 (§13.3.1.1). */
export const receiveOffer = (session: MediaSession, offer: Sdp): E.Either<OfferAnswerError, readonly [Sdp, MediaSession]> => {
  const version = session.local === undefined ? session.template.version : incrementVersion(session.local).origin.sessionVersion
  const answer = createAnswer(offer, { ...session.template, version, direction: session.localHold ? 'sendonly' : 'sendrecv' })
  if (E.isLeft(answer)) return answer
  const checked = negotiatedMedia(offer, answer.right, false)
  if (E.isLeft(checked)) return checked
  return E.right([
    answer.right,
    { ...session, local: answer.right, remote: offer, offerer: 'remote', state: 'stable', remoteHold: heldBy(offer), previous: undefined, negotiated: checked.right },
  ])
}

/** Take the peer's answer to our pending offer (RFC 3264 §7). */
export const receiveAnswer = (session: MediaSession, answer: Sdp): E.Either<OfferAnswerError, MediaSession> => {
  if (session.state !== 'local-offer' || session.local === undefined) {
    return E.left({ type: 'invalid-answer', reason: 'an answer arrived with no offer outstanding' })
  }
  const checked = negotiatedMedia(session.local, answer, true)
  if (E.isLeft(checked)) return checked
  return E.right({ ...session, remote: answer, offerer: 'local', state: 'stable', remoteHold: heldBy(answer), previous: undefined, negotiated: checked.right })
}

/**
 * The SDP of a 2xx to an INVITE (RFC 3261 §13.2.1, RFC 3264): the answer to the offer it
 * carried, or, when it carried none, our offer (the answer then comes in the ACK).
 * A Left means the offer is not acceptable: 488.
 */
/** What a 2xx to an INVITE carries, and the session after it. */
export interface Sdp2xx {
  readonly sdp: Sdp
  readonly session: MediaSession
  readonly offeredInResponse: boolean
}

export const sdpFor2xx = (session: MediaSession, offer: Sdp | undefined): E.Either<OfferAnswerError, Sdp2xx> => {
  if (offer === undefined) {
    const [sdp, next] = makeOffer(session)
    return E.right({ sdp, session: next, offeredInResponse: true })
  }
  const answered = receiveOffer({ ...session, state: 'stable' }, offer)
  return E.map(([sdp, next]: readonly [Sdp, MediaSession]) => ({ sdp, session: next, offeredInResponse: false }))(answered)
}

/** §14.1: a re-INVITE that failed leaves the session as it was before the offer. */
export const rollbackOffer = (session: MediaSession): MediaSession =>
  session.state !== 'local-offer' || session.previous === undefined
    ? { ...session, state: 'stable' }
    : { ...session, local: session.previous.local, localHold: session.previous.localHold, state: 'stable', previous: undefined }

/**
 * The session of a call that is over: the flags and template stay, the descriptions go.
 * An ended call can wait 64·T1 for its transactions (RFC 6026); its SDP was most of what it held.
 */
export const closedSession = (session: MediaSession): MediaSession => ({
  template: session.template,
  local: undefined,
  remote: undefined,
  offerer: session.offerer,
  state: 'stable',
  localHold: session.localHold,
  remoteHold: session.remoteHold,
})

/** The stream the RTP layer should run, once an exchange has completed. */
export const currentMedia = (session: MediaSession): NegotiatedMedia | undefined => session.negotiated

/** Point the template at another local port or address (a new call leg, a transfer). */
export const withTemplate = (session: MediaSession, template: LocalMedia): MediaSession => ({ ...session, template })
