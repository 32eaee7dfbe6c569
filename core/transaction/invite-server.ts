/**
 * The INVITE server transaction (RFC 3261 §17.2.1, Figure 7, as changed by RFC 6026
 * §7.1 and §8.5–8.8: a 2xx leads to Accepted, and a transport error never destroys it).
 */
import { absorbAll, go, start, stop, type Machine } from './table.ts'

export type InviteServerState = 'Proceeding' | 'Completed' | 'Confirmed' | 'Accepted' | 'Terminated'

export type InviteServerEvent =
  /** A retransmission of the INVITE. */
  | 'INVITE'
  | 'ACK'
  | 'tu-1xx'
  | 'tu-2xx'
  | 'tu-300-699'
  | 'timer-G'
  | 'timer-H'
  | 'timer-I'
  | 'timer-L'
  | 'transport-error'
  | 'abandon'

const states: ReadonlyArray<InviteServerState> = ['Proceeding', 'Completed', 'Confirmed', 'Accepted', 'Terminated']
const events: ReadonlyArray<InviteServerEvent> = [
  'INVITE', 'ACK', 'tu-1xx', 'tu-2xx', 'tu-300-699', 'timer-G', 'timer-H', 'timer-I', 'timer-L', 'transport-error', 'abandon',
]

const row = (s: InviteServerState) => absorbAll(events, s)

// RFC 6026 §7.1, §8.8: inform the TU and stay.
const reportAndStay = (s: InviteServerState) => go(s, { type: 'report-transport-error' })

export const inviteServer: Machine<InviteServerState, InviteServerEvent> = {
  states,
  events,
  // §17.2.1: pass the INVITE to the TU (the layer does that on creation); the 100 Trying
  // is sent by the layer when configured (`trying: 'auto'`).
  initial: go('Proceeding'),
  table: {
    Proceeding: {
      ...row('Proceeding'),
      // §17.2.1: a retransmitted INVITE re-sends the latest provisional.
      INVITE: go('Proceeding', { type: 'resend-response' }),
      'tu-1xx': go('Proceeding', { type: 'send-response' }),
      // RFC 6026 §8.5, §8.7: a 2xx leads to Accepted with L = 64*T1.
      'tu-2xx': go('Accepted', { type: 'send-response' }, start('L', '64*T1')),
      // §17.2.1: G = T1 (unreliable only), H = 64*T1 (always).
      'tu-300-699': go('Completed', { type: 'send-response' }, start('G', 'T1'), start('H', '64*T1')),
      'transport-error': reportAndStay('Proceeding'),
      abandon: go('Terminated'),
    },
    Completed: {
      ...row('Completed'),
      INVITE: go('Completed', { type: 'resend-response' }),
      // §17.2.1: G = MIN(2G, T2).
      'timer-G': go('Completed', { type: 'resend-response' }, start('G', 'double-capped')),
      // §17.2.1: the ACK never came: tell the TU the transaction failed.
      'timer-H': go('Terminated', stop('G'), { type: 'timeout', timer: 'H' }),
      // §17.2.1: an ACK leads to Confirmed; G stops (and H, which only guards Completed).
      ACK: go('Confirmed', stop('G'), stop('H'), start('I', 'T4')),
      'transport-error': reportAndStay('Completed'),
      abandon: go('Terminated'),
    },
    Confirmed: {
      ...row('Confirmed'),
      // §17.2.1: further ACKs are absorbed until I fires.
      'timer-I': go('Terminated'),
      abandon: go('Terminated'),
    },
    Accepted: {
      ...row('Accepted'),
      // RFC 6026 §8.7: INVITE retransmissions are absorbed; the TU's 2xx
      // retransmissions are sent; ACKs go to the TU; L ends it.
      'tu-2xx': go('Accepted', { type: 'send-response' }),
      ACK: go('Accepted', { type: 'pass-ack' }),
      'timer-L': go('Terminated'),
      'transport-error': reportAndStay('Accepted'),
      abandon: go('Terminated'),
    },
    Terminated: row('Terminated'),
  },
}
