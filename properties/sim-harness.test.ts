/**
 * The property harness: real user agents on the simulator under generated faults and
 * call timings; every run must end as expected for its plan, break no RFC rule and
 * leak nothing. A failure is shrunk and printed with its ladder and the one-line
 * `sipxfer sim …` command that replays it. `SIM_RUNS=N` raises the count.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { simCli } from '../sim/cli.ts'
import * as E from 'fp-ts/lib/Either.js'
import { replay } from '../sim/replay.ts'
import { basicCall } from '../sim/scenarios/basic-call.ts'
import { holdResume } from '../sim/scenarios/hold-resume.ts'
import { uaFactory } from '../sim/ua-node.ts'
import { checkTrace } from '../sim/oracle/index.ts'
import { simRunArgv, simRunSpecArb } from './arbitraries/sim-runs.ts'
import { checkedRunOptions, failureReport, runArgv } from './oracle/run-checked.ts'

const scenarios = [basicCall, holdResume]
const runs = Number(process.env['SIM_RUNS'] ?? 40)

describe('call scenarios under generated faults and timings', () => {
  it('end as expected, break no RFC rule and leak nothing', () => {
    fc.assert(
      fc.property(simRunSpecArb(scenarios), (spec) => {
        const argv = simRunArgv(spec, scenarios)
        const run = runArgv(argv, scenarios)
        if (!run.ok) throw new Error(failureReport(run, `sipxfer sim ${argv.join(' ')}`))
      }),
      { numRuns: runs, includeErrorInReport: true },
    )
  })

  it('are deterministic: the same command line gives the same trace hash, in the CLI and on replay', () => {
    fc.assert(
      fc.property(simRunSpecArb(scenarios), (spec) => {
        const argv = simRunArgv(spec, scenarios)
        const a = runArgv(argv, scenarios).trace
        const b = runArgv(argv, scenarios).trace
        expect(b.hash).toBe(a.hash)
        const cli = simCli(['sim', ...argv, '--json'], { scenarios, readFile: () => E.left('none'), writeFile: () => E.right(undefined), factory: uaFactory, ...checkedRunOptions, oracle: { trace: checkTrace } })
        expect(JSON.parse(cli.stdout).hash).toBe(a.hash)
        expect(replay(a, uaFactory, checkedRunOptions).type).toBe('identical')
      }),
      { numRuns: Math.max(5, Math.floor(runs / 4)) },
    )
  })

  it('a failure is reported with its ladder and the command that replays it', () => {
    // A scenario that cannot pass (bob never answers, yet "answered" is expected) shows the report.
    const stubborn = { ...basicCall, name: 'stubborn', reactions: basicCall.reactions.slice(1) }
    const all = [...scenarios, stubborn]
    let message = ''
    try {
      fc.assert(
        fc.property(simRunSpecArb([stubborn], { crash: false }), (spec) => {
          const argv = simRunArgv(spec, all)
          const run = runArgv(argv, all)
          if (!run.ok) throw new Error(failureReport(run, `sipxfer sim ${argv.join(' ')}`))
        }),
        { numRuns: 3, includeErrorInReport: true },
      )
    } catch (e) {
      message = e instanceof Error ? e.message : String(e)
    }
    expect(message).toContain('expected events not seen')
    expect(message).toMatch(/alice +bob/)
    // Shrunk to the simplest plan: no loss, no partition, seed 0.
    expect(message).toMatch(/replay: sipxfer sim stubborn --seed 0 --after 0=0\n/)
  })
})
