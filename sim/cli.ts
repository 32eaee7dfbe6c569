/**
 * The simulator's commands for the `sipxfer` CLI, as plain functions: they take argv
 * (after the command name) and their effects (file reading and writing, the node
 * factory), and return what to print and the exit code. No process access here.
 *
 *   sim SCENARIO [--seed N] [--loss P] [--dup P] [--reorder P] [--reorder-gap MS]
 *       [--latency MS] [--jitter MS] [--partition SPEC]... [--crash NODE@AT[-RESTART]]...
 *       [--heal MS] [--after REACTION=MS]... [--trace F] [--pcap F] [--html F] [--mermaid F] [--json]
 *   sim SCENARIO --faults PLAN.json [--seed N] [--after REACTION=MS]... [--trace F] ... [--json]
 *   sim SCENARIO --swarm N [--seed FIRST] [--heal MS] [--after REACTION=MS]... [--trace F] [--json]
 *   sim SCENARIO --swarm 1 --seed S [--heal MS] ... (one swarm seed, shown as a single run)
 *   sim --list
 *   replay TRACE
 *   check TRACE|PCAP
 *
 * A run is as expected when it passes, or when it only misses expected events and the
 * plan crashed a node (a crashed UA loses its calls). Exit 0 when expected and the
 * oracle finds no violation, 1 otherwise, 2 on usage errors.
 */
import { withCrashSafetyNet } from './crash-safety-net.ts'
import * as E from 'fp-ts/lib/Either.js'
import type { Millis } from '../core/ua/io.ts'
import { decodeJsonText } from './decode-error.ts'
import type { FinalCheck } from './final-check.ts'
import { describeFaults } from './describe-faults.ts'
import { faultPlanCodec, noFaults, type FaultPlan, type LinkFaults, type Partition } from './fault-plan.ts'
import { showHostPort } from './host-port.ts'
import { ladderHtml } from './html-view.ts'
import type { Invariant } from './invariant.ts'
import { ladderText } from './ladder-text.ts'
import { ladderMermaid } from './mermaid.ts'
import type { NodeFactory } from './node-behaviour.ts'
import { showViolation, type Violation } from './oracle/violation.ts'
import { describeOutcome, type Outcome } from './outcome.ts'
import { parsePartition } from './partition-spec.ts'
import { barChanged, progressBar } from './progress-bar.ts'
import { tracePcap } from './pcap-export.ts'
import { readPcap, type CapturedPacket } from './pcap-import.ts'
import { describeReplay, replay } from './replay.ts'
import { runScenario } from './run.ts'
import { scenarioCodec, type Scenario, type Reaction } from './scenario.ts'
import { findScenario } from './scenario-registry.ts'
import { summarizeBytes, summarizePayload } from './sip-summary.ts'
import { swarmFaults } from './swarm-faults.ts'
import { decodeTrace, encodeTrace, traceHashValid, type Trace } from './trace.ts'

export interface CliResult {
  readonly stdout: string
  readonly stderr: string
  readonly exitCode: number
}

export interface CliDeps {
  readonly readFile: (path: string) => E.Either<string, Uint8Array>
  readonly writeFile: (path: string, data: Uint8Array | string) => E.Either<string, void>
  /** Scenarios known by name (the registry, or test ones). */
  readonly scenarios: ReadonlyArray<Scenario>
  /** Builds each participant's node (the UA); without it `sim` and `replay` cannot run. */
  readonly factory?: NodeFactory
  readonly invariants?: ReadonlyArray<Invariant>
  /** Leak checks on the nodes at quiescence (`uaQuiescence` for real UAs). */
  readonly finalChecks?: ReadonlyArray<FinalCheck>
  /** RFC rule checks (sim/oracle: `checkTrace`, `checkPackets`). */
  readonly oracle?: {
    readonly trace?: (trace: Trace) => ReadonlyArray<Violation>
    readonly packets?: (packets: ReadonlyArray<CapturedPacket>) => ReadonlyArray<Violation>
  }
  /** Text to show on the terminal (stderr) as it happens: the `--swarm` progress bar. */
  readonly progress?: (text: string) => void
}

