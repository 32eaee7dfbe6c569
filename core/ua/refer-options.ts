/**
 * What the transferor puts in its REFER depends on what the peers said they support
 * (their `Supported` on the INVITE or its 2xx, kept in `Call.peerSupported`).
 */
import { log, type Ctx } from './context.ts'
import type { Call } from './state.ts'

/**
 * RFC 4538 §3 (R4538-2, condition 4): Target-Dialog is used only with a peer that sent
 * `Supported: tdialog` in the target dialog; otherwise the REFER SHOULD go inside that
 * dialog. An out-of-dialog REFER asked for on such a call is sent in the dialog, and logged.
 */
export const referOutOfDialog = (ctx: Ctx, call: Call, asked: boolean): boolean => {
  if (!asked) return false
  if (call.peerSupported.includes('tdialog')) return true
  log(ctx, 'info', `${call.id}: the peer did not advertise tdialog (RFC 4538 §3); the REFER goes inside the dialog`)
  return false
}

/**
 * RFC 5589 §7.3: "In case the triggered INVITE is routed to a different User Agent than
 * the Transfer Target, the Require: replaces header field SHOULD be used in the triggered
 * INVITE", so that a UA without Replaces refuses it (420) instead of answering it as a
 * new call. We ask for it (`Require=replaces` in the Refer-To) when the target said
 * `Supported: replaces` on the consultation: then the target itself accepts it. A target
 * that did not would answer 420, so it gets no Require and the §7.7 fallback applies.
 */
export const requireReplacesFor = (consultation: Call): boolean => consultation.peerSupported.includes('replaces')
