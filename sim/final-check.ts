/**
 * A final check: a named function of the nodes, run once the world is quiescent in the
 * liveness phase. It catches what the trace cannot show: state left open inside a node
 * (a transaction, timer, dialog, call or subscription nobody will ever end).
 */
import type { NodeSlot } from './world.ts'

export interface FinalCheck {
  readonly name: string
  /** A description of what is left open, or undefined when every node is clean. */
  readonly check: (nodes: ReadonlyArray<NodeSlot>) => string | undefined
}

/** The first final check that fails, if any. */
export const firstLeak = (
  checks: ReadonlyArray<FinalCheck>,
  nodes: ReadonlyArray<NodeSlot>,
): { readonly check: string; readonly message: string } | undefined => {
  for (const c of checks) {
    const message = c.check(nodes)
    if (message !== undefined) return { check: c.name, message }
  }
  return undefined
}