/**
 * Whether a run ended as it should. A scenario's expected events are its contract on a
 * network that lets the flow happen; a swarm plan may not (a burst that eats every INVITE,
 * a crash): there, and with crashes, only the protocol is judged — the oracle, liveness and
 * nothing left open — and missing events are reported but accepted.
 */
export const outcomeExpected = (outcome: Outcome, plan: FaultPlan): boolean =>
  outcome.type === 'pass' || (outcome.type === 'expectation-failed' && (plan.crashes.length > 0 || plan.mode === 'swarm'))

const ok = (stdout: string): CliResult => ({ stdout, stderr: '', exitCode: 0 })
const usage = (message: string): CliResult => ({ stdout: '', stderr: `${message}\n`, exitCode: 2 })

// ---------------------------------------------------------------------------
// Arguments

interface Args {
  readonly positional: ReadonlyArray<string>
  readonly flags: ReadonlyMap<string, ReadonlyArray<string>>
}

const BOOLEAN_FLAGS = new Set(['json', 'list', 'help'])

const parseArgs = (argv: ReadonlyArray<string>, known: ReadonlySet<string>): E.Either<string, Args> => {
  const positional: string[] = []
  const flags = new Map<string, string[]>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? ''
    if (!a.startsWith('--')) {
      positional.push(a)
      continue
    }
    const eq = a.indexOf('=')
    const name = a.slice(2, eq < 0 ? undefined : eq)
    if (!known.has(name)) return E.left(`unknown option --${name}`)
    let value: string
    if (BOOLEAN_FLAGS.has(name)) value = 'true'
    else if (eq >= 0) value = a.slice(eq + 1)
    else {
      const next = argv[i + 1]
      if (next === undefined) return E.left(`--${name} needs a value`)
      value = next
      i++
    }
    flags.set(name, [...(flags.get(name) ?? []), value])
  }
  return E.right({ positional, flags })
}

const flag = (args: Args, name: string): string | undefined => {
  const values = args.flags.get(name)
  return values?.[values.length - 1]
}

const numberFlag = (args: Args, name: string, min: number, max: number, integer = false): E.Either<string, number | undefined> => {
  const raw = flag(args, name)
  if (raw === undefined) return E.right(undefined)
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
    return E.left(`--${name} ${raw}: expected ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`)
  return E.right(n)
}

const collect = <A>(results: ReadonlyArray<E.Either<string, A>>): E.Either<string, ReadonlyArray<A>> => {
  const errors = results.filter(E.isLeft).map((r) => r.left)
  return errors.length > 0 ? E.left(errors.join('\n')) : E.right(results.map((r) => (r as E.Right<A>).right))
}

// ---------------------------------------------------------------------------
// sim

const SIM_FLAGS = new Set([
  'seed', 'loss', 'dup', 'reorder', 'reorder-gap', 'latency', 'jitter', 'partition', 'crash', 'heal', 'after',
  'trace', 'pcap', 'html', 'mermaid', 'json', 'swarm', 'list', 'help', 'faults',
])

/** The knobs of an explicit plan: a `--faults` file or a swarm seed sets them all. */
const KNOB_FLAGS = ['loss', 'dup', 'reorder', 'reorder-gap', 'latency', 'jitter', 'partition', 'crash', 'heal']
/** What `--swarm N` (N > 1) cannot honour: explicit knobs, and the views of one run. */
const NOT_WITH_SWARM = ['loss', 'dup', 'reorder', 'reorder-gap', 'latency', 'jitter', 'partition', 'crash', 'faults']
const ONE_RUN_VIEWS = ['pcap', 'html', 'mermaid']

