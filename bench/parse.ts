/**
 * `npm run bench -- parse`: SIP parse throughput of sipxfer against peer libraries and
 * a bare line-split baseline, over the corpus in `bench/corpus/`.
 *
 * Two figures per parser, both in messages per second, from the bytes a socket
 * delivers: parse only, and parse + read (From tag, top Via branch, CSeq number and
 * method, Refer-To URI of REFERs) through the parser's own API. Every parser's reads
 * are checked against the expected values once before timing; a parse that fails or
 * throws is counted, never fatal.
 */
import { compiled, diffReads, loadCorpus, type CorpusMessage, type ReadValues } from './corpus.ts'
import { measureInterleaved, sink, type BenchOptions, type BenchOutcome, type Budget } from './measure.ts'
import { peerAdapters, type ParserAdapter } from './parse-adapters.ts'

export interface ParseRow {
  readonly parser: string
  readonly parseOnlyPerSec: number
  readonly parseAndReadPerSec: number
  readonly role: ParserAdapter['role']
  /** Ratios of parse+read throughput (the like-for-like column). */
  readonly ratioToFastestPeer: number
  readonly ratioToLineSplit: number
  /** Corpus messages the parser rejected or threw on. */
  readonly failures: number
  /** Corpus messages it parsed but read a wrong value from. */
  readonly wrongReads: number
  readonly parseOnlySamples: ReadonlyArray<number>
  readonly parseAndReadSamples: ReadonlyArray<number>
  /** Adaptive warm-up time of the parse+read pass, ms. */
  readonly warmupMs: number
}

export interface CheckResult {
  readonly parser: string
  readonly failures: ReadonlyArray<{ readonly message: string; readonly error: string }>
  readonly wrong: ReadonlyArray<{ readonly message: string; readonly diffs: ReadonlyArray<string> }>
  /** What the parser read from each message it parsed (for tests and reports). */
  readonly reads: ReadonlyMap<string, ReadValues>
}

/** Which sipxfer build to time: the TypeScript source via tsx, the compiled dist/, or both. */
export type SipxferBuild = 'src' | 'dist' | 'both'

/** sipxfer's adapters for `build`, or why one could not be loaded. */
export async function loadSipxfer(build: SipxferBuild = 'src'): Promise<{ readonly adapters: ReadonlyArray<ParserAdapter>; readonly notes: ReadonlyArray<string> }> {
  const adapters: ParserAdapter[] = []
  const notes: string[] = []
  let mod: typeof import('./parse-sipxfer.ts')
  try {
    mod = await import('./parse-sipxfer.ts')
  } catch (e) {
    return { adapters, notes: [`sipxfer skipped: core/message could not be loaded (${firstLine(e)})`] }
  }
  if (build !== 'dist') adapters.push(mod.sipxferAdapter)
  if (build !== 'src') {
    try {
      const dist = await mod.loadDistAdapter()
      if (typeof dist === 'string') notes.push(`sipxfer-dist skipped: ${dist}`)
      else adapters.push(dist)
    } catch (e) {
      notes.push(`sipxfer-dist skipped: ${firstLine(e)}`)
    }
  }
  return { adapters, notes }
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e)
  return text.split('\n')[0] ?? text
}

/** Every adapter, sipxfer first when available; `notes` says what was skipped. */
export async function loadAdapters(build: SipxferBuild = 'src'): Promise<{ readonly adapters: ReadonlyArray<ParserAdapter>; readonly notes: ReadonlyArray<string> }> {
  const sipxfer = await loadSipxfer(build)
  return { adapters: [...sipxfer.adapters, ...peerAdapters], notes: sipxfer.notes }
}

/** Parse and read every corpus message once, comparing with the expected values. */
export function checkAdapter(a: ParserAdapter, corpus: ReadonlyArray<CorpusMessage>): CheckResult {
  const failures: Array<{ message: string; error: string }> = []
  const wrong: Array<{ message: string; diffs: ReadonlyArray<string> }> = []
  const reads = new Map<string, ReadValues>()
  for (const c of corpus) {
    let got: ReadValues
    try {
      const m = a.parse(c.bytes)
      if (m === undefined) {
        failures.push({ message: c.name, error: 'rejected' })
        continue
      }
      got = a.read(m, c.refer)
    } catch (e) {
      failures.push({ message: c.name, error: `threw: ${e instanceof Error ? e.message : String(e)}` })
      continue
    }
    reads.set(c.name, got)
    const diffs = diffReads(got, c.expected, c.refer)
    if (diffs.length > 0) wrong.push({ message: c.name, diffs })
  }
  return { parser: a.name, failures, wrong, reads }
}

