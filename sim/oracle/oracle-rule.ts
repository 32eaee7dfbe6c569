/**
 * A rule of the oracle as data: an id (from rules.md, or a local one where rules.md
 * has none), what it demands, and a check over any wire trace. New rules (the
 * transfer ones) are added by appending to a list; nothing else changes.
 */
import type { Violation } from './violation.ts'
import type { WirePacket, WireTrace } from './wire-trace.ts'
import type { SipFacts } from './sip-facts.ts'

export interface OracleRule {
  readonly id: string
  readonly description: string
  readonly check: (trace: WireTrace) => ReadonlyArray<Violation>
}

/** A packet whose bytes parsed, with its facts at hand. */
export type SipPacket = WirePacket & { readonly sip: SipFacts }

export const sipPackets = (trace: WireTrace): ReadonlyArray<SipPacket> => trace.packets.filter((p): p is SipPacket => p.sip !== undefined)

/** The endpoint as it was at the time: `name#life`. */
export const senderKey = (p: WirePacket): string => `${p.sender}#${p.life}`

export const isReliable = (p: WirePacket): boolean => p.transport === 'tcp'
