import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { noFaults } from './fault-plan.ts'
import type { FinalCheck } from './final-check.ts'
import { replay } from './replay.ts'
import { runScenario } from './run.ts'
import { basicCall } from './scenarios/basic-call.ts'
import { toyFactory } from './testing/toy-node.ts'
import { toyPing } from './testing/toy-scenarios.ts'
import { decodeTrace, encodeTrace } from './trace.ts'
import { uaFactory } from './ua-node.ts'
import { uaQuiescence } from './ua-quiescence.ts'

const leaky: FinalCheck = { name: 'always-leaks', check: (nodes) => `${nodes.map((n) => n.name).join(',')}: 1 thing(s)` }

describe('final checks (leaks at quiescence)', () => {
  it('turn a pass into a leaked outcome, recorded in the trace and kept by replay', () => {
    const { trace } = runScenario(toyPing, noFaults(1), toyFactory, { finalChecks: [leaky] })
    expect(trace.outcome).toMatchObject({ type: 'leaked', check: 'always-leaks', message: 'alice,bob: 1 thing(s)' })
    expect(trace.invariants).toEqual(['final:always-leaks'])
    const decoded = decodeTrace(encodeTrace(trace))
    expect(E.isRight(decoded)).toBe(true)
    expect(replay(trace, toyFactory, { finalChecks: [leaky] }).type).toBe('identical')
    expect(replay(trace, toyFactory).type).toBe('diverged')
  })

  it('uaQuiescence passes a finished call and names what a node still holds', () => {
    expect(runScenario(basicCall, noFaults(1), uaFactory, { finalChecks: [uaQuiescence] }).trace.outcome.type).toBe('pass')
    // Stop the world before alice hangs up: the call and dialog are still open.
    const open = { ...basicCall, reactions: basicCall.reactions.slice(0, 1), expect: { events: [] } }
    const { world } = runScenario(open, noFaults(1), uaFactory)
    expect(uaQuiescence.check(world.nodes)).toMatch(/^alice: .*1 dialog\(s\).*; bob: .*1 dialog\(s\)/)
  })
})
