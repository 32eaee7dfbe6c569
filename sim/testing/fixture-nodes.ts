/** TEST FIXTURES — degenerate nodes for the simulator's own tests (not user agents). */
import type { Input, Output } from '../../core/ua/io.ts'
import type { NodeBehaviour } from '../node-behaviour.ts'

/** Re-arms a timer forever: never quiescent. */
export const foreverTicking: NodeBehaviour<number> = {
  initial: 0,
  step: (n: number, input: Input): readonly [number, ReadonlyArray<Output>] =>
    input.type === 'command' || input.type === 'timer' ? [n + 1, [{ type: 'timer', key: 'tick', at: input.at + 1000 }]] : [n, []],
}

/** Throws on its first command (a broken reducer). */
export const throwing: NodeBehaviour<null> = {
  initial: null,
  step: (s: null, input: Input): readonly [null, ReadonlyArray<Output>] => {
    if (input.type === 'command') throw new Error('boom')
    return [s, []]
  },
}

/** Sets a timer at the current instant on every timer: a zero-time loop. */
export const spinning: NodeBehaviour<null> = {
  initial: null,
  step: (s: null, input: Input): readonly [null, ReadonlyArray<Output>] =>
    input.type === 'command' || input.type === 'timer' ? [s, [{ type: 'timer', key: 'spin', at: input.at }]] : [s, []],
}