const SIM_USAGE = `usage: sipxfer sim SCENARIO [--seed N] [--loss P] [--dup P] [--reorder P] [--reorder-gap MS]
       [--latency MS] [--jitter MS] [--partition A>B|A|B[@START-END]]... [--crash NODE@AT[-RESTART]]...
       [--heal MS] [--after REACTION=MS]... [--trace F] [--pcap F] [--html F] [--mermaid F] [--json]
   or: sipxfer sim SCENARIO --faults PLAN.json [--seed N] [--after REACTION=MS]... [--trace F] [--pcap F] ... [--json]
   or: sipxfer sim SCENARIO --swarm N [--seed FIRST] [--heal MS] [--after REACTION=MS]... [--trace F] [--json]
   or: sipxfer sim --list
--faults reads a whole fault plan (JSON, as in a trace's "faults"); --swarm 1 --seed S shows one swarm run`

const resolveScenario = (name: string, deps: CliDeps): E.Either<string, Scenario> => {
  const known = findScenario(deps.scenarios, name)
  if (known !== undefined) return E.right(known)
  const file = deps.readFile(name)
  if (E.isLeft(file)) {
    const names = deps.scenarios.map((s) => s.name).join(', ')
    return E.left(`no scenario "${name}" (known: ${names === '' ? 'none yet' : names}) and no such file: ${file.left}`)
  }
  return decodeJsonText(scenarioCodec, `scenario ${name}`)(new TextDecoder().decode(file.right))
}

/** `--faults FILE`: a whole plan, decoded with the trace's codec; `--seed` replaces its seed. */
const filePlan = (args: Args, path: string, seed: number | undefined, deps: Pick<CliDeps, 'readFile'>): E.Either<string, FaultPlan> => {
  const knobs = KNOB_FLAGS.filter((k) => args.flags.has(k))
  if (knobs.length > 0) return E.left(`--faults ${path} sets every knob: drop ${knobs.map((k) => `--${k}`).join(', ')} (or edit the file)`)
  const file = deps.readFile(path)
  if (E.isLeft(file)) return E.left(`cannot read fault plan ${path}: ${file.left}`)
  const plan = decodeJsonText(faultPlanCodec, `fault plan ${path}`)(new TextDecoder().decode(file.right))
  return E.isLeft(plan) || seed === undefined ? plan : E.right({ ...plan.right, seed })
}

/** Nodes a plan names that the scenario does not have (their faults would do nothing). */
const unknownNodes = (plan: FaultPlan, scenario: Scenario): ReadonlyArray<string> => {
  const known = new Set(scenario.participants.map((p) => p.name))
  const named = [
    ...plan.overrides.flatMap((o) => [o.from, o.to]),
    ...plan.partitions.flatMap((p) => [...p.a, ...p.b]),
    ...plan.holds.flatMap((h) => [h.from, h.to]),
    ...plan.crashes.map((c) => c.node),
  ]
  return [...new Set(named.filter((n) => !known.has(n)))]
}

/** The explicit fault plan from the knobs on the command line. */
const explicitPlan = (args: Args, seed: number): E.Either<string, FaultPlan> => {
  const knobs = collect([
    numberFlag(args, 'loss', 0, 1),
    numberFlag(args, 'dup', 0, 1),
    numberFlag(args, 'reorder', 0, 1),
    numberFlag(args, 'reorder-gap', 0, 3_600_000),
    numberFlag(args, 'latency', 0, 3_600_000),
    numberFlag(args, 'jitter', 0, 3_600_000),
    numberFlag(args, 'heal', 0, 86_400_000),
  ])
  const partitions = collect((args.flags.get('partition') ?? []).map(parsePartition))
  const crashes = collect((args.flags.get('crash') ?? []).map(parseCrash))
  if (E.isLeft(knobs)) return knobs
  if (E.isLeft(partitions)) return partitions
  if (E.isLeft(crashes)) return crashes
  const [loss, dup, reorder, gap, latency, jitter, heal] = knobs.right
  const base = noFaults(seed, latency ?? 10)
  const links: LinkFaults = {
    ...base.links,
    jitter: jitter ?? 0,
    loss: loss === undefined || loss === 0 ? { type: 'none' } : { type: 'random', p: loss },
    duplicate: dup ?? 0,
    reorder: reorder ?? 0,
    reorderGap: gap ?? (reorder === undefined ? 0 : 50),
  }
  const parts: ReadonlyArray<Partition> = partitions.right
  return E.right({ ...base, healAt: heal ?? base.healAt, links, partitions: parts, crashes: crashes.right })
}

