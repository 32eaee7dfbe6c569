/**
 * The INVITE client transaction (RFC 3261 §17.1.1, Figure 5, as changed by RFC 6026
 * §7.2 and §8.4: a 2xx leads to Accepted, not Terminated).
 */
import { absorbAll, go, start, stop, type Machine } from './table.ts'

export type InviteClientState = 'Calling' | 'Proceeding' | 'Completed' | 'Accepted' | 'Terminated'

export type InviteClientEvent =
  | '1xx'
  | '2xx'
  | '300-699'
  | 'timer-A'
  | 'timer-B'
  | 'timer-D'
  | 'timer-M'
  | 'transport-error'
  /** The TU destroys the transaction (§9.1: no final 64*T1 after its CANCEL). */
  | 'abandon'

const states: ReadonlyArray<InviteClientState> = ['Calling', 'Proceeding', 'Completed', 'Accepted', 'Terminated']
const events: ReadonlyArray<InviteClientEvent> = ['1xx', '2xx', '300-699', 'timer-A', 'timer-B', 'timer-D', 'timer-M', 'transport-error', 'abandon']

const row = (s: InviteClientState) => absorbAll(events, s)

// §17.1.1.2: a 300-699 is passed up and ACKed inside the transaction, on every
// transport (RFC 6026 §8.4), and D starts whenever Completed is entered.
const toCompleted = [{ type: 'pass-response', passThrough: false }, { type: 'send-ack' }, start('D', 'D')] as const
// RFC 6026 §8.4: a 2xx is passed up, never ACKed here (the TU ACKs in a new transaction); M starts.
const toAccepted = [{ type: 'pass-response', passThrough: false }, start('M', '64*T1')] as const

export const inviteClient: Machine<InviteClientState, InviteClientEvent> = {
  states,
  events,
  // §17.1.1.2: send; A = T1 (unreliable only); B = 64*T1 on every transport.
  initial: go('Calling', { type: 'send-request' }, start('A', 'T1'), start('B', '64*T1')),
  table: {
    Calling: {
      ...row('Calling'),
      // §17.1.1.2: retransmit and double A, with no cap.
      'timer-A': go('Calling', { type: 'send-request' }, start('A', 'double')),
      // §17.1.1.2: B in Calling: tell the TU, no ACK.
      'timer-B': go('Terminated', { type: 'timeout', timer: 'B' }),
      // §17.1.1.2: a 1xx stops retransmission. B guards Calling only (Figure 5): a
      // ringing phone may ring for minutes, so B is stopped too.
      '1xx': go('Proceeding', stop('A'), stop('B'), { type: 'pass-response', passThrough: false }),
      '2xx': go('Accepted', stop('A'), stop('B'), ...toAccepted),
      '300-699': go('Completed', stop('A'), stop('B'), ...toCompleted),
      // §17.1.4
      'transport-error': go('Terminated', { type: 'report-transport-error' }),
      abandon: go('Terminated'),
    },
    Proceeding: {
      ...row('Proceeding'),
      // §17.1.1.2: every 1xx goes to the TU.
      '1xx': go('Proceeding', { type: 'pass-response', passThrough: false }),
      '2xx': go('Accepted', ...toAccepted),
      '300-699': go('Completed', ...toCompleted),
      'transport-error': go('Terminated', { type: 'report-transport-error' }),
      abandon: go('Terminated'),
    },
    Completed: {
      ...row('Completed'),
      // §17.1.1.2: a retransmitted final re-sends the ACK and is not passed up.
      '300-699': go('Completed', { type: 'send-ack' }),
      'timer-D': go('Terminated'),
      // §17.1.1.2 Figure 5: a failure to send the ACK.
      'transport-error': go('Terminated', { type: 'report-transport-error' }),
      abandon: go('Terminated'),
    },
    Accepted: {
      ...row('Accepted'),
      // RFC 6026 §8.4: every further 2xx (retransmission or another fork) goes to the TU, not ACKed.
      '2xx': go('Accepted', { type: 'pass-response', passThrough: true }),
      'timer-M': go('Terminated'),
      abandon: go('Terminated'),
    },
    Terminated: row('Terminated'),
  },
}
