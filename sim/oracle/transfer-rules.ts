/**
 * The transfer rules of the oracle (RFC 3515, RFC 3891, RFC 4488, RFC 5589), checked on
 * the wire. Only what the wire shows is judged; a rule skips a party that crashed in
 * the middle (its later life remembers nothing) and runs that never settled.
 */
import * as E from 'fp-ts/lib/Either.js'
import { codecs, headerValue, headerValues, rawHeader, type SipMessage } from '../../core/message/index.ts'
import { parseSipFrag } from '../../core/sipfrag/index.ts'
import { sipPackets, type OracleRule, type SipPacket } from './oracle-rule.ts'
import type { Violation } from './violation.ts'
import type { WirePacket, WireTrace } from './wire-trace.ts'

type Full = SipPacket & { readonly message: SipMessage }

const packetsOf = (trace: WireTrace): ReadonlyArray<Full> =>
  sipPackets(trace).filter((p): p is Full => (p as WirePacket).message !== undefined)

const settled = (trace: WireTrace): boolean => trace.outcome === undefined || trace.outcome.type === 'pass' || trace.outcome.type === 'expectation-failed'

const arrived = (p: WirePacket): boolean => p.deliveries.length > 0

const requests = (ps: ReadonlyArray<Full>, method: string) => ps.filter((p) => p.sip.kind === 'request' && p.sip.method === method)
const responsesTo = (ps: ReadonlyArray<Full>, req: Full) =>
  ps.filter((p) => p.sip.kind === 'response' && p.sip.method === req.sip.method && p.sip.callId === req.sip.callId && p.sip.cseq === req.sip.cseq && p.sip.branch === req.sip.branch)

/** The event id of a refer NOTIFY (R3515-19), or undefined when it has none. */
const eventId = (m: SipMessage): string | undefined => {
  const e = headerValue(m, codecs.event)
  return E.isRight(e) ? e.right?.id : undefined
}
const isReferEvent = (m: SipMessage): boolean => {
  const e = headerValue(m, codecs.event)
  return E.isRight(e) && e.right?.package.toLowerCase() === 'refer'
}
const terminated = (m: SipMessage): boolean => {
  const s = headerValue(m, codecs.subscriptionState)
  return E.isRight(s) && s.right?.state === 'terminated'
}
const fragStatus = (m: SipMessage): number | undefined => {
  const f = parseSipFrag(m.body)
  return E.isRight(f) && f.right.startLine?.type === 'response' ? f.right.startLine.status : undefined
}

/** R3515-7/9, R7647-7: a REFER that arrives gets a final response, and only one (2xx or an error). */
export const referAnswered: OracleRule = {
  id: 'R3515-9',
  description: 'every REFER that arrives gets exactly one final response (2xx or an error)',
  check: (trace) => {
    if (!trace.deliveryKnown || !settled(trace)) return []
    const ps = packetsOf(trace)
    const out: Violation[] = []
    for (const refer of requests(ps, 'REFER')) {
      if (!arrived(refer) || refer.deliveries.some((d) => d.life !== refer.deliveries[0]!.life)) continue
      // Only the answers of the life that got the REFER: a restarted node answers retransmissions afresh (481).
      const life = refer.deliveries[0]!.life
      const finals = new Set(responsesTo(ps, refer).filter((r) => (r.sip.status ?? 0) >= 200 && r.life === life).map((r) => r.sip.status))
      if (finals.size === 0) out.push({ rule: referAnswered.id, at: refer.at, message: `${refer.receiver} never answered the REFER (packet ${refer.packet})` })
      if (finals.size > 1) out.push({ rule: referAnswered.id, at: refer.at, message: `the REFER (packet ${refer.packet}) got several final responses: ${[...finals].join(', ')}` })
    }
    return dedupe(out)
  },
}

/**
 * Whether `node` crashed after `at` (then it remembers nothing of what came before): from
 * the trace's crashes, or, in a capture, from a later life seen on the wire.
 */
const crashedAfter = (trace: WireTrace, ps: ReadonlyArray<Full>, node: string, at: number, life: number): boolean =>
  trace.crashes !== undefined
    ? trace.crashes.some((c) => c.node === node && c.at >= at)
    : ps.some((p) => (p.receiver === node && p.deliveries.some((d) => d.life > life)) || (p.sender === node && p.life > life))

/**
 * R3515-10/20, R4488-3: an accepted REFER's subscription ends with a terminated NOTIFY,
 * unless Refer-Sub: false was granted. Judged on every run that settled, except where a
 * party forgot the subscription (a restart), or a NOTIFY of it went unanswered or was
 * refused: the notifier then drops it without a word (RFC 6665 §4.2.2, R6665-17).
 */
