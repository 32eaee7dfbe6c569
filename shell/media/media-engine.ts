/**
 * The `Media` service over real UDP sockets: one `MediaStream` per instruction `stream`
 * id, each in its own child scope of the service's scope, so `close` ends one stream
 * and the end of the service's scope ends them all.
 */
import { readFile } from 'node:fs/promises'
import { Effect, Either, ExecutionStrategy, Exit, Layer, Scope } from 'effect'
import type { HostPort, MediaInstruction } from '../../core/ua/io.ts'
import { mediaError, type MediaError } from './media-error.ts'
import { Media, type MediaPort, type MediaStats } from '../runtime/media-port.ts'
import { openStream, type MediaStream, type StreamSnapshot, type StreamSpec } from './media-stream.ts'
import { loopSource, silenceSource, toneSource, type SampleSource } from './sample-source.ts'
import { parseWav, WAV_RATE } from './wav.ts'

/** What every stream sends (G.711: 8 kHz samples). */
export type AudioSourceConfig =
  | { readonly type: 'tone'; readonly hz: number; readonly amplitude?: number }
  | { readonly type: 'wav'; readonly path: string }
  | { readonly type: 'samples'; readonly samples: Int16Array }
  | { readonly type: 'silence' }

export interface MediaConfig {
  readonly source?: AudioSourceConfig
  /** Packetisation interval, ms (default 20: 160 samples at 8 kHz). */
  readonly ptimeMs?: number
  /** Received audio kept per stream for `audio(call)`, ms (default 0). */
  readonly recordMs?: number
  /** Final statistics kept for this many closed streams (default 64). */
  readonly keepClosed?: number
}

/** The runtime's figures, plus what arrived while the call did not receive (hold). */
export interface MediaEngineStats extends MediaStats {
  /** RTP packets that arrived while every stream was sendonly or inactive: tracked, not played. */
  readonly packetsIgnored: number
}

/** The runtime's port (shell/runtime/media-port.ts) plus what tests and the CLI may want. */
export interface MediaEngine extends MediaPort {
  readonly stats: (call: string) => Effect.Effect<MediaEngineStats | undefined>
  /** `apply`, with the failure instead of a log line. */
  readonly applyOrFail: (instruction: MediaInstruction) => Effect.Effect<void, MediaError>
  /** Received audio of the call's first stream (see `recordMs`). */
  readonly audio: (call: string) => Effect.Effect<Int16Array>
  readonly streams: Effect.Effect<readonly StreamSnapshot[]>
}

/** Load the audio source; a WAV file that is not 16-bit mono 8 kHz PCM is refused. */
export const loadSource = (config: AudioSourceConfig): Effect.Effect<SampleSource, MediaError> => {
  switch (config.type) {
    case 'tone':
      return Effect.succeed(toneSource(config.hz, WAV_RATE, config.amplitude))
    case 'samples':
      return Effect.succeed(loopSource(config.samples))
    case 'silence':
      return Effect.succeed(silenceSource)
    case 'wav':
      return Effect.tryPromise({
        try: () => readFile(config.path),
        catch: (e) => mediaError(undefined, `cannot read ${config.path}: ${e instanceof Error ? e.message : String(e)}`),
      }).pipe(
        Effect.flatMap((data) =>
          Either.match(parseWav(data), {
            onLeft: (reason) => Effect.fail(mediaError(undefined, `${config.path}: ${reason}`)),
            onRight: (samples) => Effect.succeed(loopSource(samples)),
          }),
        ),
      )
  }
}

interface Entry {
  readonly stream: MediaStream
  readonly requested: HostPort
  readonly scope: Scope.CloseableScope
}

/** Same socket: same requested address, and the same port or "any" (0). */
const sameLocal = (entry: Entry, local: HostPort): boolean =>
  entry.requested.address === local.address && (local.port === 0 || local.port === entry.requested.port || local.port === entry.stream.local.port)