/** A cheap checksum of what was read, so the reads cannot be optimised away. */
function weigh(v: ReadValues): number {
  return (v.fromTag?.length ?? 0) + (v.viaBranch?.length ?? 0) + (v.cseqSeq ?? 0) + (v.cseqMethod?.length ?? 0) + (v.referTo?.length ?? 0)
}

/** One pass = every corpus message once; failing messages are attempted too (that is work). */
function passesFor(a: ParserAdapter, corpus: ReadonlyArray<CorpusMessage>): readonly [() => number, () => number] {
  const bytes = corpus.map((c) => c.bytes)
  const refer = corpus.map((c) => c.refer)
  const n = bytes.length
  const parseOnly = (): number => {
    let ok = 0
    for (let i = 0; i < n; i++) {
      try {
        if (a.parse(bytes[i] as Buffer) !== undefined) ok++
      } catch {
        // counted by checkAdapter
      }
    }
    sink(ok)
    return n
  }
  const parseAndRead = (): number => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      try {
        const m = a.parse(bytes[i] as Buffer)
        if (m !== undefined) acc += weigh(a.read(m, refer[i] === true))
      } catch {
        // counted by checkAdapter
      }
    }
    sink(acc)
    return n
  }
  return [parseOnly, parseAndRead]
}

export interface ParseBenchResult {
  readonly rows: ReadonlyArray<ParseRow>
  readonly checks: ReadonlyArray<CheckResult>
  readonly adapters: ReadonlyArray<ParserAdapter>
  readonly corpus: ReadonlyArray<CorpusMessage>
  readonly notes: ReadonlyArray<string>
  /** TextDecoder over the corpus alone, messages per second. */
  readonly decodePerSec: number
}

export async function runParseBench(
  budget: Budget,
  only?: ReadonlyArray<string>,
  log: (line: string) => void = () => {},
  build: SipxferBuild = 'src',
): Promise<ParseBenchResult> {
  const corpus = loadCorpus()
  const loaded = await loadAdapters(build)
  const notes = [...loaded.notes]
  const adapters = only === undefined ? loaded.adapters : loaded.adapters.filter((a) => only.includes(a.name))
  const checks = adapters.map((a) => checkAdapter(a, corpus))
  for (const c of checks) {
    for (const f of c.failures) log(`${c.parser}: ${f.message}: ${f.error}`)
    for (const w of c.wrong) log(`${c.parser}: ${w.message}: wrong read: ${w.diffs.join('; ')}`)
  }
  log(`timing ${adapters.length} parsers × 2 over ${corpus.length} messages (${budget.runs} runs × ${budget.runMs} ms after ${budget.warmupMs}–${budget.maxWarmupMs} ms warm-up) …`)
  const passes = [...adapters.flatMap((a) => passesFor(a, corpus)), decodePass(corpus)]
  const ms = measureInterleaved(passes, budget)
  const decodePerSec = Math.round(ms[ms.length - 1]?.perSec ?? Number.NaN)

  const raw = adapters.map((a, i) => {
    const po = ms[2 * i]
    const pr = ms[2 * i + 1]
    const check = checks[i]
    return {
      parser: a.name,
      role: a.role,
      parseOnlyPerSec: Math.round(po?.perSec ?? Number.NaN),
      parseAndReadPerSec: Math.round(pr?.perSec ?? Number.NaN),
      failures: check?.failures.length ?? 0,
      wrongReads: check?.wrong.length ?? 0,
      parseOnlySamples: (po?.samples ?? []).map(Math.round),
      parseAndReadSamples: (pr?.samples ?? []).map(Math.round),
      warmupMs: Math.round(pr?.warmupMs ?? 0),
    }
  })
  const peers = raw.filter((r) => r.role === 'peer').map((r) => r.parseAndReadPerSec)
  const fastestPeer = peers.length > 0 ? Math.max(...peers) : Number.NaN
  const lineSplit = raw.find((r) => r.role === 'baseline')?.parseAndReadPerSec ?? Number.NaN
  const rows: ParseRow[] = raw.map((r) => ({
    parser: r.parser,
    parseOnlyPerSec: r.parseOnlyPerSec,
    parseAndReadPerSec: r.parseAndReadPerSec,
    role: r.role,
    ratioToFastestPeer: round3(r.parseAndReadPerSec / fastestPeer),
    ratioToLineSplit: round3(r.parseAndReadPerSec / lineSplit),
    failures: r.failures,
    wrongReads: r.wrongReads,
    parseOnlySamples: r.parseOnlySamples,
    parseAndReadSamples: r.parseAndReadSamples,
    warmupMs: r.warmupMs,
  }))
  return { rows, checks, adapters, corpus, notes, decodePerSec }
}

