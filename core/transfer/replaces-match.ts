/**
 * What the target of an INVITE with Replaces answers (RFC 3891 §3), as a pure verdict
 * over the UA's dialogs.
 */
import { dialogKey, type Dialog } from '../dialog/index.ts'
import type { Replaces } from '../message/index.ts'

export type ReplacesVerdict =
  /** Accept; then end the replaced dialog with BYE (confirmed, R3891-12) or CANCEL (early, ours, R3891-13). */
  | { readonly type: 'replace'; readonly dialog: string; readonly end: 'bye' | 'cancel' }
  | { readonly type: 'reject'; readonly status: 481 | 486 | 603; readonly reason: string }

/** RFC 3891 §6.1 (R3891-2): a tag of "0" also matches a missing tag (RFC 2543 peers). */
const tagMatches = (wanted: string, actual: string): boolean => wanted === actual || (wanted === '0' && actual === '')

export const replacesVerdict = (
  replaces: Replaces,
  dialogs: Iterable<Dialog>,
  endedLately: (key: string) => boolean,
): ReplacesVerdict => {
  // R3891-3: to-tag is our local tag, from-tag our peer's.
  const matches = [...dialogs].filter(
    (d) => d.id.callId === replaces.callId && tagMatches(replaces.toTag, d.id.localTag) && tagMatches(replaces.fromTag, d.id.remoteTag),
  )
  if (matches.length === 0) {
    const key = dialogKey({ callId: replaces.callId, localTag: replaces.toTag, remoteTag: replaces.fromTag })
    // R3891-8: a dialog that just ended gets 603, so the replacement does not ring.
    if (endedLately(key)) return { type: 'reject', status: 603, reason: 'Declined (dialog already ended)' }
    return { type: 'reject', status: 481, reason: 'No Matching Dialog' }
  }
  // R3891-6: more than one match counts as none.
  if (matches.length > 1) return { type: 'reject', status: 481, reason: 'Ambiguous Replaces' }
  const d = matches[0]!
  // R3891-7: only a dialog created by INVITE can be replaced.
  if (!d.usages.some((u) => u.type === 'invite')) return { type: 'reject', status: 481, reason: 'Not An INVITE Dialog' }
  if (d.state === 'Terminated') return { type: 'reject', status: 603, reason: 'Declined (dialog already ended)' }
  if (d.state === 'Confirmed') {
    // R3891-11: early-only on a confirmed dialog is 486.
    if (replaces.earlyOnly) return { type: 'reject', status: 486, reason: 'Busy Here (dialog is confirmed)' }
    return { type: 'replace', dialog: dialogKey(d.id), end: 'bye' }
  }
  // Early: replaceable only if we initiated it (R3891-13/14).
  if (d.initiator === 'local') return { type: 'replace', dialog: dialogKey(d.id), end: 'cancel' }
  return { type: 'reject', status: 481, reason: 'Early Dialog Not Initiated Here' }
}
