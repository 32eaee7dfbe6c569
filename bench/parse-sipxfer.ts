/**
 * sipxfer's own parser in the parse benchmark. Loaded dynamically by `parse.ts`, so the
 * peers still run while `core/message` is being written.
 *
 * sipxfer splits header fields at parse time and decodes a header value when it is
 * read, so "parse only" is framing + header split, and "parse + read" adds four strict
 * single-purpose reads (From tag, top Via branch, CSeq, Refer-To URI: `readers.ts`).
 *
 * The adapter is built over a module object so the same code can time the TypeScript
 * source (run through tsx) and the compiled `dist/` (what users run).
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as source from '../core/message/index.ts'
import type { SipMessage } from '../core/message/index.ts'
import { compiled, projectRoot } from './corpus.ts'
import { adapter, type ParserAdapter } from './parse-adapters.ts'

export type MessageModule = typeof source

export function sipxferAdapterOf(m: MessageModule, name: string, input: string): ParserAdapter {
  const { cseqOf, fromTag, parseMessage, referToUri, topViaBranch } = m
  return adapter<SipMessage>({
    name,
    role: 'self',
    input,
    parse: (bytes) => {
      const r = parseMessage(bytes)
      return r._tag === 'Right' ? r.right : undefined
    },
    // The single-purpose readers: each validates its whole header as strictly as the
    // full codec (headerValue with codecs.from, .via, .cseq, .referTo) and slices one piece.
    read: (msg, refer) => {
      const tag = fromTag(msg)
      const branch = topViaBranch(msg)
      const cseq = cseqOf(msg)
      const cseqValue = cseq._tag === 'Right' ? cseq.right : undefined
      let referTo: string | undefined
      if (refer) {
        const r = referToUri(msg)
        if (r._tag === 'Right') referTo = r.right
      }
      return {
        fromTag: tag._tag === 'Right' ? tag.right : undefined,
        viaBranch: branch._tag === 'Right' ? branch.right : undefined,
        cseqSeq: cseqValue?.seq,
        cseqMethod: cseqValue?.method,
        referTo,
      }
    },
  })
}

export const sipxferAdapter: ParserAdapter = sipxferAdapterOf(
  source,
  'sipxfer',
  compiled ? 'Uint8Array (parses bytes directly; compiled by tsc, as users run it)' : 'Uint8Array (parses bytes directly; TypeScript source run through tsx)',
)

/**
 * The compiled parser from `dist/` (`npm run build`), or why it cannot be used.
 * tsx compiles with esbuild's keepNames, which wraps every named inner function in a
 * `__name(…)` call made each time the closure is created; tsc output has no such cost.
 */
export async function loadDistAdapter(): Promise<ParserAdapter | string> {
  const distPath = join(projectRoot, 'dist', 'core', 'message', 'index.js')
  const dist = pathToFileURL(distPath)
  if (!existsSync(distPath)) return 'dist/core/message/index.js not found (run `npm run build`)'
  const srcDir = join(projectRoot, 'core', 'message')
  const newest = newestMtime(srcDir)
  const built = statSync(distPath).mtimeMs
  const stale = newest > built ? ' — older than core/message sources: rebuild with `npm run build`' : ''
  const mod = (await import(dist.href)) as MessageModule
  return sipxferAdapterOf(mod, 'sipxfer-dist', `Uint8Array (compiled dist/ by tsc${stale})`)
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(`${e.parentPath}/${e.name}`).mtimeMs)
  }
  return newest
}
