/**
 * `npm run bench [-- <name>…] [--json] [--quick] [--runs N] [--run-ms T] [--warmup-ms T] [--max-warmup-ms T]`
 *
 * Runs the named benchmarks, or every registered one when none is named. Tables go to
 * stdout; with `--json`, stdout carries exactly one JSON object keyed by benchmark
 * name (`{"parse":[…]}`) and all progress goes to stderr. Flags this file does not
 * know (e.g. `--only=sip,jssip` for parse) are passed to the benchmarks.
 *
 * Adding a benchmark = one entry in `registry`: a module exporting
 * `run(options: BenchOptions): Promise<BenchOutcome>` (see measure.ts).
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { defaultBudget, quickBudget, type BenchOptions, type BenchOutcome, type Budget } from './measure.ts'

interface BenchModule {
  readonly run: (options: BenchOptions) => Promise<BenchOutcome>
}

interface BenchEntry {
  readonly describe: string
  /** Lazy, so one benchmark's imports never slow down or break another. */
  readonly load: () => Promise<BenchModule>
}

export const registry: Readonly<Record<string, BenchEntry>> = {
  parse: { describe: 'SIP message parse throughput vs sip, jssip, sip.js, drachtio-sip, line-split', load: () => import('./parse.ts') },
  core: { describe: 'calls/s through the pure core alone (sipp uac call flow, no I/O): the ceiling of udp; retained heap a transaction', load: () => import('./core.ts') },
  sim: { describe: 'simulated msgs/s through the full UA stack vs parse+serialize only; faulty basic-call runs/s', load: () => import('./sim.ts') },
  udp: { describe: 'calls/s over UDP (sipp -sn uac at rising rates): sipxfer ua vs a UAS on the npm sip package', load: () => import('./udp.ts') },
}

export interface Invocation {
  readonly names: ReadonlyArray<string>
  readonly options: BenchOptions
}

function usage(): string {
  const names = Object.entries(registry).map(([name, e]) => `  ${name.padEnd(8)} ${e.describe}`)
  return [
    'usage: npm run bench -- [name…] [--json] [--quick] [--runs N] [--run-ms T] [--warmup-ms T] [--max-warmup-ms T]',
    'benchmarks (all when none is named):',
    ...names,
  ].join('\n')
}

/** Parse argv (without node and script). Throws with a usage message on bad input. */
export function parseArgs(argv: ReadonlyArray<string>): Invocation {
  const names: string[] = []
  const rest: string[] = []
  let json = false
  let budget: Budget = defaultBudget
  const overrides: { warmupMs?: number; maxWarmupMs?: number; runs?: number; runMs?: number } = {}
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v)
    if (v === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a non-negative number\n${usage()}`)
    return n
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const value = (): string | undefined => inline ?? argv[++i]
    switch (flag) {
      case '--json':
        json = true
        break
      case '--quick':
        budget = quickBudget
        break
      case '--runs':
        overrides.runs = Math.max(1, Math.floor(num(flag, value())))
        break
      case '--run-ms':
        overrides.runMs = num(flag, value())
        break
      case '--warmup-ms':
        overrides.warmupMs = num(flag, value())
        break
      case '--max-warmup-ms':
        overrides.maxWarmupMs = num(flag, value())
        break
      case '--help':
      case '-h':
        throw new Error(usage())
      default:
        if (arg.startsWith('-')) rest.push(arg)
        else if (arg in registry) names.push(arg)
        else throw new Error(`unknown benchmark "${arg}"\n${usage()}`)
    }
  }
  const merged = { ...budget, ...overrides }
  // An explicit --warmup-ms above the cap raises the cap; `--warmup-ms 0` alone means no warm-up.
  const maxWarmupMs =
    overrides.maxWarmupMs ?? (overrides.warmupMs === undefined ? merged.maxWarmupMs : overrides.warmupMs === 0 ? 0 : Math.max(merged.maxWarmupMs, overrides.warmupMs))
  return {
    names: names.length > 0 ? names : Object.keys(registry),
    options: { ...merged, maxWarmupMs, json, args: rest },
  }
}

export async function main(argv: ReadonlyArray<string>): Promise<number> {
  let inv: Invocation
  try {
    inv = parseArgs(argv)
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
    return 2
  }
  const results: Record<string, unknown> = {}
  for (const name of inv.names) {
    const entry = registry[name]
    if (entry === undefined) continue
    const mod = await entry.load()
    const outcome = await mod.run(inv.options)
    results[name] = outcome.json
    if (inv.options.json) continue
    process.stdout.write(`${outcome.text}\n\n`)
  }
  if (inv.options.json) process.stdout.write(`${JSON.stringify(results)}\n`)
  return 0
}

// Run when executed directly (`node dist/bench/main.js …` via `npm run bench`, or `tsx bench/main.ts …`), not when imported by a test.
const script = process.argv[1]
if (script !== undefined && import.meta.url === pathToFileURL(resolve(script)).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
      process.exitCode = 1
    },
  )
}
