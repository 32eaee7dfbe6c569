/**
 * Swarm runs that once failed (`npm run swarm` prints each failure as
 * `sipxfer sim NAME --swarm 1 --seed S`), kept and run again: each must now pass, under
 * the swarm's own checks (outcome, RFC oracle, leak check). Each entry says what it found.
 */
import { describe, expect, it } from 'vitest'
import { scenarioRegistry } from '../sim/scenario-registry.ts'
import { failureReport, runArgv } from './oracle/run-checked.ts'

const regressions: ReadonlyArray<{ readonly argv: ReadonlyArray<string>; readonly found: string }> = [
  {
    argv: ['two-refers-one-dialog', '--swarm', '1', '--seed', '500177'],
    found:
      "RFC5589-6-FINAL-SIPFRAG judged alice's 408 against a 200 that reached her only after her Timer B fired (every earlier copy was lost); the oracle now counts only finals the referee had when it reported",
  },
  {
    argv: ['rfc5589-fig13', '--swarm', '1', '--seed', '3000529'],
    found:
      "RFC5589-6-BYE-AFTER-NOTIFY: the scenario's own two fallbacks raced (the attended transfer failed with 481 after charlie's restart, while the consultation's end had started a blind one); its 2 s clean-up hung up alice mid-transfer. The scenario now waits 40 s before it cleans up",
  },
  {
    argv: ['blind-long-ring', '--swarm', '1', '--seed', '7000217'],
    found:
      "RFC5589-6-BYE-AFTER-NOTIFY: the transferor's refresh SUBSCRIBE got its 200 but every NOTIFY after it was lost, and the subscription expired at the old time: bob failed the transfer (408) and hung up while it went on. The 2xx's Expires now extends the subscription (RFC 6665 §4.1.2.1)",
  },
  {
    argv: ['blind', '--swarm', '1', '--seed', '9000453'],
    found:
      "RFC5589-6-BYE-AFTER-NOTIFY: every answer to bob's REFER was lost but alice's NOTIFYs got through; the REFER's Timer F failed the transfer (408) and bob hung up while alice completed it. A REFER that times out after its NOTIFYs arrived is now taken as accepted (R3515-14); and the oracle no longer blames the crash safety net's hang-up (two minutes after answer) on the stack",
  },
  {
    argv: ['two-refers-one-dialog', '--swarm', '1', '--seed', '9002933'],
    found:
      "R3261-12.2.1.1 (the oracle's): charlie restarted while alice's INVITE was pending, so it forked into two dialogs; alice BYEd the extra one with CSeq 2 and later probed the kept one with CSeq 2, which is right (each dialog counts on from the INVITE, RFC 3261 §12.2.1.1). The rule now keys CSeq by dialog (To tag included)",
  },
  {
    argv: ['blind-long-ring', '--swarm', '1', '--seed', '9000655'],
    found:
      "RFC5589-6-BYE-AFTER-NOTIFY: a one-way partition outlasted bob's 30 s refer subscription; it expired, bob called the transfer failed (408) and hung up while alice completed it. A subscription that ends with no final report now gives transferOutcomeUnknown (no failure claimed), and the oracle counts its end as what the transferor learned",
  },
  {
    argv: ['blind-long-ring', '--swarm', '1', '--seed', '9000453'],
    found:
      "The same, ended by alice's own expiry (terminated;reason=timeout, 100 Trying): bob had adopted a stale expires from a retransmitted first NOTIFY and never refreshed in time. The oracle now takes a terminated NOTIFY as the end of the reports",
  },
  {
    argv: ['blind-unsubscribe', '--swarm', '1', '--seed', '9007815'],
    found:
      "RFC5589-6-FINAL-SIPFRAG (the oracle's): bob's unsubscribe and charlie's 200 reached alice in the same millisecond; she took the SUBSCRIBE first and ended the reports with 180, which is right. The rule now counts only finals that arrived strictly before the report",
  },
  {
    argv: ['rfc5589-fig6', '--swarm', '1', '--seed', '9000453'],
    found:
      "R3261-15-DIALOG-ENDED: alice, the target, had a BYE of the replaced dialog under way when the ACK for her 2xx to bob's earlier re-INVITE timed out; she sent a second BYE (CSeq 3) into the dialog bob had already ended. A re-INVITE's ACK timeout no longer BYEs a call that is already ending",
  },
  {
    argv: ['rfc5589-fig13', '--swarm', '1', '--seed', '9000404'],
    found:
      "R3891-12 (the oracle's, made strict this session): charlie's BYE of the replaced dialog waited for bob's lost ACK (§15) and bob's own BYE ended it first. The other party ending it within 64·T1 of the accept counts again; later than that only a transferor's RFC 5589 §7.7 fallback would, and that is still flagged",
  },
  {
    argv: ['blind-long-ring', '--swarm', '1', '--seed', '9102225'],
    found:
      "RFC5589-6-BYE-AFTER-NOTIFY (the oracle's): it counted a retransmitted NOTIFY's expires as a new duration, though bob's transaction absorbed that copy; only the first copy of a transaction now counts",
  },
]

describe('swarm regressions', () => {
  it.each(regressions)('sipxfer sim $argv passes ($found)', ({ argv }) => {
    const run = runArgv(argv, scenarioRegistry)
    expect(run.trace.faults.mode).toBe('swarm')
    expect(run.ok, failureReport(run, `sipxfer sim ${argv.join(' ')}`)).toBe(true)
  })
})