/** UTF-8 decode alone, for the footer: what string-taking parsers pay before parsing. */
function decodePass(corpus: ReadonlyArray<CorpusMessage>): () => number {
  const decoder = new TextDecoder()
  const bytes = corpus.map((c) => c.bytes)
  return () => {
    let n = 0
    for (const b of bytes) n += decoder.decode(b).length
    sink(n)
    return bytes.length
  }
}

function round3(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1000) / 1000 : Number.NaN
}

// ---------------------------------------------------------------------------
// Report

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

function ratio(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '–'
}

export function formatReport(result: ParseBenchResult, budget: Budget): string {
  const header = ['parser', 'parse-only msg/s', 'parse+read msg/s', 'vs fastest peer', 'vs line-split', 'failures', 'wrong reads', 'warm-up ms']
  const body = result.rows.map((r) => [
    r.parser,
    int.format(r.parseOnlyPerSec),
    int.format(r.parseAndReadPerSec),
    ratio(r.ratioToFastestPeer),
    ratio(r.ratioToLineSplit),
    String(r.failures),
    String(r.wrongReads),
    int.format(r.warmupMs),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)))
  const line = (cells: ReadonlyArray<string>): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd()
  const bytes = result.corpus.reduce((n, c) => n + c.bytes.length, 0)
  const refers = result.corpus.filter((c) => c.refer).length
  const out: string[] = [
    `parse: ${result.corpus.length} messages (${int.format(bytes)} bytes, ${refers} REFER) from bench/corpus/, median of ${budget.runs} interleaved runs × ${budget.runMs} ms after an adaptive warm-up of ${budget.warmupMs}–${budget.maxWarmupMs} ms per pass; node ${process.version}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    'read = From tag, top Via branch, CSeq number and method, and the Refer-To URI of REFER requests, through each parser\'s own API.',
    'Ratios compare parse+read, the like-for-like column: sipxfer and drachtio-sip decode header values on access (lazy), sip, jssip and sip.js decode them while parsing (eager), so their parse-only figures are not comparable.',
    'Every parser starts from the Buffer a socket delivers; peers that take strings pay for their decode as their own transports do:',
    ...result.adapters.map((a) => `  ${a.name}: ${a.input}`),
    `  (TextDecoder alone over the corpus: ${int.format(result.decodePerSec)} msg/s, i.e. ${(1e6 / result.decodePerSec).toFixed(2)} µs per message)`,
    compiled
      ? 'Everything runs as tsc output from dist/ (`npm run bench` builds first), as users run it.'
      : 'sipxfer runs from its TypeScript source through tsx (esbuild keepNames adds a `__name` call per named inner closure); `--sipxfer=both` also times the tsc-compiled dist/ (after `npm run build`) as sipxfer-dist.',
    'A message a parser rejects is still timed (the rejection is its work) and counted under failures; wrong reads are timed as read.',
  ]
  const problems = result.checks.flatMap((c) => [
    ...c.failures.map((f) => `  ${c.parser}: ${f.message}: ${f.error}`),
    ...c.wrong.map((w) => `  ${c.parser}: ${w.message}: ${w.diffs.join('; ')}`),
  ])
  if (problems.length > 0) out.push('Failures and wrong reads:', ...problems)
  out.push(...result.notes)
  return out.join('\n')
}

/**
 * Entry point for `bench/main.ts`. Flags: `--only=name,name` (parsers to run) and
 * `--sipxfer=src|dist|both` (time the sipxfer this file was loaded with, the compiled
 * dist/ after `npm run build` as row `sipxfer-dist`, or both; default src). Under
 * `npm run bench` the bench itself runs from dist/, so row `sipxfer` is already the
 * tsc output; `--sipxfer` matters when the bench runs through tsx.
 */
export async function run(options: BenchOptions): Promise<BenchOutcome> {
  const flag = (name: string): string | undefined => options.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
  const onlyArg = flag('only')
  const only = onlyArg === undefined ? undefined : onlyArg.split(',').filter((s) => s !== '')
  const buildArg = flag('sipxfer') ?? 'src'
  if (buildArg !== 'src' && buildArg !== 'dist' && buildArg !== 'both') throw new Error(`--sipxfer must be src, dist or both, not "${buildArg}"`)
  const result = await runParseBench(options, only, (l) => process.stderr.write(`[parse] ${l}\n`), buildArg)
  return { json: result.rows, text: formatReport(result, options) }
}