/** `NODE@AT` or `NODE@AT-RESTART` (ms); without RESTART the node comes back at the heal. */
const parseCrash = (spec: string): E.Either<string, { readonly node: string; readonly at: Millis; readonly restartAt?: Millis }> => {
  const m = /^([^@]+)@(\d+)(?:-(\d+))?$/.exec(spec.trim())
  if (m === null || m[1] === undefined || m[2] === undefined) return E.left(`bad crash "${spec}": expected NODE@AT or NODE@AT-RESTART in ms`)
  const at = Number(m[2])
  const restartAt = m[3] === undefined ? undefined : Number(m[3])
  if (restartAt !== undefined && restartAt < at) return E.left(`bad crash "${spec}": the restart comes before the crash`)
  return E.right({ node: m[1].trim(), at, ...(restartAt === undefined ? {} : { restartAt }) })
}

/** `--after I=MS`: reaction I of the scenario fires MS after its event (timings of answer, hangup, hold …). */
const withReactionDelays = (scenario: Scenario, specs: ReadonlyArray<string>): E.Either<string, Scenario> => {
  const reactions: Reaction[] = [...scenario.reactions]
  for (const spec of specs) {
    const m = /^(\d+)=(\d+)$/.exec(spec.trim())
    const index = m === null ? -1 : Number(m[1])
    const reaction = reactions[index]
    if (m === null || reaction === undefined)
      return E.left(`bad --after "${spec}": expected REACTION=MS with REACTION in [0, ${reactions.length - 1}] (${scenario.name} has ${reactions.length} reactions)`)
    reactions[index] = { ...reaction, after: Number(m[2]) }
  }
  return E.right(specs.length === 0 ? scenario : { ...scenario, reactions })
}

/** A seed's swarm plan for this scenario, with `--heal MS` when given (`--swarm` runs and their replay lines share it). */
const swarmPlans = (args: Args, scenario: Scenario): E.Either<string, { readonly healAt: number | undefined; readonly planOf: (seed: number) => FaultPlan }> => {
  const heal = numberFlag(args, 'heal', 0, 86_400_000)
  if (E.isLeft(heal)) return heal
  const names = scenario.participants.map((p) => p.name)
  const healAt = heal.right
  return E.right({ healAt, planOf: (seed) => swarmFaults(seed, names, healAt === undefined ? {} : { healAt }) })
}

/** The seed's swarm plan, for `--swarm 1 --seed S [--heal MS]` (the line a failed swarm run prints). */
const swarmPlanOf = (args: Args, scenario: Scenario, seed: number): E.Either<string, FaultPlan> => {
  const runs = numberFlag(args, 'swarm', 1, 1_000_000, true)
  if (E.isLeft(runs)) return runs
  if (runs.right !== 1) return E.left(`one run is --swarm 1 --seed S; --swarm ${runs.right} is ${runs.right} runs`)
  const plans = swarmPlans(args, scenario)
  return E.isLeft(plans) ? plans : E.right(plans.right.planOf(seed))
}

/**
 * The scenario and fault plan one `sim` command line describes: an explicit plan, or
 * `--swarm 1 --seed S` (the property harness and the swarm print such lines).
 */
