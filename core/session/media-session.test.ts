import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { aliceMedia, bobMedia } from '../sdp/testing/local-media.ts'
import { closedSession, makeOffer, newMediaSession, receiveAnswer, receiveOffer } from './media-session.ts'

const alice = aliceMedia
const bob = bobMedia

describe('closedSession', () => {
  it('keeps the template and the hold flags, drops the descriptions and the negotiated stream', () => {
    const [offer, offered] = makeOffer(newMediaSession(alice), true)
    const answered = receiveOffer(newMediaSession(bob), offer)
    if (E.isLeft(answered)) throw new Error('no answer')
    const done = receiveAnswer(offered, answered.right[0])
    if (E.isLeft(done)) throw new Error('answer refused')
    expect(done.right.negotiated).toBeDefined()
    const closed = closedSession(done.right)
    expect(closed).toEqual({ template: alice, local: undefined, remote: undefined, offerer: 'local', state: 'stable', localHold: true, remoteHold: false })
  })
})
