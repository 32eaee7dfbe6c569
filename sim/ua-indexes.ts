/**
 * Safety invariant for real user agents: every node's indexes agree with its maps after
 * every step (core/ua/index-check.ts). A drift would make a call live forever or vanish early.
 */
import { indexProblems, type UserAgent } from '../core/ua/index.ts'
import type { Invariant } from './invariant.ts'

export const uaIndexesConsistent: Invariant = {
  name: 'ua-indexes-consistent',
  check: (world) => {
    for (const node of world.nodes) {
      if (!node.up) continue
      const problems = indexProblems(node.state as UserAgent)
      if (problems.length > 0) return `${node.name}: ${problems.join('; ')}`
    }
    return undefined
  },
}
