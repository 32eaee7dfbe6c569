/** Test helpers: user agents on loopback, their events collected, and waits on them. */
import { Duration, Effect, Layer, Logger, LogLevel, Scope } from 'effect'
import type { UaConfigInput } from '../../../core/ua/index.ts'
import { parseListenSpec, transportLayer, type ListenSpec } from '../../transport/index.ts'
import { noMediaLayer } from '../media-port.ts'
import { makeUaRuntime, type RuntimeEvent, type UaRuntime } from '../ua-runtime.ts'

export interface TestUa {
  readonly rt: UaRuntime
  readonly seen: Array<RuntimeEvent>
  /** The first event after the last one `next` returned that matches. */
  readonly next: (pred: (e: RuntimeEvent) => boolean, label?: string, ms?: number) => Effect.Effect<RuntimeEvent, Error>
}

export const spec = (text: string): ListenSpec => {
  const r = parseListenSpec(text)
  if (r._tag === 'Left') throw new Error(r.left)
  return r.right
}

/** A UA in the current scope, quiet unless something goes wrong. */
export const startUa = (
  user: string,
  listen: ReadonlyArray<string> = ['udp:127.0.0.1:0'],
  config: Partial<UaConfigInput> = {},
): Effect.Effect<TestUa, unknown, Scope.Scope> =>
  Effect.gen(function* () {
    const layers = Layer.merge(transportLayer({ listen: listen.map(spec) }), noMediaLayer)
    const scope = yield* Effect.scope
    const context = yield* Layer.buildWithScope(layers, scope)
    const rt = yield* makeUaRuntime({ config: { user, keepaliveMs: 0, ...config } }).pipe(Effect.provide(context))
    const seen: Array<RuntimeEvent> = []
    yield* rt.onEvent((e) => void seen.push(e))
    let cursor = 0
    const next = (pred: (e: RuntimeEvent) => boolean, label = 'event', ms = 5_000): Effect.Effect<RuntimeEvent, Error> =>
      Effect.gen(function* () {
        for (;;) {
          const i = seen.findIndex((e, k) => k >= cursor && pred(e))
          if (i >= 0) {
            cursor = i + 1
            return seen[i]!
          }
          yield* Effect.sleep(Duration.millis(5))
        }
      }).pipe(Effect.timeoutFail({ duration: Duration.millis(ms), onTimeout: () => new Error(`${user}: no ${label} within ${ms} ms; saw ${seen.map((e) => e.type).join(',')}`) }))
    return { rt, seen, next }
  })

export const quiet = Logger.minimumLogLevel(LogLevel.Warning)

/** Run a scoped test program on the live clock, quietly. */
export const runLive = <A>(program: Effect.Effect<A, unknown, Scope.Scope>): Promise<A> => Effect.runPromise(Effect.scoped(program).pipe(Effect.provide(quiet)) as Effect.Effect<A>)

export const isEvent =
  <T extends RuntimeEvent['type']>(type: T, call?: string) =>
  (e: RuntimeEvent): boolean =>
    e.type === type && (call === undefined || ('call' in e && e.call === call))

export const callOf = (e: RuntimeEvent): string => ('call' in e && e.call !== undefined ? e.call : '')