export const simRunOf = (
  argv: ReadonlyArray<string>,
  deps: Pick<CliDeps, 'readFile' | 'scenarios'>,
): E.Either<string, { readonly scenario: Scenario; readonly plan: FaultPlan }> => {
  const parsed = parseArgs(argv, SIM_FLAGS)
  if (E.isLeft(parsed)) return parsed
  const name = parsed.right.positional[0]
  if (name === undefined) return E.left(SIM_USAGE)
  const scenario = resolveScenario(name, deps as CliDeps)
  const seed = numberFlag(parsed.right, 'seed', 0, 0xffffffff, true)
  if (E.isLeft(scenario)) return scenario
  if (E.isLeft(seed)) return seed
  const timed = withReactionDelays(scenario.right, parsed.right.flags.get('after') ?? [])
  const faultsFile = flag(parsed.right, 'faults')
  const plan =
    flag(parsed.right, 'swarm') !== undefined
      ? swarmPlanOf(parsed.right, scenario.right, seed.right ?? 0)
      : faultsFile !== undefined
        ? filePlan(parsed.right, faultsFile, seed.right, deps)
        : explicitPlan(parsed.right, seed.right ?? 0)
  if (E.isLeft(timed)) return timed
  if (E.isLeft(plan)) return plan
  const strangers = unknownNodes(plan.right, scenario.right)
  if (strangers.length > 0)
    return E.left(`the fault plan names ${strangers.join(', ')}, not in ${scenario.right.name} (${scenario.right.participants.map((p) => p.name).join(', ')})`)
  return E.right({ scenario: timed.right, plan: plan.right })
}

const writeOutputs = (trace: Trace, args: Args, deps: CliDeps): ReadonlyArray<string> => {
  const outputs: ReadonlyArray<readonly [string, () => Uint8Array | string]> = [
    ['trace', () => encodeTrace(trace)],
    ['pcap', () => tracePcap(trace)],
    ['html', () => ladderHtml(trace)],
    ['mermaid', () => ladderMermaid(trace)],
  ]
  const errors: string[] = []
  for (const [name, render] of outputs) {
    const path = flag(args, name)
    if (path === undefined) continue
    const written = deps.writeFile(path, render())
    if (E.isLeft(written)) errors.push(`cannot write ${name} to ${path}: ${written.left}`)
  }
  return errors
}

const runOptions = (deps: CliDeps): { readonly invariants?: ReadonlyArray<Invariant>; readonly finalChecks?: ReadonlyArray<FinalCheck> } => ({
  ...(deps.invariants === undefined ? {} : { invariants: deps.invariants }),
  ...(deps.finalChecks === undefined ? {} : { finalChecks: deps.finalChecks }),
})

const runOne = (scenario: Scenario, plan: FaultPlan, factory: NodeFactory, deps: CliDeps): Trace =>
  runScenario(withCrashSafetyNet(scenario, plan), plan, factory, runOptions(deps)).trace

const violationsOf = (trace: Trace, deps: CliDeps): ReadonlyArray<Violation> => deps.oracle?.trace?.(trace) ?? []

/** An argument as a shell word (scenario files may have spaces in their path). */
const shellWord = (w: string): string => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)

/**
 * `--swarm N` with N > 1: N seeds, each with its derived plan. stdout gets only the
 * failures, each with the command that shows it; stderr the progress bar and a summary.
 */
