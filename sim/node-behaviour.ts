/**
 * What the simulator needs of a node: an initial state and a reducer with the UA's
 * exact shape (core/ua/io.ts), so the real user agent drops in unchanged.
 */
import type { Input, Output } from '../core/ua/io.ts'
import type { Participant } from './scenario.ts'

export interface NodeBehaviour<S> {
  /** The state at start and after a crash (restart loses everything else). */
  readonly initial: S
  step(state: S, input: Input): readonly [S, ReadonlyArray<Output>]
}

/**
 * Builds a participant's behaviour. `seed` is the node's own random stream, derived
 * from the world seed and the node's name, so nodes do not perturb one another.
 */
export type NodeFactory = (participant: Participant, seed: number) => NodeBehaviour<unknown>