const sum = (xs: readonly StreamSnapshot[], f: (s: StreamSnapshot) => number): number => xs.reduce((n, s) => n + f(s), 0)

const aggregate = (call: string, active: boolean, snapshots: readonly StreamSnapshot[]): MediaEngineStats | undefined => {
  const first = snapshots[0]
  if (first === undefined) return undefined
  return {
    call,
    active,
    packetsSent: sum(snapshots, (s) => s.packetsSent),
    packetsReceived: sum(snapshots, (s) => s.packetsReceived),
    packetsIgnored: sum(snapshots, (s) => s.packetsIgnored),
    lost: sum(snapshots, (s) => s.lost),
    jitterMs: Math.max(...snapshots.map((s) => s.jitterMs)),
    remote: first.remote,
    lastSender: first.lastSender,
    local: first.local,
    direction: first.direction,
  }
}

/** A Media engine living as long as the current scope. */
export const makeMedia = (config: MediaConfig = {}): Effect.Effect<MediaEngine, MediaError, Scope.Scope> =>
  Effect.gen(function* () {
    const source = yield* loadSource(config.source ?? { type: 'silence' })
    const options = { source, ptimeMs: config.ptimeMs ?? 20, recordMs: config.recordMs ?? 0 }
    const keepClosed = config.keepClosed ?? 64
    const scope = yield* Effect.scope
    const lock = yield* Effect.makeSemaphore(1)
    const open = new Map<string, Entry>()
    let closed: readonly StreamSnapshot[] = []

    const start = (spec: StreamSpec) =>
      Effect.gen(function* () {
        const child = yield* Scope.fork(scope, ExecutionStrategy.sequential)
        const stream = yield* openStream(spec, options).pipe(
          Scope.extend(child),
          Effect.tapError(() => Scope.close(child, Exit.void)),
        )
        closed = closed.filter((s) => s.stream !== spec.stream)
        open.set(spec.stream, { stream, requested: spec.local, scope: child })
      })

    const stop = (id: string) =>
      Effect.gen(function* () {
        const entry = open.get(id)
        if (entry === undefined) return
        open.delete(id)
        const last = yield* entry.stream.snapshot
        yield* Scope.close(entry.scope, Exit.void)
        closed = [...closed, last].slice(-keepClosed)
      })

    const applyOrFail = (instruction: MediaInstruction): Effect.Effect<void, MediaError> =>
      lock.withPermits(1)(
        Effect.suspend(() => {
          if (instruction.type === 'close') return stop(instruction.stream)
          const entry = open.get(instruction.stream)
          if (entry === undefined) return start(instruction)
          if (sameLocal(entry, instruction.local)) return entry.stream.reconfigure(instruction)
          return Effect.zipRight(stop(instruction.stream), start(instruction)) // a new local port: rebind
        }),
      )

    const apply = (instruction: MediaInstruction): Effect.Effect<void> =>
      applyOrFail(instruction).pipe(
        Effect.catchAll((e) => Effect.logWarning(`media ${instruction.type} ${e.stream ?? instruction.stream}: ${e.reason}`)),
      )

    const streams = Effect.suspend(() => Effect.forEach([...open.values()], (e) => e.stream.snapshot))

    const stats = (call: string) =>
      Effect.map(streams, (snapshots) => {
        const live = snapshots.filter((s) => s.call === call)
        return live.length > 0 ? aggregate(call, true, live) : aggregate(call, false, closed.filter((s) => s.call === call))
      })

    const audio = (call: string) => {
      const entry = [...open.values()].find((e) => e.stream.call === call)
      return entry === undefined ? Effect.succeed(new Int16Array(0)) : entry.stream.audio
    }

    return { apply, applyOrFail, stats, audio, streams }
  })

/** The runtime's `Media` port served by this engine; fails to build when the audio source is unusable. */
export const mediaLayer = (config: MediaConfig = {}): Layer.Layer<Media, MediaError> => Layer.scoped(Media, makeMedia(config))
