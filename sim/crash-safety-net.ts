/**
 * Runs that crash a node (and swarm runs, whose faults may stall any scripted flow) need
 * one more reaction. A node that restarts numbers its calls
 * from c1 again, so a scenario's "hang up c2 after it answers" may never match, and a
 * healthy call would stay up forever (SIP has no session timers by default). In a plan
 * with crashes every participant hangs up any call two minutes after it answered — far
 * beyond any flow's normal course (an error event if the call is already over). The
 * reaction is part of the scenario recorded in the trace, so a replay runs it too.
 */
import type { FaultPlan } from './fault-plan.ts'
import type { Scenario } from './scenario.ts'

export const crashSafetyNetMs = 120_000

export const withCrashSafetyNet = (scenario: Scenario, faults: FaultPlan): Scenario =>
  faults.crashes.length === 0 && faults.mode !== 'swarm'
    ? scenario
    : {
        ...scenario,
        reactions: [
          ...scenario.reactions,
          ...scenario.participants.map((p) => ({ node: p.name, on: 'answered', after: crashSafetyNetMs, command: { type: 'hangup' as const, call: '$event.call' } })),
        ],
      }
