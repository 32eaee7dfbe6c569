/**
 * Transfers under generated faults (issue "Transfer", Properties): loss, duplication,
 * reordering, partitions that heal and a crash of any party. Every transfer scenario must
 * settle with nothing left open in any UA and no RFC rule broken (the oracle). The
 * scenarios of one transfer by bob of alice's call c1, with only the target crashing,
 * must moreover settle with:
 *  - exactly one outcome at the transferor (transferSucceeded or transferFailed),
 *  - success only if the transferee reported success (bob learns it only from alice),
 *  - never half-transferred: bob ends alice's call as `transferred` only after success,
 *    and on failure the original call was still up when the failure was known,
 *  - nothing left open in any UA (no transaction, timer, dialog, call or subscription).
 * Every party hangs up a call four minutes after answering it (after any transfer has had
 * time to resolve: ring limits plus 64*T1), so a call whose peer crashed (no session
 * timers in SIP) still ends and the leak check stays meaningful.
 */
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { isQuiescent, type UaEvent, type UserAgent } from '../core/ua/index.ts'
import { cleanLink, type FaultPlan } from '../sim/fault-plan.ts'
import { ladderText } from '../sim/ladder-text.ts'
import { describeOutcome } from '../sim/outcome.ts'
import { runScenario } from '../sim/run.ts'
import { uaIndexesConsistent } from '../sim/ua-indexes.ts'
import type { Scenario } from '../sim/scenario.ts'
import { checkTrace } from '../sim/oracle/index.ts'
import { showViolation } from '../sim/oracle/violation.ts'
import { attended, attendedRinging } from '../sim/scenarios/attended.ts'
import { blind, blindTargetDialog } from '../sim/scenarios/blind.ts'
import { fig1, fig2, fig7 } from '../sim/scenarios/rfc5589.ts'
import { transferScenarios } from '../sim/scenarios/transfers.ts'
import { uaFactory } from '../sim/ua-node.ts'
import { worldSteps } from '../sim/world.ts'

const runs = Number(process.env['TRANSFER_FAULT_RUNS'] ?? 25)
const healAt = 16_000
const nodes = ['alice', 'bob', 'charlie'] as const

const faultPlan: fc.Arbitrary<FaultPlan> = fc
  .record({
    seed: fc.nat(),
    loss: fc.double({ min: 0, max: 0.3, noNaN: true }),
    duplicate: fc.double({ min: 0, max: 0.1, noNaN: true }),
    reorder: fc.double({ min: 0, max: 0.2, noNaN: true }),
    partition: fc.option(
      fc.record({ a: fc.constantFrom(...nodes), b: fc.constantFrom(...nodes), oneWay: fc.boolean(), start: fc.integer({ min: 0, max: 14_000 }), length: fc.integer({ min: 100, max: 8_000 }) }),
      { nil: undefined },
    ),
    crash: fc.option(fc.record({ node: fc.constantFrom(...nodes), at: fc.integer({ min: 0, max: 14_000 }), down: fc.integer({ min: 0, max: 10_000 }) }), { nil: undefined }),
  })
  .map(({ seed, loss, duplicate, reorder, partition, crash }) => ({
    seed,
    mode: 'explicit' as const,
    healAt,
    links: { ...cleanLink(20), jitter: 10, loss: { type: 'random' as const, p: loss }, duplicate, reorder, reorderGap: 40 },
    overrides: [],
    partitions:
      partition === undefined || partition.a === partition.b
        ? []
        : [{ a: [partition.a], b: [partition.b], oneWay: partition.oneWay, start: partition.start, end: Math.min(healAt, partition.start + partition.length) }],
    holds: [],
    crashes: crash === undefined ? [] : [{ node: crash.node, at: crash.at, restartAt: Math.min(healAt, crash.at + crash.down) }],
  }))

/** The scenario, with every party hanging up each call four minutes (or the scenario's own deadline, if longer) after it answered. */
const withSafetyNet = (s: Scenario): Scenario => {
  const after = Math.max(240_000, s.livenessDeadline)
  return {
    ...s,
    reactions: [...s.reactions, ...nodes.map((node) => ({ node, on: 'answered', after, command: { type: 'hangup' as const, call: '$event.call' } }))],
    livenessDeadline: 2 * after,
  }
}

const eventsOf = (steps: ReturnType<typeof worldSteps>, node: string): ReadonlyArray<UaEvent> =>
  steps.flatMap((s) => (s.type === 'event' && s.node === node ? [s.event] : []))

/** The scenarios of one transfer by bob of alice's call c1, whose outcome the run can judge by bob's events. */
const oneTransferOfC1: ReadonlySet<Scenario> = new Set([blind, blindTargetDialog, attended, attendedRinging, fig1, fig2, fig7])

const checkRun = (scenario: Scenario, faults: FaultPlan): string | undefined => {
  const { world, trace } = runScenario(withSafetyNet(scenario), faults, uaFactory, { invariants: [uaIndexesConsistent] })
  const why = (m: string) => `${m}\n${describeOutcome(trace.outcome)}\nfaults: ${JSON.stringify(faults)}\n${ladderText(trace)}`
  if (trace.outcome.type !== 'pass' && trace.outcome.type !== 'expectation-failed') return why('the run did not settle')
  const leaks = world.nodes.filter((n) => !isQuiescent(n.state as UserAgent)).map((n) => n.name)
  if (leaks.length > 0) return why(`state left open in ${leaks.join(', ')}`)
  const violations = checkTrace(trace)
  if (violations.length > 0) return why(`RFC rules broken:\n${violations.map(showViolation).join('\n')}`)
  if (!oneTransferOfC1.has(scenario) || faults.crashes.some((c) => c.node !== 'charlie')) return undefined
  const steps = worldSteps(world)
  const bob = eventsOf(steps, 'bob')
  const alice = eventsOf(steps, 'alice')
  const outcomes = bob.filter((e) => (e.type === 'transferSucceeded' || e.type === 'transferFailed') && e.call === 'c1')
  // An attended transfer whose consultation never answered sends no REFER at all: no outcome is right then.
  const referred = steps.some((s) => s.type === 'send' && s.from === 'bob' && 'text' in s.payload && s.payload.text.startsWith('REFER '))
  if (outcomes.length > 1 || (referred && outcomes.length === 0)) return why(`bob saw ${outcomes.length} transfer outcomes`)
  const outcome = outcomes[0]
  if (outcome === undefined) return undefined
  const bobEnded = bob.findIndex((e) => e.type === 'ended' && e.call === 'c1')
  const ended = bob[bobEnded]
  if (outcome.type === 'transferSucceeded') {
    if (!alice.some((e) => e.type === 'transferSucceeded')) return why('bob reports success that alice never reported')
    return undefined
  }
  if (ended?.type === 'ended' && ended.reason === 'transferred') return why('half-transferred: bob ended the call after a failed transfer')
  if (bobEnded !== -1 && bobEnded < bob.indexOf(outcome)) return why('the original call was gone before the failure was known')
  return undefined
}

describe('transfers under generated faults (loss, duplication, reordering, healing partitions, a crash)', () => {
  it.each(transferScenarios)('$name: settles, nothing leaked, no RFC rule broken; one transfer of c1 succeeded or failed with the call intact', (scenario) => {
    fc.assert(
      fc.property(faultPlan, (faults) => {
        const problem = checkRun(scenario, faults)
        if (problem !== undefined) throw new Error(problem)
      }),
      { numRuns: runs },
    )
  })
})