const swarm = (name: string, scenario: Scenario, args: Args, runs: number, first: number, factory: NodeFactory, deps: CliDeps): CliResult => {
  const plans = swarmPlans(args, scenario)
  if (E.isLeft(plans)) return usage(plans.left)
  const { healAt, planOf } = plans.right
  const json = flag(args, 'json') !== undefined
  const afters = (args.flags.get('after') ?? []).map((a) => ` --after ${shellWord(a)}`).join('')
  const reproduce = (seed: number): string =>
    `sipxfer sim ${shellWord(name)} --swarm 1 --seed ${seed}${healAt === undefined ? '' : ` --heal ${healAt}`}${afters}`
  const lines: string[] = []
  const failures: unknown[] = []
  let failed = 0
  let firstFailure: Trace | undefined
  deps.progress?.(progressBar(0, runs, 0))
  for (let i = 0; i < runs; i++) {
    const seed = (first + i) >>> 0
    const plan = planOf(seed)
    const trace = runOne(scenario, plan, factory, deps)
    const violations = violationsOf(trace, deps)
    const bad = !outcomeExpected(trace.outcome, plan) || violations.length > 0
    if (bad) {
      failed++
      firstFailure ??= trace
      if (json)
        failures.push({
          seed,
          outcome: trace.outcome,
          violations: violations.map((v) => ({ rule: v.rule, at: v.at, message: v.message })),
          replay: reproduce(seed),
        })
      else
        lines.push(
          `seed ${seed}: ${describeOutcome(trace.outcome)}`,
          ...violations.map((v) => `  ${showViolation(v)}`),
          describeFaults(plan),
          `  reproduce: ${reproduce(seed)}`,
        )
    }
    if (barChanged(i + 1, runs, bad)) deps.progress?.(`\r${progressBar(i + 1, runs, failed)}`)
  }
  deps.progress?.('\n')
  const tracePath = flag(args, 'trace')
  const errors: string[] = []
  if (tracePath !== undefined && firstFailure !== undefined) {
    const written = deps.writeFile(tracePath, encodeTrace(firstFailure))
    if (E.isLeft(written)) errors.push(`cannot write trace to ${tracePath}: ${written.left}`)
  }
  const summary = `${scenario.name}: ${runs} run(s) from seed ${first}, ${failed} failed${failed > 0 && tracePath !== undefined ? ` (first failure's trace in ${tracePath})` : ''}`
  const stdout = json
    ? `${JSON.stringify({ scenario: scenario.name, firstSeed: first, runs, failed, failures })}\n`
    : lines.map((l) => `${l}\n`).join('')
  return { stdout, stderr: [...errors, summary].map((e) => `${e}\n`).join(''), exitCode: failed > 0 || errors.length > 0 ? 1 : 0 }
}

/** Options that `--swarm` cannot honour, as a usage message (undefined when none). */
const swarmConflicts = (args: Args, runs: number): string | undefined => {
  const fixed = NOT_WITH_SWARM.filter((k) => args.flags.has(k))
  if (fixed.length > 0)
    return `${fixed.map((k) => `--${k}`).join(', ')} cannot be used with --swarm: a swarm run derives every fault from its seed (run without --swarm to set faults, or use --swarm 1 --seed S to see one seed's plan)`
  const views = runs > 1 ? ONE_RUN_VIEWS.filter((k) => args.flags.has(k)) : []
  if (views.length > 0)
    return `${views.map((k) => `--${k}`).join(', ')} cannot be used with --swarm ${runs}: it draws one run (use --trace F to keep the first failure, then --swarm 1 --seed S ${views.map((k) => `--${k} F`).join(' ')})`
  return undefined
}

export const simCommand = (argv: ReadonlyArray<string>, deps: CliDeps): CliResult => {
  const parsed = parseArgs(argv, SIM_FLAGS)
  if (E.isLeft(parsed)) return usage(`${parsed.left}\n${SIM_USAGE}`)
  const args = parsed.right
  if (flag(args, 'help') !== undefined) return ok(`${SIM_USAGE}\n`)
  if (flag(args, 'list') !== undefined)
    return ok(deps.scenarios.length === 0 ? 'no scenarios registered yet\n' : deps.scenarios.map((s) => `${s.name}${s.description === undefined ? '' : `  ${s.description}`}\n`).join(''))
  const name = args.positional[0]
  if (name === undefined || args.positional.length > 1) return usage(SIM_USAGE)
  const scenario = resolveScenario(name, deps)
  if (E.isLeft(scenario)) return { stdout: '', stderr: `${scenario.left}\n`, exitCode: 2 }
  if (deps.factory === undefined) return { stdout: '', stderr: 'no node factory: the user agent is not available in this build\n', exitCode: 2 }
  const seed = numberFlag(args, 'seed', 0, 0xffffffff, true)
  const runs = numberFlag(args, 'swarm', 1, 1_000_000, true)
  if (E.isLeft(seed)) return usage(seed.left)
  if (E.isLeft(runs)) return usage(runs.left)
  const conflict = runs.right === undefined ? undefined : swarmConflicts(args, runs.right)
  if (conflict !== undefined) return usage(conflict)
  if (runs.right !== undefined && runs.right > 1) {
    const timed = withReactionDelays(scenario.right, args.flags.get('after') ?? [])
    if (E.isLeft(timed)) return usage(timed.left)
    return swarm(name, timed.right, args, runs.right, seed.right ?? 0, deps.factory, deps)
  }
  // One run: an explicit plan, a --faults file, or one swarm seed (--swarm 1 --seed S).
  const run = simRunOf(argv, deps)
  if (E.isLeft(run)) return usage(run.left)
  const trace = runOne(run.right.scenario, run.right.plan, deps.factory, deps)
  const violations = violationsOf(trace, deps)
  const expected = outcomeExpected(trace.outcome, trace.faults)
  const errors = writeOutputs(trace, args, deps)
  const exitCode = expected && violations.length === 0 && errors.length === 0 ? 0 : 1
  const stderr = errors.map((e) => `${e}\n`).join('')
  if (flag(args, 'json') !== undefined) {
    const summary = {
      scenario: trace.scenario.name,
      seed: trace.seed,
      faults: trace.faults,
      outcome: trace.outcome,
      expected,
      violations: violations.map((v) => ({ rule: v.rule, at: v.at, message: v.message })),
      messages: trace.steps.filter((st) => st.type === 'send').length,
      hash: trace.hash,
    }
    return { stdout: `${JSON.stringify(summary)}\n`, stderr, exitCode }
  }
  const stdout = [
    describeFaults(trace.faults),
    '',
    ladderText(trace),
    describeOutcome(trace.outcome),
    ...(expected && trace.outcome.type !== 'pass'
      ? [`accepted: under ${trace.faults.crashes.length > 0 ? 'a crash' : 'swarm faults'} the flow may not complete; only the protocol is judged`]
      : []),
    ...(deps.oracle?.trace === undefined ? [] : [`${violations.length} rule violation(s)`, ...violations.map((v) => `  ${showViolation(v)}`)]),
    `hash ${trace.hash}`,
    '',
  ].join('\n')
  return { stdout, stderr, exitCode }
}

// ---------------------------------------------------------------------------
// replay and check

export const replayCommand = (argv: ReadonlyArray<string>, deps: CliDeps): CliResult => {
  const path = argv[0]
  if (path === undefined || argv.length !== 1) return usage('usage: sipxfer replay TRACE')
  const file = deps.readFile(path)
  if (E.isLeft(file)) return { stdout: '', stderr: `cannot read ${path}: ${file.left}\n`, exitCode: 2 }
  const trace = decodeTrace(new TextDecoder().decode(file.right))
  if (E.isLeft(trace)) return { stdout: '', stderr: `${trace.left}\n`, exitCode: 2 }
  if (deps.factory === undefined) return { stdout: '', stderr: 'no node factory: the user agent is not available in this build\n', exitCode: 2 }
  const result = replay(trace.right, deps.factory, runOptions(deps))
  const text = `${describeFaults(trace.right.faults)}\n${describeReplay(result)}\n`
  return result.type === 'identical' ? ok(text) : { stdout: text, stderr: '', exitCode: 1 }
}

const isPcap = (bytes: Uint8Array): boolean => {
  if (bytes.length < 4) return false
  const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true)
  return [0xa1b2c3d4, 0xa1b23c4d, 0xd4c3b2a1, 0x4d3cb2a1, 0x0a0d0d0a].includes(magic)
}

