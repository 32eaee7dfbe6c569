/**
 * The oracle's rule list and how to run it on a trace or a capture. Append rules to
 * `rfcRules` (or pass your own list) to check more.
 */
import { transferRules } from './transfer-rules.ts'
import type { CapturedPacket } from '../pcap-import.ts'
import type { Trace } from '../trace.ts'
import { cseqMonotonic } from './cseq-monotonic.ts'
import { invite2xxAcked } from './invite-2xx-acked.ts'
import { noRequestAfterBye } from './no-request-after-bye.ts'
import { nothingLeftOpen } from './nothing-left-open.ts'
import { oneFinalResponse } from './one-final-response.ts'
import type { OracleRule } from './oracle-rule.ts'
import { inviteRetransmission, nonInviteRetransmission } from './request-retransmission.ts'
import { invite2xxRetransmission, inviteErrorRetransmission, nonInviteResponseRetransmission } from './response-retransmission.ts'
import type { Violation } from './violation.ts'
import { wireTraceOf, wireTraceOfPackets, type WireTrace } from './wire-trace.ts'

export const rfcRules: ReadonlyArray<OracleRule> = [
  oneFinalResponse,
  invite2xxAcked,
  cseqMonotonic,
  inviteRetransmission,
  nonInviteRetransmission,
  inviteErrorRetransmission,
  invite2xxRetransmission,
  nonInviteResponseRetransmission,
  noRequestAfterBye,
  nothingLeftOpen,
  ...transferRules,
]

/** Every violation of `rules`, ordered by time then rule id. */
export const checkWire = (wire: WireTrace, rules: ReadonlyArray<OracleRule> = rfcRules): ReadonlyArray<Violation> =>
  rules.flatMap((r) => r.check(wire)).sort((a, b) => a.at - b.at || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0))

export const checkTrace = (trace: Trace, rules: ReadonlyArray<OracleRule> = rfcRules): ReadonlyArray<Violation> => checkWire(wireTraceOf(trace), rules)

export const checkPackets = (packets: ReadonlyArray<CapturedPacket>, rules: ReadonlyArray<OracleRule> = rfcRules): ReadonlyArray<Violation> =>
  checkWire(wireTraceOfPackets(packets), rules)
