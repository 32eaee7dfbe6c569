/** Logging from socket callbacks, outside any fiber, through the Effect logger in scope. */
import { Effect, Runtime } from 'effect'

export type LogSink = (level: 'debug' | 'info' | 'warn', message: string) => void

export const makeLogSink: Effect.Effect<LogSink> = Effect.map(Effect.runtime<never>(), (runtime) => {
  const run = Runtime.runSync(runtime)
  return (level, message) => {
    run(level === 'debug' ? Effect.logDebug(message) : level === 'info' ? Effect.logInfo(message) : Effect.logWarning(message))
  }
})
