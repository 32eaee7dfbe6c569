/**
 * Dialogs that ended lately (RFC 3891 §3, R3891-8: a Replaces for one gets 603, not 481),
 * remembered for at least `span` (64*T1) and forgotten a generation at a time.
 */
import { emptyMap, mapSet } from '../data/index.ts'
import type { Millis } from './io.ts'
import type { EndedDialogs } from './state.ts'

/** Start a new generation once the current one is `span` old; the one before it is dropped. */
export const rotateEnded = (ended: EndedDialogs, at: Millis, span: Millis): EndedDialogs =>
  at - ended.since < span ? ended : { recent: emptyMap(), older: ended.recent, since: at }

export const rememberEnded = (ended: EndedDialogs, key: string, at: Millis): EndedDialogs => ({ recent: mapSet(ended.recent, key, at), older: ended.older, since: ended.since })

/** Ended no longer than `span` before `at`. */
export const endedLately = (ended: EndedDialogs, key: string, at: Millis, span: Millis): boolean => {
  const when = ended.recent.get(key) ?? ended.older.get(key)
  return when !== undefined && when >= at - span
}
