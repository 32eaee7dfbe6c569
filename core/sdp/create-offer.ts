/**
 * The initial offer (RFC 3264 §5): one audio stream with our codecs in preference
 * order, at our address and port, with our direction.
 */
import type { Sdp } from './types.ts'
import type { LocalMedia } from './local-media.ts'
import { audioMedia, localSession } from './local-description.ts'

export const createOffer = (local: LocalMedia): Sdp =>
  localSession(local, [{ start: '0', stop: '0', repeats: [] }], [
    audioMedia(local.port, local.codecs, local.direction, local.ptime),
  ])
