/**
 * One RTP stream of one call: a bound UDP socket, a frame clock that packetises the
 * audio source every `ptime` (RFC 3551 §4.2: 20 ms for G.711, 160 samples at 8 kHz),
 * and a receiver that keeps RFC 3550 reception statistics. Remote, direction and codec
 * change in place (`reconfigure`), so hold and transfer never rebind the port.
 */
import { randomBytes } from 'node:crypto'
import { Effect, Either, type Scope } from 'effect'
import type { HostPort, MediaDirection, MediaInstruction } from '../../core/ua/io.ts'
import { mediaError, type MediaError } from './media-error.ts'
import { initialSender, sendFrame, skipFrame, type SenderState } from './packetizer.ts'
import { decoderFor, resolveCodec, type PayloadCodec } from './payload-codec.ts'
import { emptyReceiveStats, jitterMillis, lostPackets, receivePacket, type ReceiveStats } from './receive-stats.ts'
import { encodeRtp, parseRtp } from './rtp-packet.ts'
import type { SampleSource } from './sample-source.ts'
import { frameTimer, monotonicNanos } from './frame-timer.ts'
import { bindUdp, boundAddress } from './udp-socket.ts'

/** An `open` or `update` instruction. */
export type StreamSpec = Extract<MediaInstruction, { readonly type: 'open' | 'update' }>

export interface StreamOptions {
  /** What to send, by absolute sample index at the codec clock rate. */
  readonly source: SampleSource
  /** Packetisation interval in milliseconds (RFC 3551 §4.2 default 20). */
  readonly ptimeMs: number
  /** How much received audio to keep, decoded, for `audio()` (0: none). */
  readonly recordMs: number
}

export interface StreamSnapshot {
  readonly stream: string
  readonly call: string
  readonly local: HostPort
  readonly remote: HostPort
  readonly direction: MediaDirection
  readonly codec: string
  readonly ssrc: number
  readonly packetsSent: number
  readonly packetsReceived: number
  readonly packetsIgnored: number
  readonly lost: number
  readonly jitterMs: number
  readonly lastSender: HostPort | undefined
}

export interface MediaStream {
  readonly stream: string
  readonly call: string
  readonly local: HostPort
  /** New remote, direction or codec; the socket stays. */
  readonly reconfigure: (spec: StreamSpec) => Effect.Effect<void, MediaError>
  readonly snapshot: Effect.Effect<StreamSnapshot>
  /** The most recent `recordMs` of received audio, decoded, in arrival order. */
  readonly audio: Effect.Effect<Int16Array>
}

export const sends = (d: MediaDirection): boolean => d === 'sendrecv' || d === 'sendonly'
export const receives = (d: MediaDirection): boolean => d === 'sendrecv' || d === 'recvonly'

/** A zero port or an unspecified address (RFC 3264 §8.4 hold by c=0.0.0.0) means: send nowhere. */
const reachable = (remote: HostPort): boolean =>
  remote.port > 0 && remote.address !== '0.0.0.0' && remote.address !== '::' && remote.address !== ''

/** At most this many overdue frames are sent at once after the event loop stalled; older ones are skipped. */
const MAX_BURST = 3

const random32 = (): number => randomBytes(4).readUInt32BE(0)

interface Settings {
  readonly remote: HostPort
  readonly direction: MediaDirection
  readonly codec: PayloadCodec
}

const settingsOf = (spec: StreamSpec): Either.Either<Settings, MediaError> =>
  resolveCodec(spec.codec).pipe(
    Either.map((codec) => ({ remote: spec.remote, direction: spec.direction, codec })),
    Either.mapLeft((reason) => mediaError(spec.stream, reason)),
  )

/** Bind, start the frame clock and the receiver; everything stops when the scope closes. */
export const openStream = (spec: StreamSpec, options: StreamOptions): Effect.Effect<MediaStream, MediaError, Scope.Scope> =>
  Effect.gen(function* () {
    let settings = yield* settingsOf(spec)
    const socket = yield* bindUdp(spec.stream, spec.local)
    const local = boundAddress(socket)
    const start = monotonicNanos()
    const samplesPerFrame = Math.round((settings.codec.clockRate * options.ptimeMs) / 1000)

    // Mutable cells of this stream; written by the frame clock, the socket callbacks and reconfigure.
    let sender: SenderState = initialSender(random32(), random32(), random32())
    let frames = 0
    let sent = 0
    let received: ReceiveStats = emptyReceiveStats
    const recording: Int16Array[] = []
    let recorded = 0
    const recordLimit = Math.round((settings.codec.clockRate * options.recordMs) / 1000)

    const record = (samples: Int16Array) => {
      if (recordLimit === 0) return
      recording.push(samples)
      recorded += samples.length
      while (recording.length > 1 && recorded - (recording[0]?.length ?? 0) >= recordLimit) {
        recorded -= recording.shift()?.length ?? 0
      }
    }

    socket.on('message', (data: Buffer, from) => {
      const parsed = parseRtp(data)
      if (Either.isLeft(parsed)) return
      const packet = parsed.right
      const counted = receives(settings.direction)
      const arrival = (Number(monotonicNanos() - start) * settings.codec.clockRate) / 1e9
      received = receivePacket(received, { ...packet, arrival, from: { address: from.address, port: from.port }, counted })
      if (!counted) return
      const decoder = decoderFor(settings.codec, packet.payloadType)
      if (decoder !== undefined) record(decoder.decode(packet.payload))
    })

    const playFrame = () => {
      const { remote, direction, codec } = settings
      if (!sends(direction) || !reachable(remote)) {
        sender = skipFrame(sender, samplesPerFrame)
        return
      }
      const payload = codec.encode(options.source(sender.sample, samplesPerFrame))
      const [packet, next] = sendFrame(sender, codec.payloadType, payload, samplesPerFrame)
      sender = next
      socket.send(encodeRtp(packet), remote.port, remote.address, (error) => {
        if (error === null || error === undefined) sent++
      })
    }

    /** Play every frame due (frame k at start + k·ptime), so timestamps follow real time. */
    const playDue = (due: number) => {
      while (due - frames > MAX_BURST) {
        sender = skipFrame(sender, samplesPerFrame)
        frames++
      }
      while (frames < due) {
        playFrame()
        frames++
      }
    }
    yield* frameTimer(options.ptimeMs, playDue)

    const snapshot = Effect.sync(
      (): StreamSnapshot => ({
        stream: spec.stream,
        call: spec.call,
        local,
        remote: settings.remote,
        direction: settings.direction,
        codec: settings.codec.name,
        ssrc: sender.ssrc,
        packetsSent: sent,
        packetsReceived: received.packets,
        packetsIgnored: received.ignored,
        lost: lostPackets(received),
        jitterMs: jitterMillis(received, settings.codec.clockRate),
        lastSender: received.lastSender,
      }),
    )

    const audio = Effect.sync(() => {
      const out = new Int16Array(recorded)
      let at = 0
      for (const chunk of recording) {
        out.set(chunk, at)
        at += chunk.length
      }
      return out
    })

    const reconfigure = (next: StreamSpec) =>
      Effect.map(settingsOf(next), (s) => {
        settings = s
      })

    return { stream: spec.stream, call: spec.call, local, reconfigure, snapshot, audio }
  })
