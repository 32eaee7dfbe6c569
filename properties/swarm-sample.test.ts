/**
 * A sample of `npm run swarm` inside `npm test`: every registered scenario under
 * `SWARM_SEEDS` fault plans derived from seeds (40 by default; the script runs 10 000),
 * judged as the swarm judges: UA indexes after every step, outcome, RFC oracle, leak check. The first seed moves with
 * `SWARM_FIRST` (default: a fixed one, so a failure here is one command to replay).
 */
import { describe, expect, it } from 'vitest'
import { scenarioRegistry } from '../sim/scenario-registry.ts'
import { swarmFaults } from '../sim/swarm-faults.ts'
import { uaIndexesConsistent } from '../sim/ua-indexes.ts'
import { checkedRunOptions, failureReport, runChecked } from './oracle/run-checked.ts'

const seeds = Number(process.env['SWARM_SEEDS'] ?? 40)
const first = Number(process.env['SWARM_FIRST'] ?? 7_000_000)

describe('swarm sample', () => {
  it('checks the UA indexes after every step, as the CLI does', () => {
    expect(checkedRunOptions.invariants).toContain(uaIndexesConsistent)
  })

  it.each(scenarioRegistry)('$name passes the swarm checks on its seeds', (scenario) => {
    const nodes = scenario.participants.map((p) => p.name)
    for (let i = 0; i < seeds; i++) {
      const seed = first + i
      const run = runChecked(scenario, swarmFaults(seed, nodes))
      expect(run.ok, failureReport(run, `sipxfer sim ${scenario.name} --swarm 1 --seed ${seed}`)).toBe(true)
    }
  })
})
