/** The non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8). */
import { absorbAll, go, start, type Machine } from './table.ts'

export type NonInviteServerState = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated'

export type NonInviteServerEvent =
  /** A retransmission of the request. */
  | 'request'
  | 'tu-1xx'
  | 'tu-200-699'
  | 'timer-J'
  | 'transport-error'
  | 'abandon'

const states: ReadonlyArray<NonInviteServerState> = ['Trying', 'Proceeding', 'Completed', 'Terminated']
const events: ReadonlyArray<NonInviteServerEvent> = ['request', 'tu-1xx', 'tu-200-699', 'timer-J', 'transport-error', 'abandon']

const row = (s: NonInviteServerState) => absorbAll(events, s)

// §17.2.2: send the final; J = 64*T1 (unreliable) or 0 (reliable).
const toCompleted = go<NonInviteServerState>('Completed', { type: 'send-response' }, start('J', '64*T1'))

export const nonInviteServer: Machine<NonInviteServerState, NonInviteServerEvent> = {
  states,
  events,
  // §17.2.2: pass the request to the TU (the layer does that on creation).
  initial: go('Trying'),
  table: {
    Trying: {
      ...row('Trying'),
      // §17.2.2: retransmissions in Trying are discarded (the row's default).
      'tu-1xx': go('Proceeding', { type: 'send-response' }),
      'tu-200-699': toCompleted,
      'transport-error': go('Terminated', { type: 'report-transport-error' }),
      abandon: go('Terminated'),
    },
    Proceeding: {
      ...row('Proceeding'),
      // §17.2.2: a retransmission re-sends the latest provisional.
      request: go('Proceeding', { type: 'resend-response' }),
      'tu-1xx': go('Proceeding', { type: 'send-response' }),
      'tu-200-699': toCompleted,
      // §17.2.4
      'transport-error': go('Terminated', { type: 'report-transport-error' }),
      abandon: go('Terminated'),
    },
    Completed: {
      ...row('Completed'),
      // §17.2.2: a retransmission re-sends the final; further finals from the TU are discarded.
      request: go('Completed', { type: 'resend-response' }),
      'timer-J': go('Terminated'),
      'transport-error': go('Terminated', { type: 'report-transport-error' }),
      abandon: go('Terminated'),
    },
    Terminated: row('Terminated'),
  },
}
