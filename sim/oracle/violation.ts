/** What the oracle reports: which rule (its id in rules.md, or a local id), when, and why. */
import type { Millis } from '../../core/ua/io.ts'

export interface Violation {
  readonly rule: string
  /** Time of the offending packet (trace ms, or capture ms for a pcap). */
  readonly at: Millis
  readonly message: string
}

export const showViolation = (v: Violation): string => `${v.rule} at ${v.at} ms: ${v.message}`
