/** Events: what the application sees of its calls and transfers. */
export type EndReason =
  | 'local-hangup'
  | 'remote-hangup'
  | 'rejected'
  | 'cancelled'
  | 'timeout'
  | 'replaced'
  | 'transferred'
  | 'failed'

/**
 * One transfer of a call, as the application sees it: which side we were, blind or
 * attended, the Refer-To target, and how it ended (`status`: the final sipfrag status,
 * or the REFER's error). `pending`/`accepted`: no outcome yet when the call ended;
 * `unknown`: the reports stopped before a final one.
 */
export interface TransferSummary {
  readonly role: 'transferor' | 'transferee'
  readonly kind: 'blind' | 'attended'
  readonly target: string
  readonly outcome: 'pending' | 'accepted' | 'succeeded' | 'failed' | 'unknown'
  readonly status?: number
}

export type UaEvent =
  | { readonly type: 'incoming'; readonly call: string; readonly from: string; readonly to: string; readonly replaces?: string; readonly referredBy?: string }
  | { readonly type: 'progress'; readonly call: string; readonly status: number; readonly reason: string }
  | { readonly type: 'answered'; readonly call: string }
  | { readonly type: 'held'; readonly call: string; readonly by: 'local' | 'remote' }
  | { readonly type: 'resumed'; readonly call: string; readonly by: 'local' | 'remote' }
  /** `transfers`: the call's transfer history (oldest first), when it had any. */
  | { readonly type: 'ended'; readonly call: string; readonly reason: EndReason; readonly status?: number; readonly transfers?: ReadonlyArray<TransferSummary> }
  | { readonly type: 'transferRequested'; readonly call: string; readonly target: string; readonly referredBy?: string; readonly replaces?: string }
  | { readonly type: 'transferAccepted'; readonly call: string }
  | { readonly type: 'transferProgress'; readonly call: string; readonly status: number }
  | { readonly type: 'transferSucceeded'; readonly call: string; readonly newCall?: string }
  | { readonly type: 'transferFailed'; readonly call: string; readonly status: number }
  /**
   * The refer subscription ended with no final report (it expired, its refresh failed, or
   * we unsubscribed): the transfer may still succeed or fail at the transferee, so neither
   * is claimed; the call is left as it is for the application to decide.
   */
  | { readonly type: 'transferOutcomeUnknown'; readonly call: string }
  | { readonly type: 'replaced'; readonly call: string; readonly by: string }
  | { readonly type: 'consultationStarted'; readonly call: string; readonly consultation: string }
  | { readonly type: 'consultationEnded'; readonly call: string; readonly consultation: string }
  | { readonly type: 'registered'; readonly registrar: string; readonly expires: number }
  | { readonly type: 'optionsResult'; readonly target: string; readonly status: number }
  | { readonly type: 'error'; readonly call?: string; readonly reason: string }
  | { readonly type: 'log'; readonly level: 'debug' | 'info' | 'warn'; readonly message: string }
