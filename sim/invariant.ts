/** A safety invariant: a named function of the world, checked after every step. */
import type { World } from './world.ts'

export interface Invariant {
  readonly name: string
  /** A description of the violation, or undefined when the world is fine. */
  readonly check: (world: World) => string | undefined
}

/** The first violated invariant, if any. */
export const firstViolation = (
  invariants: ReadonlyArray<Invariant>,
  world: World,
): { readonly invariant: string; readonly message: string } | undefined => {
  for (const inv of invariants) {
    const message = inv.check(world)
    if (message !== undefined) return { invariant: inv.name, message }
  }
  return undefined
}

/** Built in: the clock never runs backwards (checked against the last logged step). */
export const clockNeverGoesBack: Invariant = {
  name: 'clock-never-goes-back',
  check: (w) => (w.log !== undefined && w.log.step.at > w.now ? `step at ${w.log.step.at} ms after the clock (${w.now} ms)` : undefined),
}
