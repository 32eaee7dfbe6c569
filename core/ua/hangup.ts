/** Hang up a call from whatever state it is in (RFC 3261 §9.1 CANCEL, §15 BYE). */
import { sendBye } from './call-common.ts'
import { cancelCall } from './call-uac.ts'
import { rejectCall } from './call-uas.ts'
import { emit, putCall, type Ctx } from './context.ts'
import type { EndReason } from './event.ts'
import type { Call } from './state.ts'

export const hangupCall = (ctx: Ctx, call: Call, endAs?: EndReason): void => {
  const marked: Call = endAs === undefined ? call : { ...call, endAs }
  switch (call.state) {
    case 'Calling':
    case 'Proceeding':
      cancelCall(ctx, marked)
      return
    case 'Incoming':
      rejectCall(ctx, marked, 603)
      return
    case 'Accepted':
      // §15: the callee waits for the ACK (or its timeout) before sending BYE.
      putCall(ctx, { ...marked, byePending: true })
      return
    case 'Confirmed':
      sendBye(ctx, marked)
      return
    case 'Terminating':
    case 'Terminated':
      emit(ctx, { type: 'error', call: call.id, reason: `call ${call.id} is already ending` })
      return
  }
}
