/**
 * At quiescence nothing is left open in any node: no transaction, timer, dialog, call
 * or subscription (DESIGN.md, the simulator's liveness phase). The run's final checks
 * (`uaQuiescence`) look inside the nodes and record a `leaked` outcome; this rule
 * reports it with the other violations. Captures carry no node state: nothing to say.
 */
import type { OracleRule } from './oracle-rule.ts'

export const nothingLeftOpen: OracleRule = {
  id: 'SIM-QUIESCENT',
  description: 'at quiescence no transaction, timer, dialog, call or subscription is left in any node',
  check: (trace) =>
    trace.outcome?.type === 'leaked'
      ? [{ rule: nothingLeftOpen.id, at: trace.outcome.at, message: `${trace.outcome.check}: ${trace.outcome.message}` }]
      : [],
}
