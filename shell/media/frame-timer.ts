/**
 * A frame clock for the life of a scope, on real time. The timer owns time: frame k is
 * due at start + k·period, and each wake-up reports how many frames are due so far. Every
 * wake-up is aimed at the next deadline (not "a period after the last one"), so the clock
 * does not drift; node timers fire on a millisecond grid, so a frame counts as due up to
 * `slack` early. A drifting 20 ms timer sends two packets back to back every second or so,
 * and a fiber sleeping on an Effect Schedule wanders by several ms per frame; a receiver
 * reports both as interarrival jitter (RFC 3550 §A.8).
 */
import { Effect, type Scope } from 'effect'

/** Monotonic real time in nanoseconds (media follows the wall, never a test clock). */
export const monotonicNanos = (): bigint => process.hrtime.bigint()

/** Calls `onFrames(due)` at once (due = 1) and then about every `periodMs`, `due` counting frames since the start. */
export const frameTimer = (periodMs: number, onFrames: (due: number) => void): Effect.Effect<void, never, Scope.Scope> =>
  Effect.asVoid(
    Effect.acquireRelease(
      Effect.sync(() => {
        const start = monotonicNanos()
        const period = periodMs * 1e6
        const slack = Math.min(2e6, period / 10)
        const timer: { handle: NodeJS.Timeout | undefined } = { handle: undefined }
        const fire = () => {
          const elapsed = Number(monotonicNanos() - start)
          const due = Math.floor((elapsed + slack) / period) + 1
          onFrames(due)
          timer.handle = setTimeout(fire, Math.max(0, Math.round((due * period - elapsed) / 1e6)))
        }
        fire()
        return timer
      }),
      (timer) => Effect.sync(() => clearTimeout(timer.handle)),
    ),
  )
