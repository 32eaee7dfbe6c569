/**
 * One adapter per parser in the parse benchmark. Every adapter starts from the bytes a
 * socket delivers (a Buffer, which is a Uint8Array); a parser that takes a string pays
 * for the decode as its own transport does. `read` uses only that parser's own API.
 *
 * The sipxfer adapter lives in `parse-sipxfer.ts` and is loaded only if
 * `core/message/index.ts` exists, so this file never depends on it.
 */
import { createRequire } from 'node:module'
import { Parser as SipJsParser } from 'sip.js/lib/core/messages/parser.js'
import { LoggerFactory as SipJsLoggerFactory } from 'sip.js/lib/core/log/logger-factory.js'
import type { ReadValues } from './corpus.ts'

export interface ParserAdapter<M = unknown> {
  readonly name: string
  /** 'self' = sipxfer, 'peer' = another library, 'baseline' = line-split. */
  readonly role: 'self' | 'peer' | 'baseline'
  /** How bytes become the parser's input; printed in the table footer. */
  readonly input: string
  /** Parse one message; `undefined` (or a throw) is a parse failure. */
  readonly parse: (bytes: Buffer) => M | undefined
  /** Read From tag, top Via branch, CSeq number and method, and Refer-To for REFERs. */
  readonly read: (msg: M, refer: boolean) => ReadValues
}

/** Erase the message type so adapters can sit in one list. */
export function adapter<M>(a: ParserAdapter<M>): ParserAdapter {
  return a as unknown as ParserAdapter
}

const require = createRequire(import.meta.url)
/** jssip, sip.js and drachtio-sip take strings; their transports decode UTF-8 like this. */
const utf8 = new TextDecoder()

// ---------------------------------------------------------------------------
// npm `sip` (kirm/sip.js): `parse(buffer)` does its own `toString('binary')`, as its
// UDP and TCP transports hand it the socket's Buffer.

interface SipParams {
  readonly [name: string]: string | null | undefined
}
interface SipAor {
  readonly uri: string
  readonly params: SipParams
}
interface SipNpmMessage {
  readonly headers: {
    readonly from?: SipAor
    readonly via?: ReadonlyArray<{ readonly params: SipParams }>
    readonly cseq?: { readonly seq: number; readonly method: string }
    readonly 'refer-to'?: SipAor
  }
}
const sipNpm = require('sip') as { parse: (data: Buffer | string) => SipNpmMessage | undefined }

const sipAdapter = adapter<SipNpmMessage>({
  name: 'sip',
  role: 'peer',
  input: 'Buffer (parse() calls toString("binary") itself)',
  parse: (bytes) => sipNpm.parse(bytes),
  read: (m, refer) => {
    const h = m.headers
    const cseq = h.cseq
    return {
      fromTag: h.from?.params['tag'] ?? undefined,
      viaBranch: h.via?.[0]?.params['branch'] ?? undefined,
      cseqSeq: cseq?.seq,
      cseqMethod: cseq?.method,
      referTo: refer ? h['refer-to']?.uri : undefined,
    }
  },
})

// ---------------------------------------------------------------------------
// jssip: `Parser.parseMessage(data, ua)`. The ua is only stored on requests (for
// replying), so a bare object does. Its WebSocket transport decodes binary frames
// with TextDecoder, as here.

interface JssipUri {
  toString(): string
}
interface JssipMessage {
  readonly from_tag: string | undefined
  readonly via_branch: string | undefined
  readonly cseq: number | undefined
  readonly refer_to?: { readonly uri: JssipUri }
  parseHeader(name: string): unknown
}
const jssipParser = require('jssip/lib/Parser.js') as {
  parseMessage: (data: string, ua: object) => JssipMessage | undefined
}
const jssipUa = {}

const jssipAdapter = adapter<JssipMessage>({
  name: 'jssip',
  role: 'peer',
  input: 'string (TextDecoder, as its WebSocket transport for binary frames)',
  parse: (bytes) => jssipParser.parseMessage(utf8.decode(bytes), jssipUa),
  read: (m, refer) => {
    const cseq = m.parseHeader('cseq') as { readonly method?: string } | undefined
    return {
      fromTag: m.from_tag,
      viaBranch: m.via_branch,
      cseqSeq: m.cseq,
      cseqMethod: cseq?.method,
      referTo: refer ? m.refer_to?.uri.toString() : undefined,
    }
  },
})

// ---------------------------------------------------------------------------
// sip.js 0.21 core: `Parser.parseMessage(string, logger)`, as UserAgent's
// onTransportMessage calls it with the WebSocket's text frame.

const sipJsLoggers = new SipJsLoggerFactory()
sipJsLoggers.builtinEnabled = false // failures log; keep stdout clean for --json
const sipJsLogger = sipJsLoggers.getLogger('sip.Parser')
type SipJsMessage = NonNullable<ReturnType<typeof SipJsParser.parseMessage>>

const sipJsAdapter = adapter<SipJsMessage>({
  name: 'sip.js',
  role: 'peer',
  input: 'string (TextDecoder; its transport receives WebSocket text)',
  parse: (bytes) => SipJsParser.parseMessage(utf8.decode(bytes), sipJsLogger),
  read: (m, refer) => {
    // parseHeader returns the value the parser already decoded (cached).
    const cseq = m.parseHeader('cseq') as { readonly method?: string } | undefined
    const referTo = refer ? (m.parseHeader('refer-to') as { readonly uri?: { toString(): string } } | undefined) : undefined
    return {
      fromTag: m.fromTag,
      viaBranch: m.viaBranch,
      cseqSeq: m.cseq,
      cseqMethod: cseq?.method,
      referTo: referTo?.uri?.toString(),
    }
  },
})

