/**
 * `sipxfer ua`: one user agent on real sockets, driven by commands on stdin (one a line)
 * and reporting every event as one JSON line on stdout; logs go to stderr. Ends with a
 * graceful shutdown (calls hung up) on `quit`, stdin EOF, SIGTERM or SIGINT.
 */
import { createInterface } from 'node:readline'
import { Either, type Layer } from 'effect'
import * as E from 'fp-ts/lib/Either.js'
import { defaultCodecs, defaultUaLimits } from '../../core/ua/index.ts'
import { createPhone, type Phone } from '../phone/index.ts'
import { parseWav } from '../media/wav.ts'
import type { Media, RuntimeEvent } from '../runtime/index.ts'
import { formatHostPort } from '../transport/index.ts'
import { exitCode, type CliCommand, type CliIo } from './io.ts'
import { parseUaLine } from './ua-line.ts'
import { parseUaOptions, uaUsage } from './ua-options.ts'

export interface UaCommandDeps {
  /** The RTP engine for `--tone`/`--wav`/`--rtp-port`; absent: signalling only. */
  readonly media?: (options: UaMediaSource) => Layer.Layer<Media, unknown>
  /** Command lines; default: stdin. */
  readonly lines?: () => AsyncIterable<string>
  /** Resolves when the process is asked to stop; default: SIGTERM or SIGINT. */
  readonly stopSignal?: () => Promise<void>
}

/** What the streams play: a tone, the samples of `--wav`, or (neither) silence. */
export interface UaMediaSource {
  readonly toneHz?: number
  readonly wav?: Int16Array
}

/** The samples of `--wav FILE`, or a line saying why the file cannot be played. */
const loadWav = async (path: string, io: CliIo): Promise<E.Either<string, Int16Array>> => {
  let data: Uint8Array
  try {
    data = await io.readFile(path)
  } catch (e) {
    return E.left(`--wav ${path}: cannot read: ${e instanceof Error ? e.message : String(e)}`)
  }
  const samples = parseWav(data)
  return Either.isLeft(samples) ? E.left(`--wav ${path}: ${samples.left}`) : E.right(samples.right)
}

const jsonLine = (value: Record<string, unknown>): string => JSON.stringify(value) + '\n'

/** `{"event":"incoming","call":"c1",…}`: the event's type first, under `event`. */
export const eventJson = (e: RuntimeEvent): string => {
  const { type, ...rest } = e
  return jsonLine({ event: type, ...rest })
}

const stdinLines = (): AsyncIterable<string> => createInterface({ input: process.stdin, crlfDelay: Infinity })

const signalled = (): Promise<void> =>
  new Promise((resolve) => {
    process.once('SIGTERM', () => resolve())
    process.once('SIGINT', () => resolve())
  })

const listening = (phone: Phone, user: string): string => {
  const ports: Record<string, string> = {}
  for (const e of phone.endpoints) ports[e.transport] = formatHostPort(e)
  return jsonLine({ event: 'listening', ...ports, user, uri: phone.uri })
}

/** Read and run lines until quit or EOF. */
const serve = async (phone: Phone, lines: AsyncIterable<string>, io: CliIo): Promise<void> => {
  for await (const line of lines) {
    const parsed = parseUaLine(line, await phone.calls())
    switch (parsed.type) {
      case 'empty':
        continue
      case 'quit':
        return
      case 'error':
        io.stdout(jsonLine({ event: 'error', reason: parsed.reason, line: line.trim() }))
        continue
      case 'calls':
        io.stdout(jsonLine({ event: 'calls', calls: await phone.calls() }))
        continue
      case 'command': {
        // The core reports a command it cannot run as an `error` event, printed like any other.
        const report = await phone.execute(parsed.command)
        const call = report.newCalls[0]
        if (parsed.command.type === 'dial' && call !== undefined) io.stdout(jsonLine({ event: 'dialing', call, target: parsed.command.target }))
        continue
      }
    }
  }
}

export const makeUaCommand =
  (deps: UaCommandDeps = {}): CliCommand =>
  async (args, io) => {
    const parsed = parseUaOptions(args)
    if (E.isLeft(parsed)) return io.stderr(`sipxfer ua: ${parsed.left}\n${uaUsage}`), exitCode.usage
    const o = parsed.right
    if (o.help) return io.stdout(uaUsage), exitCode.ok
    if (o.toneHz !== undefined && deps.media === undefined) io.stderr('sipxfer ua: no media engine; --tone ignored\n')
    if (o.wavPath !== undefined && deps.media === undefined) io.stderr('sipxfer ua: no media engine; --wav ignored\n')
    let wav: Int16Array | undefined
    if (o.wavPath !== undefined) {
      const loaded = await loadWav(o.wavPath, io)
      if (E.isLeft(loaded)) return io.stderr(`sipxfer ua: ${loaded.left}\n`), exitCode.failed
      wav = loaded.right
    }
    let phone: Phone
    try {
      phone = await createPhone({
        user: o.user,
        listen: o.listen,
        onRefer: o.onRefer,
        logLevel: o.logLevel,
        ...(o.autoAnswerMs === undefined ? {} : { autoAnswerMs: o.autoAnswerMs }),
        ...(o.credentials === undefined ? {} : { credentials: o.credentials }),
        config: {
          ...(o.rtpPort === undefined ? {} : { media: { portBase: o.rtpPort, codecs: defaultCodecs } }),
          ...(o.maxCalls === undefined ? {} : { limits: { ...defaultUaLimits, maxCalls: o.maxCalls } }),
        },
        ...(deps.media === undefined || o.noMedia === true
          ? {}
          : { media: deps.media({ ...(o.toneHz === undefined ? {} : { toneHz: o.toneHz }), ...(wav === undefined ? {} : { wav }) }) }),
      })
    } catch (e) {
      const reason = e instanceof Error ? e.message : typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e)
      io.stderr(`sipxfer ua: ${reason}\n`)
      return exitCode.failed
    }
    phone.on('event', (e) => {
      if (e.type === 'log') return // logged on stderr by the runtime's logger, at --log-level
      io.stdout(eventJson(e))
    })
    io.stdout(listening(phone, o.user))
    const lines = (deps.lines ?? stdinLines)()
    const stop = (deps.stopSignal ?? signalled)()
    try {
      await Promise.race([serve(phone, lines, io), stop])
    } catch (e) {
      io.stderr(`sipxfer ua: ${e instanceof Error ? e.message : String(e)}\n`)
    }
    await phone.close()
    if (deps.lines === undefined) process.stdin.destroy()
    return exitCode.ok
  }

export const uaCommand: CliCommand = makeUaCommand()
