/**
 * Small message builders for the transaction tests and properties (not used by the
 * layer). Messages are built as data, the way a TU would, with canonical headers.
 */
import { rawField, type HeaderField, type SipRequest, type SipResponse } from '../../message/index.ts'
import type { HostPort } from '../endpoint.ts'

export const alice: HostPort = { address: '192.0.2.10', port: 5060 }
export const bob: HostPort = { address: '192.0.2.20', port: 5060 }

const fields = (headers: ReadonlyArray<readonly [string, string]>): ReadonlyArray<HeaderField> =>
  headers.map(([name, value]) => rawField(name, value))

export interface RequestSpec {
  readonly method?: string
  readonly uri?: string
  readonly branch?: string | undefined
  /** The whole top Via value; overrides `branch` and `sentBy`. */
  readonly via?: string
  readonly sentBy?: string
  readonly callId?: string
  readonly cseq?: number
  readonly cseqMethod?: string
  readonly fromTag?: string
  readonly toTag?: string
  readonly extra?: ReadonlyArray<readonly [string, string]>
}

/** A request; `branch: undefined` (given explicitly) leaves the Via without one (RFC 2543). */
export const request = (spec: RequestSpec = {}): SipRequest => {
  const method = spec.method ?? 'INVITE'
  const branch = 'branch' in spec ? spec.branch : 'z9hG4bK776asdhds'
  const via = spec.via ?? `SIP/2.0/UDP ${spec.sentBy ?? 'pc33.atlanta.example.com'}${branch === undefined ? '' : `;branch=${branch}`}`
  return {
    type: 'request',
    method,
    uri: spec.uri ?? 'sip:bob@biloxi.example.com',
    version: 'SIP/2.0',
    headers: fields([
      ['Via', via],
      ['Max-Forwards', '70'],
      ['To', `Bob <sip:bob@biloxi.example.com>${spec.toTag === undefined ? '' : `;tag=${spec.toTag}`}`],
      ['From', `Alice <sip:alice@atlanta.example.com>;tag=${spec.fromTag ?? '1928301774'}`],
      ['Call-ID', spec.callId ?? 'a84b4c76e66710@pc33.atlanta.example.com'],
      ['CSeq', `${spec.cseq ?? 314159} ${spec.cseqMethod ?? method}`],
      ...(spec.extra ?? []),
    ]),
    body: new Uint8Array(0),
  }
}

const reasons: Readonly<Record<number, string>> = {
  100: 'Trying', 180: 'Ringing', 183: 'Session Progress', 200: 'OK', 202: 'Accepted', 302: 'Moved Temporarily',
  404: 'Not Found', 408: 'Request Timeout', 486: 'Busy Here', 487: 'Request Terminated', 503: 'Service Unavailable',
}

/** A response to `req` as a UAS builds it (§8.2.6.2): Via, From, Call-ID, CSeq copied; To with `toTag`. */
export const responseTo = (req: SipRequest, status: number, toTag: string | undefined = status === 100 ? undefined : 'a6c85cf'): SipResponse => ({
  type: 'response',
  version: 'SIP/2.0',
  status,
  reason: reasons[status] ?? 'Status',
  headers: req.headers
    .filter((h) => h.key === 'via' || h.key === 'from' || h.key === 'call-id' || h.key === 'cseq' || h.key === 'to')
    .map((h) => (h.key === 'to' && toTag !== undefined && !/;tag=/i.test(h.value) ? rawField('To', `${h.value};tag=${toTag}`) : h)),
  body: new Uint8Array(0),
})

/** A message with one header's value replaced (all fields with that key). */
export const withHeader = <M extends SipRequest | SipResponse>(msg: M, name: string, value: string): M => {
  const f = rawField(name, value)
  return { ...msg, headers: msg.headers.map((h) => (h.key === f.key ? f : h)) }
}

/** The ACK of a 2xx as the UAC core sends it: a new branch (§13.2.2.4). */
export const ackFor2xx = (invite: SipRequest, toTag: string, branch = 'z9hG4bKnew2xxack'): SipRequest =>
  withHeader(
    request({ method: 'ACK', branch, cseqMethod: 'ACK', toTag, cseq: 314159 }),
    'Call-ID',
    invite.headers.find((h) => h.key === 'call-id')?.value ?? '',
  )
