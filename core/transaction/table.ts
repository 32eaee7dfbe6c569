/**
 * The shape shared by the four transaction machines: a transition table, written
 * as data, from state × event to the next state and a list of actions. The tables
 * know nothing of messages, clocks or sockets (in the spirit of h11's `_state.py`);
 * `machine.ts` gives each action its meaning.
 */
import type { Interval, TimerName } from './timers.ts'

/** What a transition asks for. */
export type Action =
  /** (Re)transmit the request the client transaction was created with. */
  | { readonly type: 'send-request' }
  /** Build and send the ACK for the non-2xx final just received (§17.1.1.3). */
  | { readonly type: 'send-ack' }
  /** Send the response the TU passed down, and remember it as the latest. */
  | { readonly type: 'send-response' }
  /** Send the latest response again (request retransmission, Timer G). */
  | { readonly type: 'resend-response' }
  /** Give the received response to the TU; `passThrough` when already Accepted (RFC 6026 §8.4). */
  | { readonly type: 'pass-response'; readonly passThrough: boolean }
  /** Give the received ACK to the TU (RFC 6026 §8.7: Accepted passes ACKs up). */
  | { readonly type: 'pass-ack' }
  | { readonly type: 'start'; readonly timer: TimerName; readonly after: Interval }
  | { readonly type: 'stop'; readonly timer: TimerName }
  /** Tell the TU the transaction timed out (B, F) or failed (H). */
  | { readonly type: 'timeout'; readonly timer: 'B' | 'F' | 'H' }
  | { readonly type: 'report-transport-error' }

export interface Transition<S extends string> {
  readonly next: S
  readonly actions: ReadonlyArray<Action>
}

/** Total by construction: every state has a transition for every event. */
export type Table<S extends string, V extends string> = { readonly [s in S]: { readonly [v in V]: Transition<S> } }

export interface Machine<S extends string, V extends string> {
  readonly states: ReadonlyArray<S>
  readonly events: ReadonlyArray<V>
  /** Entered when the transaction is created (for the client: the TU's request; for the server: the network's). */
  readonly initial: Transition<S>
  readonly table: Table<S, V>
}

/** Stay in `state` and do nothing: the event is absorbed or not meaningful here. */
export const stay = <S extends string>(state: S): Transition<S> => ({ next: state, actions: [] })

/** A row in which every event is absorbed; specific cells override it. */
export const absorbAll = <S extends string, V extends string>(events: ReadonlyArray<V>, state: S): { readonly [v in V]: Transition<S> } =>
  Object.fromEntries(events.map((e) => [e, stay(state)])) as { readonly [v in V]: Transition<S> }

export const go = <S extends string>(next: S, ...actions: ReadonlyArray<Action>): Transition<S> => ({ next, actions })

export const start = (timer: TimerName, after: Interval): Action => ({ type: 'start', timer, after })
export const stop = (timer: TimerName): Action => ({ type: 'stop', timer })
