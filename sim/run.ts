/**
 * A run of a scenario: a fold of `advance`. Safety phase: faults on, invariants checked
 * after every step. At the fault plan's `healAt` the network heals and the liveness
 * phase begins: the world must become quiescent (nothing in flight, no timer armed,
 * nothing scheduled) within the scenario's liveness deadline, and then every expected
 * event must have been seen, and the final checks (leaks inside nodes) must pass.
 */
import type { UaEvent } from '../core/ua/event.ts'
import { advance, nextEventAt } from './advance.ts'
import type { FaultPlan } from './fault-plan.ts'
import { firstLeak, type FinalCheck } from './final-check.ts'
import { firstViolation, type Invariant } from './invariant.ts'
import { canonicalJson } from './json.ts'
import type { NodeFactory } from './node-behaviour.ts'
import type { Outcome } from './outcome.ts'
import type { ExpectedEvent, Scenario } from './scenario.ts'
import { sealTrace, TRACE_FORMAT, TRACE_VERSION, type Trace } from './trace.ts'
import { createWorld, isQuiescent, pendingWork, worldSteps, type World } from './world.ts'

export interface RunOptions {
  readonly invariants?: ReadonlyArray<Invariant>
  /** Leak checks on the node states once the world is quiescent (e.g. `uaQuiescence`). */
  readonly finalChecks?: ReadonlyArray<FinalCheck>
  /** Budget of steps (default 200 000), against nodes looping at one instant. */
  readonly maxSteps?: number
}

export interface RunResult {
  readonly world: World
  readonly trace: Trace
}

/** Expected events not seen; per node they must appear in the given order. */
export const missingEvents = (world: World, expected: ReadonlyArray<ExpectedEvent>): ReadonlyArray<ExpectedEvent> => {
  const seen = new Map<string, UaEvent[]>()
  for (const s of worldSteps(world)) {
    if (s.type !== 'event') continue
    const list = seen.get(s.node) ?? []
    list.push(s.event)
    seen.set(s.node, list)
  }
  const cursor = new Map<string, number>()
  return expected.filter((e) => {
    const events = seen.get(e.node) ?? []
    const from = cursor.get(e.node) ?? 0
    const i = events.findIndex(
      (ev, j) =>
        j >= from &&
        ev.type === e.type &&
        Object.entries(e.where ?? {}).every(([k, v]) => canonicalJson((ev as Record<string, unknown>)[k]) === canonicalJson(v)),
    )
    if (i < 0) return true
    cursor.set(e.node, i + 1)
    return false
  })
}

export const runScenario = (scenario: Scenario, faults: FaultPlan, factory: NodeFactory, options: RunOptions = {}): RunResult => {
  const invariants = options.invariants ?? []
  const finalChecks = options.finalChecks ?? []
  const maxSteps = options.maxSteps ?? 200_000
  const deadline = faults.healAt + scenario.livenessDeadline
  let world = createWorld(scenario, faults, factory)
  let outcome: Outcome | undefined
  for (let step = 0; outcome === undefined; step++) {
    const at = nextEventAt(world)
    if (at === undefined || at > deadline || (world.phase === 'liveness' && isQuiescent(world))) break
    if (step >= maxSteps) {
      outcome = { type: 'step-limit', at: world.now, step }
      break
    }
    try {
      world = advance(world)
    } catch (e) {
      outcome = { type: 'node-threw', at: at, step, message: e instanceof Error ? e.message : String(e) }
      break
    }
    const violation = firstViolation(invariants, world)
    if (violation !== undefined) outcome = { type: 'invariant-violated', at: world.now, step, ...violation }
  }
  if (outcome === undefined) {
    if (world.phase === 'liveness' && isQuiescent(world)) {
      const missing = missingEvents(world, scenario.expect.events)
      const leak = missing.length === 0 ? firstLeak(finalChecks, world.nodes) : undefined
      outcome =
        missing.length > 0
          ? { type: 'expectation-failed', at: world.now, missing }
          : leak !== undefined
            ? { type: 'leaked', at: world.now, ...leak }
            : { type: 'pass', at: world.now }
    } else {
      outcome = { type: 'not-quiescent', at: deadline, ...pendingWork(world) }
    }
  }
  const trace = sealTrace({
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    seed: faults.seed,
    scenario,
    faults,
    // Final checks are recorded with the invariants (as `final:NAME`) so replay can tell.
    invariants: [...invariants.map((i) => i.name), ...finalChecks.map((c) => `final:${c.name}`)],
    steps: worldSteps(world),
    outcome,
  })
  return { world, trace }
}