export const subscriptionTerminated: OracleRule = {
  id: 'R3515-20',
  description: "every accepted REFER's subscription ends with a NOTIFY saying terminated (unless Refer-Sub: false)",
  check: (trace) => {
    if (!trace.deliveryKnown || !settled(trace)) return []
    const ps = packetsOf(trace)
    const out: Violation[] = []
    for (const refer of requests(ps, 'REFER')) {
      const accepted = responsesTo(ps, refer).find((r) => (r.sip.status ?? 0) >= 200 && (r.sip.status ?? 0) < 300)
      if (accepted === undefined) continue
      const referSub = headerValue(accepted.message, codecs.referSub)
      if (E.isRight(referSub) && referSub.right?.value === false) continue
      const referee = refer.receiver
      // From the first acceptance on (`refer` may be a retransmission sent later).
      const since = Math.min(refer.at, accepted.at)
      if (crashedAfter(trace, ps, referee, since, accepted.life) || crashedAfter(trace, ps, refer.sender, since, refer.life)) continue
      const event = String(refer.sip.cseq)
      const notifies = ps.filter(
        (n) => n.sip.kind === 'request' && n.sip.method === 'NOTIFY' && n.sender === referee && n.sip.callId === refer.sip.callId && isReferEvent(n.message) && (eventId(n.message) ?? event) === event,
      )
      const ended = notifies.some((n) => terminated(n.message))
      const dropped = notifies.some((n) => {
        const finals = responsesTo(ps, n).filter((r) => (r.sip.status ?? 0) >= 200 && r.deliveries.length > 0)
        return finals.length === 0 || finals.some((r) => (r.sip.status ?? 0) >= 300)
      })
      if (!ended && !dropped) out.push({ rule: subscriptionTerminated.id, at: accepted.at, message: `${referee} accepted the REFER (CSeq ${event}, call-id ${refer.sip.callId}) but never sent a terminated NOTIFY` })
    }
    return dedupe(out)
  },
}

/** R3515-13/18: a refer NOTIFY carries a message/sipfrag body that begins with a status line. */
export const sipfragWellFormed: OracleRule = {
  id: 'R3515-18',
  description: 'refer NOTIFYs carry a message/sipfrag body beginning with a SIP status line',
  check: (trace) => {
    const out: Violation[] = []
    for (const n of requests(packetsOf(trace), 'NOTIFY')) {
      if (!isReferEvent(n.message)) continue
      const type = (rawHeader(n.message, 'content-type') ?? '').toLowerCase()
      if (!type.startsWith('message/sipfrag') || fragStatus(n.message) === undefined) {
        out.push({ rule: sipfragWellFormed.id, at: n.at, message: `${n.sender}'s refer NOTIFY (packet ${n.packet}) has no sipfrag status line (Content-Type "${type}")` })
      }
    }
    return dedupe(out)
  },
}

/**
 * R3515-18, RFC 5589 §6: the final sipfrag reports the final response the referenced
 * INVITE got. The INVITE is the referee's next INVITE to the Refer-To user after the REFER.
 */
