/** A stderr logger at a chosen level, for the facade and the CLI (stdout stays for data). */
import { Layer, Logger, LogLevel } from 'effect'

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error' | 'none'

const levels: Record<LogLevelName, LogLevel.LogLevel> = {
  debug: LogLevel.Debug,
  info: LogLevel.Info,
  warn: LogLevel.Warning,
  error: LogLevel.Error,
  none: LogLevel.None,
}

export const stderrLogger = (level: LogLevelName): Layer.Layer<never> =>
  Layer.merge(Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger)), Logger.minimumLogLevel(levels[level]))
