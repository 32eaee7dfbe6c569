/**
 * Golden ladders: each scenario on a clean network (seed 1, 10 ms links) must produce
 * exactly the message sequence in golden/<name>.txt. A change in any flow shows up here
 * as a readable diff; regenerate deliberately with `npx vitest run sim/scenarios/golden -u`.
 */
import { describe, expect, it } from 'vitest'
import { noFaults } from '../fault-plan.ts'
import { ladderText } from '../ladder-text.ts'
import { runScenario } from '../run.ts'
import { uaFactory } from '../ua-node.ts'
import { basicCall } from './basic-call.ts'
import { holdResume } from './hold-resume.ts'
import { transferScenarios } from './transfers.ts'

describe.each([basicCall, holdResume, ...transferScenarios])('$name', (scenario) => {
  it('matches its golden ladder', async () => {
    const { trace } = runScenario(scenario, noFaults(1), uaFactory)
    expect(trace.outcome.type).toBe('pass')
    await expect(`${scenario.description ?? scenario.name}\n\n${ladderText(trace, { events: false })}`).toMatchFileSnapshot(`./golden/${scenario.name}.txt`)
  })
})