export const finalFragMatches: OracleRule = {
  id: 'RFC5589-6-FINAL-SIPFRAG',
  description: "the final sipfrag's status is the final response of the INVITE the REFER triggered",
  check: (trace) => {
    if (!trace.deliveryKnown || !settled(trace)) return []
    const ps = packetsOf(trace)
    const out: Violation[] = []
    for (const refer of requests(ps, 'REFER')) {
      if (!arrived(refer)) continue
      const target = headerValue(refer.message, codecs.referTo)
      const user = E.isRight(target) && target.right?.uri.type === 'sip' ? target.right.uri.user : undefined
      const referee = refer.receiver
      const event = String(refer.sip.cseq)
      const finalNotify = ps.find(
        (n) => n.sip.kind === 'request' && n.sip.method === 'NOTIFY' && n.sender === referee && n.sip.callId === refer.sip.callId && isReferEvent(n.message) && (eventId(n.message) ?? event) === event && terminated(n.message),
      )
      if (finalNotify === undefined) continue
      const reported = fragStatus(finalNotify.message)
      // The referenced INVITE carries the Replaces of the Refer-To, or none when it had none (RFC 3891 §6.1).
      const replaced = E.isRight(target) && target.right?.uri.type === 'sip' ? target.right.uri.headers.find((h) => h.name.toLowerCase() === 'replaces')?.value : undefined
      const replacedCallId = replaced === undefined ? undefined : replaced.split(';')[0]?.trim()
      const invite = ps.find((i) => {
        if (i.sip.kind !== 'request' || i.sip.method !== 'INVITE' || i.sender !== referee || i.at < refer.at || i.at > finalNotify.at) return false
        if (user === undefined || i.message.type !== 'request' || !i.message.uri.includes(`${user}@`)) return false
        const r = headerValue(i.message, codecs.replaces)
        const callId = E.isRight(r) ? r.right?.callId : undefined
        return callId === replacedCallId
      })
      if (invite === undefined || reported === undefined) continue
      // Only a final the referee had by the time it reported counts: one that all faults kept
      // away until its Timer B fired (then 408 is the truth it knew) arrives too late to judge.
      const final = ps.find(
        (r) =>
          r.sip.kind === 'response' &&
          r.sip.method === 'INVITE' &&
          r.sip.callId === invite.sip.callId &&
          r.sip.cseq === invite.sip.cseq &&
          (r.sip.status ?? 0) >= 200 &&
          r.receiver === referee &&
          // Strictly before: arrivals at the same instant may be taken in either order.
          r.deliveries.some((d) => d.at < finalNotify.at),
      )
      if (final === undefined) continue // never answered in time (cancelled or timed out): any failure status is fair
      const got = final.sip.status ?? 0
      const ok = got >= 200 && got < 300 ? reported >= 200 && reported < 300 : reported === got || reported >= 300
      if (!ok) out.push({ rule: finalFragMatches.id, at: finalNotify.at, message: `${referee} reported ${reported} for a referenced INVITE that got ${got} (packet ${finalNotify.packet})` })
    }
    return dedupe(out)
  },
}

/**
 * RFC 5589 §6, §7.3: the transferor ends the call with the transferee only after the
 * final 2xx sipfrag — unless the scenario asked for the early-BYE variant or Refer-Sub:
 * false (no report will come), or the REFER itself failed.
 */
export const noByeBeforeSuccess: OracleRule = {
  id: 'RFC5589-6-BYE-AFTER-NOTIFY',
  description: 'the transferor does not BYE the transferee before the final 2xx sipfrag (early-BYE variant aside)',
  check: (trace) => {
    if (!trace.deliveryKnown || !settled(trace)) return []
    const ps = packetsOf(trace)
    const out: Violation[] = []
    for (const refer of requests(ps, 'REFER')) {
      const transferor = refer.sender
      // A referee that crashed after the REFER remembers nothing of it: no outcome will come.
      const referLife = refer.deliveries[0]?.life ?? 0
      if (ps.some((p) => p.receiver === refer.receiver && p.deliveries.some((d) => d.life > referLife))) continue
      const answers = responsesTo(ps, refer).filter((r) => (r.sip.status ?? 0) >= 200)
      if (answers.length === 0 || answers.every((a) => (a.sip.status ?? 0) >= 300)) continue
      // An error answer that reached the transferor (e.g. 481 from a referee that restarted) is its outcome.
      if (answers.some((a) => (a.sip.status ?? 0) >= 300 && a.deliveries.length > 0)) continue
      if (answers.some((a) => { const rs = headerValue(a.message, codecs.referSub); return E.isRight(rs) && rs.right?.value === false })) continue
      // The dialog the transfer is about: the REFER's own, or the one its Target-Dialog names.
      const td = headerValue(refer.message, codecs.targetDialog)
      const dialogCallId = E.isRight(td) && td.right !== undefined ? td.right.callId : refer.sip.callId
      const event = String(refer.sip.cseq)
      const success = ps.find((n) => n.sip.kind === 'request' && n.sip.method === 'NOTIFY' && n.receiver === transferor && n.deliveries.length > 0 && n.sip.callId === refer.sip.callId && (eventId(n.message) ?? event) === event && (fragStatus(n.message) ?? 0) >= 200 && (fragStatus(n.message) ?? 0) < 300)
      const failure = ps.find((n) => n.sip.kind === 'request' && n.sip.method === 'NOTIFY' && n.receiver === transferor && n.deliveries.length > 0 && n.sip.callId === refer.sip.callId && (eventId(n.message) ?? event) === event && (fragStatus(n.message) ?? 0) >= 300)
      const bye = ps.find((b) => b.sip.kind === 'request' && b.sip.method === 'BYE' && b.sender === transferor && b.sip.callId === dialogCallId && b.at >= refer.at)
      if (bye === undefined) continue
      // The subscription may also run out with no report: then the transferor knows none will come.
      const ranOut = subscriptionRanOut(ps, refer, transferor, event)
      const learned = Math.min(success?.deliveries[0]?.at ?? Infinity, failure?.deliveries[0]?.at ?? Infinity, ranOut)
      // A transferor that unsubscribed (SUBSCRIBE with Expires: 0, R3515-15) gave up the report: it may end its call.
      const unsubscribed = ps.some((u) => u.sip.kind === 'request' && u.sip.method === 'SUBSCRIBE' && u.sender === transferor && u.sip.callId === refer.sip.callId && (eventId(u.message) ?? event) === event && u.at <= bye.at && expiresZero(u.message))
      // The scenario's own hang-up (e.g. the swarm's crash safety net), not the stack's.
      const delay = trace.hangupAfterAnswer?.(transferor)
      const answered = ps.find((a) => a.sip.kind === 'response' && a.sip.method === 'INVITE' && a.sip.callId === dialogCallId && (a.sip.status ?? 0) >= 200 && (a.sip.status ?? 0) < 300)
      const byApplication = delay !== undefined && answered !== undefined && bye.at >= answered.at + delay
      if (bye.at < learned && !unsubscribed && !byApplication && !earlyByeAllowed(trace, transferor)) {
        out.push({ rule: noByeBeforeSuccess.id, at: bye.at, message: `${transferor} sent BYE (packet ${bye.packet}) before learning the transfer's outcome` })
      }
    }
    return dedupe(out)
  },
}

