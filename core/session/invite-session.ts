/**
 * The INVITE session usage's life (RFC 3261 §13–§15), as a transition table. States
 * follow the dialog's life: the INVITE is out (Calling), a provisional came back
 * (Proceeding), an incoming INVITE waits for the user (Incoming), a 2xx was sent and
 * waits for its ACK (Accepted, as RFC 6026 names it), the session is up (Confirmed),
 * a BYE or CANCEL is out (Terminating), and it is over (Terminated).
 */
export type SessionState = 'Calling' | 'Proceeding' | 'Incoming' | 'Accepted' | 'Confirmed' | 'Terminating' | 'Terminated'

export type SessionEvent =
  | 'provisional' // 1xx received (UAC)
  | 'success' // 2xx received (UAC)
  | 'failure' // 300–699 received, or Timer B (UAC)
  | 'answer' // we sent a 2xx (UAS)
  | 'reject' // we sent 300–699 (UAS)
  | 'ack' // the ACK for our 2xx arrived (UAS)
  | 'ack-timeout' // no ACK within 64*T1 (§13.3.1.4)
  | 'cancel' // we sent CANCEL (UAC) or received one (UAS)
  | 'bye' // we sent BYE
  | 'bye-received' // the peer sent BYE
  | 'bye-done' // our BYE got a final response or timed out

const T = 'Terminated' as const

/** state × event -> next state; a missing cell means the event does not apply (state kept). */
export const sessionTable: { readonly [S in SessionState]: Partial<{ readonly [E in SessionEvent]: SessionState }> } = {
  Calling: { provisional: 'Proceeding', success: 'Confirmed', failure: T, cancel: 'Terminating', 'bye-received': T },
  Proceeding: { provisional: 'Proceeding', success: 'Confirmed', failure: T, cancel: 'Terminating', 'bye-received': T },
  Incoming: { answer: 'Accepted', reject: T, cancel: T, 'bye-received': T },
  // §15: the callee may not BYE before the ACK; the UA holds a BYE asked for in Accepted until then.
  Accepted: { ack: 'Confirmed', 'ack-timeout': 'Terminating', 'bye-received': T, bye: 'Terminating' },
  Confirmed: { bye: 'Terminating', 'bye-received': T, ack: 'Confirmed', success: 'Confirmed' },
  // A 2xx racing our CANCEL still confirms the call, which the UA then ends with BYE (§9.1).
  Terminating: { 'bye-done': T, 'bye-received': T, failure: T, success: 'Terminating', provisional: 'Terminating' },
  Terminated: {},
}

/** The next state, or undefined when the event does not apply in `state`. */
export const nextSessionState = (state: SessionState, event: SessionEvent): SessionState | undefined => sessionTable[state][event]