const checkPcap = (path: string, bytes: Uint8Array, deps: CliDeps): CliResult => {
  const packets = readPcap(bytes)
  if (E.isLeft(packets)) return { stdout: '', stderr: `${path}: ${packets.left}\n`, exitCode: 2 }
  const lines: string[] = []
  let bad = 0
  for (const p of packets.right) {
    const s = summarizeBytes(p.data)
    if (s.kind === 'unparsable') bad++
    lines.push(
      `${String(p.frame).padStart(5)} ${p.at.toFixed(3).padStart(14)} ms  ${showHostPort(p.source)} -> ${showHostPort(p.destination)}  ${s.label}` +
        (s.kind === 'unparsable' ? `  (${s.error})` : `  ${s.callId ?? ''}`),
    )
  }
  const violations = deps.oracle?.packets?.(packets.right) ?? []
  lines.push(`${packets.right.length} SIP packet(s), ${bad} unparsable, ${violations.length} rule violation(s)${deps.oracle?.packets === undefined ? ' (oracle not available)' : ''}`)
  lines.push(...violations.map((v) => `  ${showViolation(v)}`))
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: bad > 0 || violations.length > 0 ? 1 : 0 }
}

const checkTrace = (path: string, bytes: Uint8Array, deps: CliDeps): CliResult => {
  const trace = decodeTrace(new TextDecoder().decode(bytes))
  if (E.isLeft(trace)) return { stdout: '', stderr: `${path}: ${trace.left}\n`, exitCode: 2 }
  const t = trace.right
  const sends = t.steps.filter((s) => s.type === 'send')
  const unparsable = sends.filter((s) => summarizePayload(s.payload).kind === 'unparsable')
  const hashOk = traceHashValid(t)
  const violations = deps.oracle?.trace?.(t) ?? []
  const lines = [
    describeFaults(t.faults),
    `scenario ${t.scenario.name}: ${t.steps.length} steps, ${sends.length} packets (${sends.filter((s) => s.fate === 'dropped').length} lost)`,
    describeOutcome(t.outcome),
    hashOk ? `hash ok ${t.hash}` : `HASH MISMATCH: recorded ${t.hash}, content hashes differently (edited trace?)`,
    `${unparsable.length} unparsable packet(s), ${violations.length} rule violation(s)${deps.oracle?.trace === undefined ? ' (oracle not available)' : ''}`,
    ...violations.map((v) => `  ${showViolation(v)}`),
  ]
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: hashOk && violations.length === 0 ? 0 : 1 }
}

export const checkCommand = (argv: ReadonlyArray<string>, deps: CliDeps): CliResult => {
  const path = argv[0]
  if (path === undefined || argv.length !== 1) return usage('usage: sipxfer check TRACE|PCAP')
  const file = deps.readFile(path)
  if (E.isLeft(file)) return { stdout: '', stderr: `cannot read ${path}: ${file.left}\n`, exitCode: 2 }
  return isPcap(file.right) ? checkPcap(path, file.right, deps) : checkTrace(path, file.right, deps)
}

/** Dispatch on the command name: `sim`, `replay` or `check`. */
export const simCli = (argv: ReadonlyArray<string>, deps: CliDeps): CliResult => {
  const [command, ...rest] = argv
  switch (command) {
    case 'sim':
      return simCommand(rest, deps)
    case 'replay':
      return replayCommand(rest, deps)
    case 'check':
      return checkCommand(rest, deps)
    default:
      return usage(`unknown command ${command ?? '(none)'}: expected sim, replay or check`)
  }
}
