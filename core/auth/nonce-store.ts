/**
 * The server's record of the nonces it issued (RFC 7616 §3.3 and §5.4): when each
 * expires, what was offered with it, and the highest nonce count seen, so a replayed
 * or reordered nc is refused (RFC 7616 §3.4: the server detects replays by the nc).
 * Plain data keyed by nonce, so it can sit in UA state and traces.
 */
import type { DigestAlgorithm } from './digest-algorithm.ts'
import type { Qop } from './digest-response.ts'

export interface NonceEntry {
  readonly nonce: string
  readonly realm: string
  readonly issuedAt: number
  /** From this time on the nonce is stale (a correct digest gets `stale=true`). */
  readonly expiresAt: number
  readonly algorithms: ReadonlyArray<DigestAlgorithm>
  /** Empty: the challenge offered no qop (RFC 2617 legacy). */
  readonly qop: ReadonlyArray<Qop>
  /** The highest nc accepted so far; 0 before the first use. */
  readonly lastNc: number
}

export interface NonceStore {
  readonly entries: Readonly<Record<string, NonceEntry>>
}

export const emptyNonceStore: NonceStore = { entries: {} }

/** Own properties only, so a nonce such as "__proto__" or "constructor" finds nothing. */
export const findNonce = (store: NonceStore, nonce: string): NonceEntry | undefined =>
  Object.hasOwn(store.entries, nonce) ? store.entries[nonce] : undefined

export const addNonce = (store: NonceStore, entry: NonceEntry): NonceStore => ({
  entries: { ...store.entries, [entry.nonce]: entry },
})

/** Records an accepted nc for a known nonce. */
export const recordNonceCount = (store: NonceStore, nonce: string, nc: number): NonceStore => {
  const entry = findNonce(store, nonce)
  return entry === undefined ? store : addNonce(store, { ...entry, lastNc: Math.max(entry.lastNc, nc) })
}

/**
 * Drops nonces expired for longer than `graceMs`. Within the grace a correct digest
 * still earns `stale` (so the client retries without asking the user) rather than
 * `unknown-nonce`.
 */
export const pruneNonces = (store: NonceStore, now: number, graceMs: number): NonceStore => ({
  entries: Object.fromEntries(Object.entries(store.entries).filter(([, e]) => e.expiresAt + graceMs > now)),
})