/**
 * When the transferor's refer subscription ran out, as the transferor saw it: the last
 * duration it was told, by an active NOTIFY (R6665-8) or the 2xx of its refresh (RFC 6665
 * §4.1.2.1), counted from when that arrived; a terminated NOTIFY; or a refresh refused
 * outright (R6665-4).
 */
const subscriptionRanOut = (ps: ReadonlyArray<Full>, refer: Full, transferor: string, event: string): number => {
  let end = Infinity
  // In the order they arrived; once it has run out, what comes later does not revive it.
  const arrivals = ps
    .filter((p) => p.sip.callId === refer.sip.callId && p.receiver === transferor && p.deliveries.length > 0)
    .map((p) => ({ p, at: p.deliveries[0]!.at }))
    .sort((a, b) => a.at - b.at)
  // A retransmission (same branch) is absorbed by the transaction: only the first copy reaches the UA.
  const seen = new Set<string>()
  for (const { p, at } of arrivals) {
    if (at > end) break
    const copy = `${p.sip.kind}|${p.sip.branch}|${p.sip.cseq}|${p.sip.status ?? ''}`
    if (seen.has(copy)) continue
    seen.add(copy)
    if (p.sip.kind === 'request' && p.sip.method === 'NOTIFY' && isReferEvent(p.message) && (eventId(p.message) ?? event) === event) {
      const state = headerValue(p.message, codecs.subscriptionState)
      const expires = E.isRight(state) && state.right?.state === 'active' ? state.right.expires : undefined
      if (expires !== undefined) end = at + expires * 1000
      // Ended by the notifier (R6665-9): a final report, if any, is judged above.
      if (terminated(p.message)) end = at
    } else if (p.sip.kind === 'response' && p.sip.method === 'SUBSCRIBE') {
      const status = p.sip.status ?? 0
      const expires = headerValue(p.message, codecs.expires)
      if (status >= 200 && status < 300 && E.isRight(expires) && expires.right !== undefined) end = at + expires.right * 1000
      else if ([404, 405, 410, 416, 480, 481, 482, 483, 484, 485, 489, 501, 604].includes(status)) end = at
    }
  }
  return end
}

const expiresZero = (message: SipMessage): boolean => {
  const expires = headerValue(message, codecs.expires)
  return E.isRight(expires) && expires.right === 0
}

/** Whether the scenario (a simulator trace) had this node transfer with earlyBye, or its peer hang up itself. */
const earlyByeAllowed = (trace: WireTrace, node: string): boolean => trace.earlyBye?.(node) ?? true