// ---------------------------------------------------------------------------
// drachtio-sip: `new SipMessage(string)` (lazy: headers kept as text), then
// `getParsedHeader(name)`, which is how drachtio-srf reads a request.

interface DrachtioMessage {
  getParsedHeader(name: string): unknown
  has(name: string): boolean
}
const drachtio = require('drachtio-sip') as { SipMessage: new (raw: string) => DrachtioMessage }

const drachtioAdapter = adapter<DrachtioMessage>({
  name: 'drachtio-sip',
  role: 'peer',
  input: 'string (TextDecoder; SipMessage takes the text the drachtio server sends)',
  // The constructor throws when it cannot parse; the harness counts that as a failure.
  parse: (bytes) => new drachtio.SipMessage(utf8.decode(bytes)),
  read: (m, refer) => {
    const from = m.getParsedHeader('from') as SipAor | undefined
    const via = m.getParsedHeader('via') as ReadonlyArray<{ readonly params: SipParams }> | undefined
    const cseq = m.getParsedHeader('cseq') as { readonly seq: number; readonly method: string } | undefined
    const referTo = refer ? (m.getParsedHeader('refer-to') as SipAor | undefined) : undefined
    return {
      fromTag: from?.params['tag'] ?? undefined,
      viaBranch: via?.[0]?.params['branch'] ?? undefined,
      cseqSeq: cseq?.seq,
      cseqMethod: cseq?.method,
      referTo: referTo?.uri,
    }
  },
})

// ---------------------------------------------------------------------------
// line-split: the floor. Decode, split on CRLF, unfold continuation lines, split each
// header at the first colon; read the four values with indexOf/slice. No validation,
// no body framing, no quoting rules: what any parser must at least do.

/** [lower-case name, value, lower-case name, value, …] */
type LineSplitMessage = ReadonlyArray<string>

const compact: Readonly<Record<string, string>> = { f: 'from', v: 'via', r: 'refer-to' }

function lineSplitParse(bytes: Buffer): LineSplitMessage | undefined {
  const text = utf8.decode(bytes)
  const end = text.indexOf('\r\n\r\n')
  if (end < 0) return undefined
  const lines = text.slice(0, end).split('\r\n')
  const fields: string[] = []
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string
    const c0 = line.charCodeAt(0)
    if ((c0 === 0x20 || c0 === 0x09) && fields.length > 0) {
      fields[fields.length - 1] += ' ' + line.trim()
      continue
    }
    const colon = line.indexOf(':')
    if (colon < 0) return undefined
    const name = line.slice(0, colon).trim().toLowerCase()
    fields.push(compact[name] ?? name, line.slice(colon + 1).trim())
  }
  return fields
}

function lineSplitGet(m: LineSplitMessage, name: string): string | undefined {
  for (let i = 0; i < m.length; i += 2) if (m[i] === name) return m[i + 1]
  return undefined
}

/** Value of `;name=` in s from index `from`, up to the next `;`, `,` or end. */
function paramAfter(s: string, name: string, from: number): string | undefined {
  const at = s.indexOf(name, from)
  if (at < 0) return undefined
  const start = at + name.length
  let stop = start
  while (stop < s.length) {
    const c = s.charCodeAt(stop)
    if (c === 0x3b || c === 0x2c || c === 0x20) break
    stop++
  }
  return s.slice(start, stop)
}

/** The top Via of a comma-separated list (no quoted commas in a Via worth caring about here). */
function firstElement(s: string): string {
  const comma = s.indexOf(',')
  return comma < 0 ? s : s.slice(0, comma)
}

const lineSplitAdapter = adapter<LineSplitMessage>({
  name: 'line-split',
  role: 'baseline',
  input: 'string (TextDecoder)',
  parse: lineSplitParse,
  read: (m, refer) => {
    const from = lineSplitGet(m, 'from')
    const via = lineSplitGet(m, 'via')
    const cseq = lineSplitGet(m, 'cseq')
    let referTo: string | undefined
    if (refer) {
      const r = lineSplitGet(m, 'refer-to')
      if (r !== undefined) {
        const lt = r.indexOf('<')
        referTo = lt >= 0 ? r.slice(lt + 1, r.indexOf('>', lt)) : r.split(';')[0]
      }
    }
    const space = cseq === undefined ? -1 : cseq.indexOf(' ')
    return {
      fromTag: from === undefined ? undefined : paramAfter(from, ';tag=', Math.max(0, from.indexOf('>'))),
      viaBranch: via === undefined ? undefined : paramAfter(firstElement(via), ';branch=', 0),
      cseqSeq: cseq === undefined || space < 0 ? undefined : Number(cseq.slice(0, space)),
      cseqMethod: cseq === undefined || space < 0 ? undefined : cseq.slice(space + 1).trim(),
      referTo,
    }
  },
})

/** The peers and the baseline, in table order (sipxfer goes first when present). */
export const peerAdapters: ReadonlyArray<ParserAdapter> = [sipAdapter, jssipAdapter, sipJsAdapter, drachtioAdapter, lineSplitAdapter]
