/** The non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6). */
import { absorbAll, go, start, stop, type Machine } from './table.ts'

export type NonInviteClientState = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated'

export type NonInviteClientEvent = '1xx' | '200-699' | 'timer-E' | 'timer-F' | 'timer-K' | 'transport-error' | 'abandon'

const states: ReadonlyArray<NonInviteClientState> = ['Trying', 'Proceeding', 'Completed', 'Terminated']
const events: ReadonlyArray<NonInviteClientEvent> = ['1xx', '200-699', 'timer-E', 'timer-F', 'timer-K', 'transport-error', 'abandon']

const row = (s: NonInviteClientState) => absorbAll(events, s)

// §17.1.2.2: a final goes to the TU; retransmission and F stop; K absorbs retransmitted finals.
const toCompleted = [stop('E'), stop('F'), { type: 'pass-response', passThrough: false }, start('K', 'T4')] as const

export const nonInviteClient: Machine<NonInviteClientState, NonInviteClientEvent> = {
  states,
  events,
  // §17.1.2.2: send; F = 64*T1; E = T1 on unreliable transports only.
  initial: go('Trying', { type: 'send-request' }, start('E', 'T1'), start('F', '64*T1')),
  table: {
    Trying: {
      ...row('Trying'),
      // §17.1.2.2: E = MIN(2E, T2).
      'timer-E': go('Trying', { type: 'send-request' }, start('E', 'double-capped')),
      'timer-F': go('Terminated', { type: 'timeout', timer: 'F' }),
      '1xx': go('Proceeding', { type: 'pass-response', passThrough: false }),
      '200-699': go('Completed', ...toCompleted),
      'transport-error': go('Terminated', { type: 'report-transport-error' }),
      abandon: go('Terminated'),
    },
    Proceeding: {
      ...row('Proceeding'),
      // §17.1.2.2: in Proceeding E is reset to T2 each time it fires.
      'timer-E': go('Proceeding', { type: 'send-request' }, start('E', 'T2')),
      'timer-F': go('Terminated', { type: 'timeout', timer: 'F' }),
      '1xx': go('Proceeding', { type: 'pass-response', passThrough: false }),
      '200-699': go('Completed', ...toCompleted),
      'transport-error': go('Terminated', { type: 'report-transport-error' }),
      abandon: go('Terminated'),
    },
    Completed: {
      ...row('Completed'),
      // §17.1.2.2: retransmitted responses are absorbed until K fires.
      'timer-K': go('Terminated'),
      abandon: go('Terminated'),
    },
    Terminated: row('Terminated'),
  },
}
