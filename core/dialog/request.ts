/**
 * Building requests: inside a dialog (RFC 3261 §12.2.1.1) and outside one (§8.1.1).
 * Header order follows the RFC's examples: Via, Max-Forwards, Route, To, From, Call-ID,
 * CSeq, Contact, then extensions, Content-Type, Content-Length.
 */
import {
  codecs,
  field,
  formatUri,
  hasParam,
  type HeaderField,
  type NameAddr,
  type SipRequest,
  type Uri,
  type Via,
} from '../message/index.ts'
import type { Dialog } from './dialog.ts'

/** The top Via a UA writes for its own request (RFC 3261 §8.1.1.7, RFC 3581 rport). */
export interface ViaSpec {
  readonly transport: string
  readonly host: string
  readonly port: number
  readonly branch: string
}

export interface RequestExtras {
  /** Extension headers, placed after Contact. */
  readonly headers?: ReadonlyArray<HeaderField>
  readonly body?: Uint8Array
  readonly contentType?: string
  readonly contact?: NameAddr
  readonly maxForwards?: number
}

export const viaOf = (spec: ViaSpec): Via => ({
  protocol: 'SIP/2.0',
  transport: spec.transport.toUpperCase(),
  host: spec.host.includes(':') && !spec.host.startsWith('[') ? `[${spec.host}]` : spec.host,
  port: spec.port,
  params: [{ name: 'branch', value: spec.branch }, { name: 'rport' }],
})

const withTag = (na: NameAddr, tag: string): NameAddr =>
  tag === '' ? na : { ...na, params: [...na.params.filter((p) => p.name.toLowerCase() !== 'tag'), { name: 'tag', value: tag }] }

const assemble = (
  method: string,
  uri: string,
  via: ViaSpec,
  route: ReadonlyArray<NameAddr>,
  to: NameAddr,
  from: NameAddr,
  callId: string,
  seq: number,
  extras: RequestExtras,
): SipRequest => {
  const body = extras.body ?? new Uint8Array(0)
  const headers: Array<HeaderField> = [
    field(codecs.via, viaOf(via)),
    field(codecs.maxForwards, extras.maxForwards ?? 70),
    ...route.map((r) => field(codecs.route, r)),
    field(codecs.to, to),
    field(codecs.from, from),
    field(codecs.callId, callId),
    field(codecs.cseq, { seq, method }),
  ]
  if (extras.contact !== undefined) headers.push(field(codecs.contact, extras.contact))
  if (extras.headers !== undefined) headers.push(...extras.headers)
  if (extras.contentType !== undefined && body.length > 0) headers.push({ name: 'Content-Type', key: 'content-type', value: extras.contentType })
  headers.push(field(codecs.contentLength, body.length))
  return { type: 'request', method, uri, version: 'SIP/2.0', headers, body }
}

/**
 * §12.2.1.1: a request in the dialog. CSeq is the local sequence number plus one (ACK
 * and CANCEL pass `seq` to reuse the INVITE's). Loose routing keeps the remote target
 * as Request-URI; a strict first route becomes the Request-URI and the remote target
 * goes last in Route.
 */
export const inDialogRequest = (
  dialog: Dialog,
  method: string,
  via: ViaSpec,
  extras: RequestExtras = {},
  seq?: number,
): readonly [SipRequest, Dialog] => {
  const next = seq ?? dialog.localSeq + 1
  const first = dialog.routeSet[0]
  const strict = first !== undefined && !(first.uri.type === 'sip' && hasParam(first.uri.params, 'lr'))
  const uri = strict ? formatUri(first.uri) : formatUri(dialog.remoteTarget)
  const route = strict ? [...dialog.routeSet.slice(1), { uri: dialog.remoteTarget, params: [] }] : dialog.routeSet
  const req = assemble(
    method,
    uri,
    via,
    route,
    withTag(dialog.remoteUri, dialog.id.remoteTag),
    withTag(dialog.localUri, dialog.id.localTag),
    dialog.id.callId,
    next,
    extras,
  )
  return [req, seq === undefined ? { ...dialog, localSeq: next } : dialog]
}

export interface OutOfDialogSpec {
  readonly method: string
  readonly uri: Uri
  readonly from: NameAddr
  readonly fromTag: string
  readonly to: NameAddr
  readonly callId: string
  readonly seq: number
  readonly via: ViaSpec
  readonly route?: ReadonlyArray<NameAddr>
}

/** §8.1.1: a request outside any dialog (INVITE, OPTIONS, REGISTER, REFER with Target-Dialog …). */
export const outOfDialogRequest = (spec: OutOfDialogSpec, extras: RequestExtras = {}): SipRequest =>
  assemble(spec.method, formatUri(spec.uri), spec.via, spec.route ?? [], spec.to, withTag(spec.from, spec.fromTag), spec.callId, spec.seq, extras)

/**
 * §13.2.2.4: the ACK of a 2xx built from the INVITE and the 2xx alone, for when the
 * dialog is already gone (a re-INVITE answered after the call ended must still be ACKed).
 */
export const ackOfInvite = (invite: SipRequest, response: { readonly headers: ReadonlyArray<HeaderField> }, via: ViaSpec): SipRequest => {
  const pick = (msg: { readonly headers: ReadonlyArray<HeaderField> }, key: string) => msg.headers.filter((h) => h.key === key)
  const cseq = pick(invite, 'cseq')[0]?.value.trim().split(/\s+/)[0] ?? '1'
  const headers: Array<HeaderField> = [
    field(codecs.via, viaOf(via)),
    field(codecs.maxForwards, 70),
    ...pick(invite, 'route'),
    ...pick(response, 'to'),
    ...pick(invite, 'from'),
    ...pick(invite, 'call-id'),
    { name: 'CSeq', key: 'cseq', value: `${cseq} ACK` },
    field(codecs.contentLength, 0),
  ]
  return { type: 'request', method: 'ACK', uri: invite.uri, version: 'SIP/2.0', headers, body: new Uint8Array(0) }
}

/** Where a dialog's next request goes: the first route, else the remote target (§12.2.1.1, §8.1.2). */
export const nextHopUri = (dialog: Dialog): Uri => dialog.routeSet[0]?.uri ?? dialog.remoteTarget
