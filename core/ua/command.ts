/**
 * Commands: what the application asks of its user agent. They speak of calls,
 * never of transactions. `call` is the UA's own call id ("c1", "c2" …).
 */
export type Command =
  | { readonly type: 'dial'; readonly target: string; readonly call?: string; readonly headers?: ReadonlyArray<readonly [string, string]> }
  | { readonly type: 'answer'; readonly call: string }
  | { readonly type: 'reject'; readonly call: string; readonly status?: number }
  | { readonly type: 'hangup'; readonly call: string }
  | { readonly type: 'hold'; readonly call: string }
  | { readonly type: 'resume'; readonly call: string }
  | { readonly type: 'options'; readonly target: string }
  | { readonly type: 'register'; readonly registrar: string; readonly expires?: number }
  /** Blind transfer: REFER the peer of `call` to `target`. */
  | {
      readonly type: 'transfer'
      readonly call: string
      readonly target: string
      /** BYE the transferee right after the REFER is accepted (RFC 5589 §6 "unattended"). */
      readonly earlyBye?: boolean
      /** Send the REFER in a new dialog with Target-Dialog and Require: tdialog (RFC 4538, RFC 5589 §6.1). */
      readonly outOfDialog?: boolean
      /** Ask for no subscription: Refer-Sub: false (RFC 4488). */
      readonly noSubscription?: boolean
    }
  /** Attended transfer: REFER the peer of `call` to the peer of `consultation` with Replaces. */
  | { readonly type: 'attendedTransfer'; readonly call: string; readonly consultation: string; readonly outOfDialog?: boolean }
  /** Hold `call` and call `target`; `requireReplaces` asks the target to refuse (420) unless it can be transferred to (RFC 5589 §7.7). */
  | { readonly type: 'startConsultation'; readonly call: string; readonly target: string; readonly consultation?: string; readonly requireReplaces?: boolean }
  | { readonly type: 'cancelConsultation'; readonly call: string }
  | { readonly type: 'acceptTransfer'; readonly call: string }
  | { readonly type: 'rejectTransfer'; readonly call: string; readonly status?: number }
  /** Stop the reports of the transfer of `call` (SUBSCRIBE with Expires: 0, RFC 3515 §2.4.4); the transfer itself goes on. */
  | { readonly type: 'unsubscribe'; readonly call: string }
