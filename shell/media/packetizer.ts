/**
 * The sending side of one RTP stream as a pure state machine (RFC 3550 §5.1).
 * Every frame period advances the timestamp by the frame's sample count whether or not a
 * packet leaves (the media clock runs on through hold, §5.1 "monotonically and linearly");
 * the sequence number advances only per packet sent, and the first packet after silence
 * carries the marker bit (RFC 3551 §4.1, start of a talkspurt).
 */
import type { RtpPacket } from './rtp-packet.ts'

export interface SenderState {
  readonly ssrc: number
  /** Sequence number of the next packet. */
  readonly sequence: number
  /** RTP timestamp of the next frame. */
  readonly timestamp: number
  /** Index of the next frame's first sample in the audio source. */
  readonly sample: number
  /** Whether the previous frame was sent (no marker needed). */
  readonly talking: boolean
}

/** Initial values; SSRC, sequence and timestamp should be random (§5.1, §8). */
export const initialSender = (ssrc: number, sequence: number, timestamp: number): SenderState => ({
  ssrc: ssrc >>> 0,
  sequence: sequence & 0xffff,
  timestamp: timestamp >>> 0,
  sample: 0,
  talking: false,
})

/** The packet for the current frame, and the state after it. */
export const sendFrame = (
  state: SenderState,
  payloadType: number,
  payload: Uint8Array,
  samples: number,
): readonly [RtpPacket, SenderState] => [
  {
    marker: !state.talking,
    payloadType,
    sequence: state.sequence,
    timestamp: state.timestamp,
    ssrc: state.ssrc,
    csrc: [],
    payload,
  },
  {
    ...state,
    sequence: (state.sequence + 1) & 0xffff,
    timestamp: (state.timestamp + samples) >>> 0,
    sample: state.sample + samples,
    talking: true,
  },
]

/** A frame period with nothing sent (hold, inactive, no remote). */
export const skipFrame = (state: SenderState, samples: number): SenderState => ({
  ...state,
  timestamp: (state.timestamp + samples) >>> 0,
  sample: state.sample + samples,
  talking: false,
})
