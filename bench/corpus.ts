/**
 * The parse benchmark's corpus: `bench/corpus/*.sip` (CRLF line ends, exact
 * Content-Length), loaded as the Buffers a socket would deliver, with the values a
 * correct parser reads from each.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

/** The four values every parser must read (Refer-To only for REFER requests). */
export interface ReadValues {
  readonly fromTag: string | undefined
  readonly viaBranch: string | undefined
  readonly cseqSeq: number | undefined
  readonly cseqMethod: string | undefined
  readonly referTo?: string | undefined
}

export interface CorpusMessage {
  /** File name without `.sip`. */
  readonly name: string
  /** The bytes as a UDP socket hands them over (a Buffer is a Uint8Array). */
  readonly bytes: Buffer
  /** True for REFER requests: the read step also reads the Refer-To URI. */
  readonly refer: boolean
  readonly expected: ReadValues
}

const dialogA = { fromTag: '1928301774', cseqMethod: 'INVITE', cseqSeq: 314159, viaBranch: 'z9hG4bK776asdhds' }

/** Expected reads, keyed by file name. A corpus file without an entry is an error. */
export const expectedReads: Readonly<Record<string, ReadValues>> = {
  '01-invite-sdp': dialogA,
  '02-100-trying': dialogA,
  '03-180-ringing': dialogA,
  '04-200-ok-sdp': dialogA, // Via list on one line: the top Via is its first element
  '05-ack': { fromTag: '1928301774', viaBranch: 'z9hG4bKnashds9', cseqSeq: 314159, cseqMethod: 'ACK' },
  '06-refer-blind': {
    fromTag: '1928301774',
    viaBranch: 'z9hG4bK9f83ba1',
    cseqSeq: 314161,
    cseqMethod: 'REFER',
    referTo: 'sip:charlie@chicago.example.com',
  },
  '07-refer-replaces': {
    fromTag: '1928301774',
    viaBranch: 'z9hG4bK02b7f6c',
    cseqSeq: 314162,
    cseqMethod: 'REFER',
    referTo: 'sip:charlie@chicago.example.com?Replaces=425928%40bobster.example.org%3Bto-tag%3D7743%3Bfrom-tag%3D6472',
  },
  '08-202-accepted': { fromTag: '1928301774', viaBranch: 'z9hG4bK02b7f6c', cseqSeq: 314162, cseqMethod: 'REFER' },
  '09-notify-sipfrag': { fromTag: 'a6c85cf', viaBranch: 'z9hG4bK1f9c2a7', cseqSeq: 1993402, cseqMethod: 'NOTIFY' },
  '10-bye': { fromTag: 'a6c85cf', viaBranch: 'z9hG4bK74b43', cseqSeq: 1993403, cseqMethod: 'BYE' },
  '11-register': { fromTag: '456248', viaBranch: 'z9hG4bKnashds7', cseqSeq: 1826, cseqMethod: 'REGISTER' },
  '12-401-two-challenges': { fromTag: '456248', viaBranch: 'z9hG4bKnashds7', cseqSeq: 1826, cseqMethod: 'REGISTER' },
  '13-compact-forms': { fromTag: '88sja8x', viaBranch: 'z9hG4bKc0mp4ct', cseqSeq: 4711, cseqMethod: 'INVITE' },
  '14-folded-headers': { fromTag: 'f0ld1ng42', viaBranch: 'z9hG4bKf0ld3d', cseqSeq: 8, cseqMethod: 'OPTIONS' },
}

/**
 * The project root: the nearest folder above this file holding package.json. This
 * file runs both as `bench/corpus.ts` (tsx, vitest) and as `dist/bench/corpus.js`
 * (`npm run bench`), so paths are taken from the root, never from `import.meta.url`.
 */
export const projectRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const up = dirname(dir)
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`)
    dir = up
  }
})()

/** True when the bench runs as tsc output (`npm run bench` runs `dist/bench/main.js`), not through tsx. */
export const compiled: boolean = import.meta.url.endsWith('.js')

export const corpusDir = join(projectRoot, 'bench', 'corpus')

export function loadCorpus(dir: string = corpusDir): ReadonlyArray<CorpusMessage> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sip'))
    .sort()
  return files.map((file) => {
    const name = file.slice(0, -'.sip'.length)
    const expected = expectedReads[name]
    if (expected === undefined) throw new Error(`bench/corpus/${file}: no expected values in bench/corpus.ts`)
    const bytes = readFileSync(join(dir, file))
    const refer = bytes.subarray(0, 6).toString('latin1') === 'REFER '
    return { name, bytes, refer, expected }
  })
}

/**
 * Compare Refer-To URIs after undoing %-escapes, so a parser that re-escapes with
 * different case or a different safe set still counts as right; anything else
 * (a lost `?Replaces=`, a cut at `;`) does not.
 */
export function sameUri(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  return unescapeAll(a) === unescapeAll(b)
}

function unescapeAll(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** Field-by-field differences between what a parser read and what it should have. */
export function diffReads(got: ReadValues, want: ReadValues, refer: boolean): ReadonlyArray<string> {
  const out: string[] = []
  if (got.fromTag !== want.fromTag) out.push(`From tag ${show(got.fromTag)} ≠ ${show(want.fromTag)}`)
  if (got.viaBranch !== want.viaBranch) out.push(`Via branch ${show(got.viaBranch)} ≠ ${show(want.viaBranch)}`)
  if (got.cseqSeq !== want.cseqSeq) out.push(`CSeq number ${show(got.cseqSeq)} ≠ ${show(want.cseqSeq)}`)
  if (got.cseqMethod !== want.cseqMethod) out.push(`CSeq method ${show(got.cseqMethod)} ≠ ${show(want.cseqMethod)}`)
  if (refer && !sameUri(got.referTo, want.referTo)) out.push(`Refer-To ${show(got.referTo)} ≠ ${show(want.referTo)}`)
  return out
}

function show(v: unknown): string {
  return v === undefined ? 'undefined' : JSON.stringify(v)
}
