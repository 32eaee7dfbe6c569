/**
 * `sipxfer parse [FILE|-] [--format json|sip] [--stream] [--compact]`: lint a captured
 * message. Exit 0 when valid, 1 with `FILE:LINE:COL: error: REASON` when not, 2 on usage.
 * With `--stream`, LINE:COL are the file's (each framed message is parsed as the UA
 * parses a TCP frame, and its positions moved to where it starts in the file).
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  codecByKey,
  emptyFramer,
  parseMessage,
  pushFramesAt,
  serializeMessage,
  shiftPosition,
  splitList,
  validateMessage,
  type ParseError,
  type SipMessage,
} from '../../core/message/index.ts'
import { parseSdp } from '../../core/sdp/index.ts'
import { parseSipFrag } from '../../core/sipfrag/index.ts'
import { exitCode, type CliCommand } from './io.ts'

export const parseUsage = 'usage: sipxfer parse [FILE|-] [--format json|sip] [--stream] [--compact]\n'

const utf8 = new TextDecoder('utf-8', { fatal: true })

const bodyJson = (msg: SipMessage): unknown => {
  if (msg.body.length === 0) return undefined
  const contentType = msg.headers.find((h) => h.key === 'content-type')?.value.toLowerCase() ?? ''
  let text: string
  try {
    text = utf8.decode(msg.body)
  } catch {
    return { base64: Buffer.from(msg.body).toString('base64') }
  }
  if (contentType.startsWith('application/sdp')) {
    const sdp = parseSdp(text)
    return { text, sdp: E.isRight(sdp) ? sdp.right : { error: sdp.left } }
  }
  if (contentType.startsWith('message/sipfrag')) {
    const frag = parseSipFrag(msg.body)
    return { text, sipfrag: E.isRight(frag) ? { ...frag.right, body: undefined } : { error: frag.left } }
  }
  return { text }
}

/** The message as JSON: start line, each header with canonical name, raw and typed value, body. */
export const messageJson = (msg: SipMessage): unknown => ({
  startLine:
    msg.type === 'request'
      ? { type: 'request', method: msg.method, uri: msg.uri, version: msg.version }
      : { type: 'response', version: msg.version, status: msg.status, reason: msg.reason },
  headers: msg.headers.map((h) => {
    const codec = codecByKey.get(h.key)
    if (codec === undefined) return { name: h.name, raw: h.value }
    const values = codec.list ? splitList(h.value).map((p) => codec.parse(p.text)) : [codec.parse(h.value)]
    const typed = values.map((v) => (E.isRight(v) ? v.right : undefined))
    return { name: h.name, raw: h.value, value: codec.list ? typed : typed[0] }
  }),
  body: bodyJson(msg),
})

const describe = (file: string, e: ParseError): string => `${file}:${e.at.line}:${e.at.column}: error: ${e.reason}\n`

export const parseCommand: CliCommand = async (args, io) => {
  let file: string | undefined
  let format: 'json' | 'sip' = 'json'
  let stream = false
  let compact = false
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '--format') {
      const f = args[++i]
      if (f !== 'json' && f !== 'sip') return io.stderr(parseUsage), exitCode.usage
      format = f
    } else if (a.startsWith('--format=')) {
      const f = a.slice('--format='.length)
      if (f !== 'json' && f !== 'sip') return io.stderr(parseUsage), exitCode.usage
      format = f
    } else if (a === '--stream') stream = true
    else if (a === '--compact') compact = true
    else if (a === '-h' || a === '--help') return io.stdout(parseUsage), exitCode.ok
    else if (a.startsWith('-') && a !== '-') return io.stderr(`sipxfer parse: unknown option ${a}\n${parseUsage}`), exitCode.usage
    else if (file === undefined) file = a
    else return io.stderr(parseUsage), exitCode.usage
  }
  const name = file === undefined || file === '-' ? '<stdin>' : file
  let bytes: Uint8Array
  try {
    bytes = file === undefined || file === '-' ? await io.readStdin() : await io.readFile(file)
  } catch (e) {
    io.stderr(`sipxfer parse: cannot read ${name}: ${(e as Error).message}\n`)
    return exitCode.usage
  }
  const results = stream ? framed(bytes) : [check(bytes)]
  let failed = false
  const valid: Array<SipMessage> = []
  for (const r of results) {
    if (E.isLeft(r)) {
      io.stderr(describe(name, r.left))
      failed = true
    } else valid.push(r.right)
  }
  if (failed) return exitCode.failed
  for (const m of valid) {
    // The bytes themselves: a body need not be UTF-8 (a decode would replace what is not).
    if (format === 'sip') io.stdout(serializeMessage(m, { compact }))
    else io.stdout(JSON.stringify(messageJson(m), null, 2) + '\n')
  }
  return exitCode.ok
}

const check = (bytes: Uint8Array): E.Either<ParseError, SipMessage> => E.flatMap(parseMessage(bytes), validateMessage)

const framed = (bytes: Uint8Array): ReadonlyArray<E.Either<ParseError, SipMessage>> => {
  const [framer, frames] = pushFramesAt(emptyFramer, bytes)
  const results = frames.map((f): E.Either<ParseError, SipMessage> => {
    if (E.isLeft(f)) return f
    const r = check(f.right.bytes)
    return E.isLeft(r) ? E.left({ ...r.left, at: shiftPosition(r.left.at, f.right.at) }) : r
  })
  if (!framer.failed && framer.buffered.length > 0) {
    // Where the unfinished message starts.
    return [...results, E.left({ kind: 'framing', reason: `stream ends inside a message (${framer.buffered.length} bytes left)`, at: framer.origin })]
  }
  return results.length === 0 ? [E.left({ kind: 'framing', reason: 'no message in the stream', at: { line: 1, column: 1, offset: 0 } })] : results
}
