/** Two ends' local media for tests: PCMU only, alice on 192.0.2.1:4000, bob on 192.0.2.2:5000. */
import type { LocalMedia } from '../local-media.ts'

export const aliceMedia: LocalMedia = {
  address: '192.0.2.1',
  port: 4000,
  codecs: [{ name: 'PCMU', payloadType: 0, clockRate: 8000 }],
  direction: 'sendrecv',
  sessionId: '1',
  version: '1',
}

export const bobMedia: LocalMedia = { ...aliceMedia, address: '192.0.2.2', port: 5000 }
