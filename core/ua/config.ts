/** How a user agent is set up. Everything has a default but its name and address. */
import type { DigestAlgorithm } from '../auth/index.ts'
import type { RtpCodec } from '../sdp/index.ts'
import type { TransactionConfig } from '../transaction/index.ts'
import type { HostPort, TransportName } from './io.ts'
import { referSubscriptionSeconds } from '../subscription/index.ts'

export interface UaConfig {
  /** SIP user part of the AOR and Contact ("alice"). */
  readonly user: string
  readonly displayName?: string
  /** Host part of the AOR; the local address when absent. */
  readonly domain?: string
  /** Local address (IPv4, or IPv6 without brackets) and SIP port, for Via and Contact. */
  readonly address: string
  readonly port: number
  /** Transport of requests this UA starts. */
  readonly transport: TransportName
  /** RTP: local address, first port (each call takes the next even port), codecs in preference order. */
  readonly media: { readonly address?: string; readonly portBase: number; readonly codecs: ReadonlyArray<RtpCodec> }
  /** Transaction timers (T1, T2, T4, D) and the 100 Trying policy. */
  readonly timers: Partial<TransactionConfig>
  /** Answer incoming calls after this many milliseconds; undefined waits for `answer`. */
  readonly autoAnswerMs?: number
  /** Send the SDP offer in the INVITE (true) or ask for it in the 2xx (false, RFC 3264 §4 / RFC 3261 §13.2.1). */
  readonly offerInInvite: boolean
  /** Credentials for 401/407 challenges (RFC 3261 §22). */
  readonly credentials?: { readonly username: string; readonly password: string }
  /** Challenge incoming requests of these methods (digest server, RFC 3261 §22.1). */
  readonly authenticate?: {
    readonly realm: string
    readonly users: Readonly<Record<string, string>>
    readonly methods: ReadonlyArray<string>
    readonly algorithms: ReadonlyArray<DigestAlgorithm>
    readonly nonceTtlMs: number
  }
  /** What to do with a REFER: accept at once, reject (603), or ask the application (`transferRequested`). */
  readonly onRefer: 'accept' | 'reject' | 'ask'
  /** The 2xx to an accepted REFER: 202 for interoperability, 200 per RFC 7647 §5. */
  readonly referResponse: 200 | 202
  /**
   * Calls not yet ended (more incoming ones get 486, more dials an error), and transactions
   * (beyond it a new request gets 503 statelessly and we send no new request). Over UDP each call keeps its INVITE and BYE server
   * transactions for 64*T1 after it ends (RFC 6026 Timer L, RFC 3261 Timer J), so a UA
   * taking R calls a second holds about 64·R transactions.
   */
  readonly limits: { readonly maxCalls: number; readonly maxTransactions: number }
  /** Static name resolution: the core does no DNS (host -> address and port). */
  readonly hosts: Readonly<Record<string, HostPort>>
  /** Seed of the PRNG for tags, branches, Call-IDs, cnonces and the 491 back-off. */
  readonly seed: number
  readonly userAgent: string
  /**
   * How long an outgoing INVITE may stay unanswered before it is CANCELled. An INVITE
   * client transaction in Proceeding has no timeout of its own (Timer B stops at the
   * first 1xx; Timer C is a proxy's), so a peer that vanished while ringing would hold
   * the call forever. Default 180 s, Timer C's minimum (RFC 3261 §16.6).
   */
  readonly ringTimeoutMs: number
  /**
   * Probe an established call with an in-dialog OPTIONS this often; a 481 or 408 (or no
   * answer) means the peer lost the dialog, which ends the call (RFC 3261 §12.2.1.2).
   * Without it a call whose peer crashed stays up forever. 0 turns it off.
   */
  readonly keepaliveMs: number
  /** How long a transferee lets the transfer target ring before it CANCELs (RFC 5589 §6.3.2). */
  readonly transferRingTimeoutMs: number
  /**
   * How long a refer subscription lasts, in seconds: what a transferee offers in its first
   * NOTIFY and grants a refresh at most (R3515-17), and what a transferor asks for when it
   * refreshes. Default 180.
   */
  readonly referSubscriptionSeconds: number
  /** Extensions this UA does; turning one off makes it behave like a peer without it (RFC 5589 §7.4, §7.7). */
  readonly extensions: { readonly refer: boolean; readonly replaces: boolean }
}

export const defaultCodecs: ReadonlyArray<RtpCodec> = [
  { name: 'PCMU', payloadType: 0, clockRate: 8000 },
  { name: 'PCMA', payloadType: 8, clockRate: 8000 },
  { name: 'telephone-event', payloadType: 101, clockRate: 8000, fmtp: '0-16' },
]

export const defaultUaLimits: UaConfig['limits'] = { maxCalls: 1024, maxTransactions: 262_144 }

export type UaConfigInput = Partial<UaConfig> & Pick<UaConfig, 'user' | 'address' | 'port'>

export const withDefaults = (input: UaConfigInput): UaConfig => ({
  transport: 'udp',
  media: { portBase: 20_000, codecs: defaultCodecs },
  timers: {},
  offerInInvite: true,
  onRefer: 'accept',
  referResponse: 202,
  limits: defaultUaLimits,
  hosts: {},
  seed: 1,
  userAgent: 'sipxfer',
  ringTimeoutMs: 180_000,
  keepaliveMs: 90_000,
  transferRingTimeoutMs: 30_000,
  referSubscriptionSeconds,
  extensions: { refer: true, replaces: true },
  ...input,
})

/** Methods this UA implements (RFC 3261 §8.2.1, §20.5). */
export const allowedMethods: ReadonlyArray<string> = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'REFER', 'NOTIFY', 'SUBSCRIBE']

/** Option tags this UA supports (RFC 3891 replaces, RFC 4538 tdialog, RFC 4488 norefersub). */
export const supportedTags: ReadonlyArray<string> = ['replaces', 'tdialog', 'norefersub']

/** Methods RFC 3261 and its extensions define that this UA knows but does not do: 405, not 501. */
export const knownMethods: ReadonlyArray<string> = ['REGISTER', 'PRACK', 'UPDATE', 'INFO', 'MESSAGE', 'PUBLISH']