/** RFC 3891 §3 (R3891-12/13): the target ends the dialog it replaced, with BYE (or CANCEL if it was early and its own). */
export const replacedDialogEnded: OracleRule = {
  id: 'R3891-12',
  description: 'a target that accepted an INVITE with Replaces ends the replaced dialog',
  check: (trace) => {
    if (!trace.deliveryKnown || trace.outcome?.type !== 'pass') return []
    const ps = packetsOf(trace)
    const out: Violation[] = []
    for (const invite of requests(ps, 'INVITE')) {
      const replaces = headerValue(invite.message, codecs.replaces)
      if (E.isLeft(replaces) || replaces.right === undefined || !arrived(invite)) continue
      const target = invite.receiver
      const lives = new Set(invite.deliveries.map((d) => d.life))
      // A target that crashed after accepting forgot the dialog it was to end (the peer's keepalive ends it).
      if (ps.some((p) => p.receiver === target && p.deliveries.some((d) => d.life > Math.max(...lives)))) continue
      const accepted = responsesTo(ps, invite).find((r) => (r.sip.status ?? 0) >= 200 && (r.sip.status ?? 0) < 300 && r.sender === target && lives.has(r.life))
      // Only a target that says it supports Replaces (RFC 3891 §6.2) took the INVITE as one; a
      // target that does not (a real-peer form) took it as a new call, and the transferor ends the dialog.
      if (accepted === undefined || !supports(accepted.message, 'replaces')) continue
      const callId = replaces.right.callId
      // The target itself ends it (R3891-12). The other party may get there first (a clean-up,
      // or the target's BYE waiting for an ACK, §15): that counts only within 64·T1 of the
      // accept, sooner than a transferor's fallback for a target that never does (RFC 5589 §7.7).
      const byOther = accepted.at + 64 * trace.timersOf(target).t1
      const ended = ps.some(
        (p) => p.sip.kind === 'request' && (p.sip.method === 'BYE' || p.sip.method === 'CANCEL') && p.sip.callId === callId && (p.sender === target || (p.receiver === target && p.at < byOther)),
      )
      if (!ended) out.push({ rule: replacedDialogEnded.id, at: invite.at, message: `${target} accepted a Replaces of ${callId} (packet ${invite.packet}) but that dialog was never ended` })
    }
    return dedupe(out)
  },
}

/**
 * RFC 3891 §3 (R3891-3/12): a Replaces naming a confirmed dialog the target still has
 * is not answered 481. Known only on the wire when the target answered that dialog's
 * INVITE 2xx and neither side has sent BYE or CANCEL in it.
 */
export const replacesVerdicts: OracleRule = {
  id: 'R3891-3',
  description: 'a Replaces naming a live confirmed dialog of the target is not answered 481',
  check: (trace) => {
    if (!trace.deliveryKnown || !settled(trace)) return []
    const ps = packetsOf(trace)
    const out: Violation[] = []
    for (const invite of requests(ps, 'INVITE')) {
      const replaces = headerValue(invite.message, codecs.replaces)
      if (E.isLeft(replaces) || replaces.right === undefined || replaces.right.earlyOnly) continue
      const target = invite.receiver
      const arrival = invite.deliveries[0]
      // A target that restarted has lost every dialog it had: 481 is its right answer.
      if (arrival === undefined || arrival.life > 0) continue
      const r = replaces.right
      const live = ps.some((p) => p.sip.kind === 'response' && p.sip.method === 'INVITE' && p.sip.callId === r.callId && (p.sip.status ?? 0) >= 200 && (p.sip.status ?? 0) < 300 && p.at < arrival.at && p.life === arrival.life && (p.sender === target || p.receiver === target) && ((p.sip.toTag === r.toTag && p.sip.fromTag === r.fromTag) || (p.sip.toTag === r.fromTag && p.sip.fromTag === r.toTag)))
      const gone = ps.some((p) => p.sip.kind === 'request' && (p.sip.method === 'BYE' || p.sip.method === 'CANCEL') && p.sip.callId === r.callId && p.at < arrival.at)
      if (!live || gone) continue
      const refused = responsesTo(ps, invite).find((x) => x.sip.status === 481 && x.sender === target && x.life === arrival.life)
      if (refused !== undefined) out.push({ rule: replacesVerdicts.id, at: refused.at, message: `${target} answered 481 to a Replaces of its live dialog ${r.callId} (packet ${invite.packet})` })
    }
    return dedupe(out)
  },
}

const supports = (m: SipMessage, tag: string): boolean => {
  const tags = headerValues(m, codecs.supported)
  return E.isRight(tags) && tags.right.some((t) => t.toLowerCase() === tag)
}

const dedupe = (vs: ReadonlyArray<Violation>): ReadonlyArray<Violation> => {
  const seen = new Set<string>()
  return vs.filter((v) => (seen.has(v.message) ? false : (seen.add(v.message), true)))
}

export const transferRules: ReadonlyArray<OracleRule> = [referAnswered, subscriptionTerminated, sipfragWellFormed, finalFragMatches, noByeBeforeSuccess, replacedDialogEnded, replacesVerdicts]
