/** Target-Dialog (RFC 4538): naming, in an out-of-dialog REFER, the dialog it concerns. */
import { dialogKey, type Dialog } from '../dialog/index.ts'
import type { TargetDialog } from '../message/index.ts'

/**
 * R4538-3: the Call-ID of the target dialog; `local-tag` is the recipient's tag (our
 * remote tag), `remote-tag` the sender's own (our local tag).
 */
export const targetDialogFor = (dialog: Dialog): TargetDialog => ({
  callId: dialog.id.callId,
  localTag: dialog.id.remoteTag,
  remoteTag: dialog.id.localTag,
  params: [],
})

/** The key of our dialog a received Target-Dialog names (their remote-tag is our remote tag), or undefined (R4538-6). */
export const targetDialogKey = (td: TargetDialog): string | undefined =>
  td.localTag === undefined || td.remoteTag === undefined
    ? undefined
    : dialogKey({ callId: td.callId, localTag: td.localTag, remoteTag: td.remoteTag })
