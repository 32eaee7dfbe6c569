/**
 * `npm run swarm [-- --seeds N] [--first S] [--scenario NAME]...`: swarm testing over
 * every registered scenario (or the ones named): N seeds each (10 000 by default),
 * every fault knob derived from the seed (sim/swarm-faults.ts), each run judged by
 * its outcome, the RFC oracle and the leak check. Failures are printed with the
 * command that replays them; progress goes to stderr. Exit 1 when any run failed.
 */
import { performance } from 'node:perf_hooks'
import { describeOutcome } from '../sim/outcome.ts'
import { scenarioRegistry } from '../sim/scenario-registry.ts'
import { showViolation } from '../sim/oracle/index.ts'
import { swarmFaults } from '../sim/swarm-faults.ts'
import { runChecked } from './oracle/run-checked.ts'

interface Options {
  readonly seeds: number
  readonly first: number
  readonly names: ReadonlyArray<string>
}

const parse = (argv: ReadonlyArray<string>): Options | string => {
  let seeds = 10_000
  let first = 0
  const names: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const v = argv[i + 1]
    if (a === '--seeds' || a === '--first') {
      const n = Number(v)
      if (v === undefined || !Number.isInteger(n) || n < 0) return `${a} needs a non-negative integer`
      if (a === '--seeds') seeds = n
      else first = n
      i++
    } else if (a === '--scenario' && v !== undefined) {
      names.push(v)
      i++
    } else return `usage: npm run swarm -- [--seeds N] [--first S] [--scenario NAME]...   (unknown argument ${a})`
  }
  return { seeds, first, names }
}

const main = (argv: ReadonlyArray<string>): number => {
  const options = parse(argv)
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n`)
    return 2
  }
  const unknown = options.names.filter((n) => !scenarioRegistry.some((s) => s.name === n))
  if (unknown.length > 0) {
    process.stderr.write(`unknown scenario(s): ${unknown.join(', ')}; known: ${scenarioRegistry.map((s) => s.name).join(', ')}\n`)
    return 2
  }
  const scenarios = options.names.length === 0 ? scenarioRegistry : scenarioRegistry.filter((s) => options.names.includes(s.name))
  let failures = 0
  const summary: string[] = []
  for (const scenario of scenarios) {
    const nodes = scenario.participants.map((p) => p.name)
    const t0 = performance.now()
    let failed = 0
    for (let i = 0; i < options.seeds; i++) {
      const seed = (options.first + i) >>> 0
      const run = runChecked(scenario, swarmFaults(seed, nodes))
      if (!run.ok) {
        failed++
        process.stdout.write(
          [
            `FAIL ${scenario.name} seed ${seed}: ${describeOutcome(run.trace.outcome).split('\n')[0]}`,
            ...run.violations.slice(0, 5).map((v) => `  ${showViolation(v)}`),
            `  replay: sipxfer sim ${scenario.name} --swarm 1 --seed ${seed}`,
            '',
          ].join('\n'),
        )
      }
      if ((i + 1) % 500 === 0) process.stderr.write(`${scenario.name}: ${i + 1}/${options.seeds} seeds, ${failed} failed\n`)
    }
    const seconds = (performance.now() - t0) / 1000
    failures += failed
    summary.push(`${scenario.name.padEnd(28)} ${String(options.seeds).padStart(6)} seeds  ${String(failed).padStart(5)} failed  ${seconds.toFixed(1)} s`)
  }
  process.stdout.write(`\n${summary.join('\n')}\n${failures} failure(s) in ${scenarios.length * options.seeds} run(s)\n`)
  return failures > 0 ? 1 : 0
}

process.exitCode = main(process.argv.slice(2))
