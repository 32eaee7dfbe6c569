/**
 * Dialog state (RFC 3261 §12): identifiers, sequence numbers, route set, remote target.
 * A dialog carries usages (RFC 5057 §3): the INVITE session and refer subscriptions;
 * it ends when its last usage ends, so a BYE ends the session usage only.
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  codecs,
  headerValue,
  headerValues,
  paramValue,
  type NameAddr,
  type SipRequest,
  type SipResponse,
  type Uri,
} from '../message/index.ts'

export type DialogState = 'Early' | 'Confirmed' | 'Terminated'

/** §12: Call-ID, local tag and remote tag identify a dialog. */
export interface DialogId {
  readonly callId: string
  readonly localTag: string
  readonly remoteTag: string
}

/** RFC 5057 §3: what shares a dialog. */
export type DialogUsage =
  | { readonly type: 'invite' }
  | { readonly type: 'subscription'; readonly event: string; readonly id: string; readonly role: 'notifier' | 'subscriber' }

export interface Dialog {
  readonly id: DialogId
  readonly state: DialogState
  /** Who sent the dialog-forming request: decides Replaces on early dialogs (RFC 3891 §3). */
  readonly initiator: 'local' | 'remote'
  /** Local and remote URIs (From/To without the tag). */
  readonly localUri: NameAddr
  readonly remoteUri: NameAddr
  readonly localSeq: number
  /** Empty (undefined) until the peer sends a request in the dialog (§12.1.2). */
  readonly remoteSeq: number | undefined
  readonly remoteTarget: Uri
  /** Route set, in the order Route headers are written. */
  readonly routeSet: ReadonlyArray<NameAddr>
  readonly secure: boolean
  readonly usages: ReadonlyArray<DialogUsage>
}

export const dialogKey = (id: DialogId): string => `${id.callId}\n${id.localTag}\n${id.remoteTag}`

const withoutTag = (na: NameAddr): NameAddr => ({ ...na, params: na.params.filter((p) => p.name.toLowerCase() !== 'tag') })

interface Tags {
  readonly callId: string
  readonly fromTag: string
  readonly toTag: string
}

const tagsOf = (msg: { readonly headers: SipRequest['headers'] }): E.Either<string, Tags> => {
  const callId = headerValue(msg, codecs.callId)
  const from = headerValue(msg, codecs.from)
  const to = headerValue(msg, codecs.to)
  if (E.isLeft(callId)) return E.left(callId.left.reason)
  if (E.isLeft(from)) return E.left(from.left.reason)
  if (E.isLeft(to)) return E.left(to.left.reason)
  return E.right({
    callId: callId.right ?? '',
    fromTag: from.right === undefined ? '' : (paramValue(from.right.params, 'tag') ?? ''),
    toTag: to.right === undefined ? '' : (paramValue(to.right.params, 'tag') ?? ''),
  })
}

/** The identifiers a UAS sees in a request: its local tag is the To tag (§12.2.2). */
export const requestDialogId = (req: SipRequest): E.Either<string, DialogId> =>
  E.map((t: Tags) => ({ callId: t.callId, localTag: t.toTag, remoteTag: t.fromTag }))(tagsOf(req))

/** The identifiers a UAC sees in a response: its local tag is the From tag (§12.1.2). */
export const responseDialogId = (res: SipResponse): E.Either<string, DialogId> =>
  E.map((t: Tags) => ({ callId: t.callId, localTag: t.fromTag, remoteTag: t.toTag }))(tagsOf(res))

const firstContact = (msg: SipRequest | SipResponse): E.Either<string, Uri> => {
  const c = headerValue(msg, codecs.contact)
  if (E.isLeft(c)) return E.left(c.left.reason)
  if (c.right === undefined || 'type' in c.right) return E.left('a dialog-forming message needs a Contact URI (RFC 3261 §12.1)')
  return E.right(c.right.uri)
}

const isSecure = (uri: string): boolean => uri.toLowerCase().startsWith('sips:')

/** From, To (untagged) and CSeq of the dialog-forming request. */
interface Forming {
  readonly from: NameAddr
  readonly to: NameAddr
  readonly seq: number
}

const formingRequest = (request: SipRequest): E.Either<string, Forming> => {
  const from = headerValue(request, codecs.from)
  const to = headerValue(request, codecs.to)
  const cseq = headerValue(request, codecs.cseq)
  if (E.isLeft(from) || E.isLeft(to) || E.isLeft(cseq) || !from.right || !to.right || !cseq.right) return E.left('request lacks From, To or CSeq')
  return E.right({ from: withoutTag(from.right), to: withoutTag(to.right), seq: cseq.right.seq })
}

interface DialogParts {
  readonly forming: Forming
  readonly target: Uri
  readonly recordRoute: ReadonlyArray<NameAddr>
}

/**
 * §12.1.1, §12.1.2: what both sides take from a dialog-forming exchange. The remote target
 * (Contact) and Record-Route come from `peer`, the message the other side sent; the URIs and
 * CSeq from the forming request.
 */
const dialogParts = (request: SipRequest, peer: SipRequest | SipResponse): E.Either<string, DialogParts> => {
  const target = firstContact(peer)
  if (E.isLeft(target)) return target
  const rr = headerValues(peer, codecs.recordRoute)
  if (E.isLeft(rr)) return E.left(rr.left.reason)
  const forming = formingRequest(request)
  if (E.isLeft(forming)) return forming
  return E.right({ forming: forming.right, target: target.right, recordRoute: rr.right })
}

/** §12.1.2: the UAC's dialog from a 1xx-with-tag or a 2xx. Route set: Record-Route reversed. */
export const dialogFromUac = (request: SipRequest, response: SipResponse): E.Either<string, Dialog> => {
  const id = responseDialogId(response)
  if (E.isLeft(id)) return id
  if (id.right.remoteTag === '') return E.left('response without a To tag creates no dialog')
  const parts = dialogParts(request, response)
  if (E.isLeft(parts)) return parts
  const { forming, target, recordRoute } = parts.right
  return E.right({
    id: id.right,
    state: response.status < 200 ? 'Early' : 'Confirmed',
    initiator: 'local',
    localUri: forming.from,
    remoteUri: forming.to,
    localSeq: forming.seq,
    remoteSeq: undefined,
    remoteTarget: target,
    routeSet: [...recordRoute].reverse(),
    secure: isSecure(request.uri),
    usages: [],
  })
}

/** §12.1.1: the UAS's dialog from the request it answers with a tagged 1xx/2xx. Route set: Record-Route in order. */
export const dialogFromUas = (request: SipRequest, localTag: string, localSeq: number, early: boolean): E.Either<string, Dialog> => {
  const id = requestDialogId(request)
  if (E.isLeft(id)) return id
  const parts = dialogParts(request, request)
  if (E.isLeft(parts)) return parts
  const { forming, target, recordRoute } = parts.right
  return E.right({
    id: { ...id.right, localTag },
    state: early ? 'Early' : 'Confirmed',
    initiator: 'remote',
    localUri: forming.to,
    remoteUri: forming.from,
    localSeq,
    remoteSeq: forming.seq,
    remoteTarget: target,
    routeSet: recordRoute,
    secure: isSecure(request.uri),
    usages: [],
  })
}

/** §13.2.2.4: a 2xx confirms an early dialog and recomputes its route set and target. */
export const confirmDialog = (dialog: Dialog, response: SipResponse): Dialog => {
  const target = firstContact(response)
  const rr = headerValues(response, codecs.recordRoute)
  return {
    ...dialog,
    state: 'Confirmed',
    remoteTarget: E.isRight(target) ? target.right : dialog.remoteTarget,
    routeSet: dialog.initiator === 'local' && E.isRight(rr) ? [...rr.right].reverse() : dialog.routeSet,
  }
}

/** Methods whose requests (and 2xx) refresh the remote target (§12.2, RFC 3515 §2, RFC 6665 §4.1). */
const targetRefresh: ReadonlySet<string> = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY', 'REFER'])

export type InDialogRejection = { readonly status: 500; readonly reason: string }

/**
 * §12.2.2: a request inside the dialog. A CSeq lower than the remote sequence number is
 * out of order; otherwise it becomes the remote sequence number. ACK and CANCEL carry the
 * INVITE's number and are not checked.
 *
 * Only an out-of-order INVITE is refused (500, §14.2): the usages of one dialog (RFC 5057)
 * share its CSeq space, so over UDP a BYE of the session may well arrive after a NOTIFY of
 * the subscription sent later; refusing that BYE would leave the call half up.
 */
export const receiveRequest = (dialog: Dialog, req: SipRequest): E.Either<InDialogRejection, Dialog> => {
  if (req.method === 'ACK' || req.method === 'CANCEL') return E.right(dialog)
  const cseq = headerValue(req, codecs.cseq)
  if (E.isLeft(cseq) || cseq.right === undefined) return E.left({ status: 500, reason: 'Bad CSeq' })
  const late = dialog.remoteSeq !== undefined && cseq.right.seq < dialog.remoteSeq
  if (late && req.method === 'INVITE') return E.left({ status: 500, reason: 'CSeq Out of Order' })
  if (late) return E.right(dialog)
  let next: Dialog = { ...dialog, remoteSeq: cseq.right.seq }
  if (targetRefresh.has(req.method)) {
    const target = firstContact(req)
    if (E.isRight(target)) next = { ...next, remoteTarget: target.right }
  }
  return E.right(next)
}

/** §12.2.1.2: a 2xx to a target-refresh request updates the remote target. */
export const receiveRefreshResponse = (dialog: Dialog, method: string, res: SipResponse): Dialog => {
  if (!targetRefresh.has(method) || res.status < 200 || res.status >= 300) return dialog
  const target = firstContact(res)
  return E.isRight(target) ? { ...dialog, remoteTarget: target.right } : dialog
}

export const hasUsage = (dialog: Dialog, match: (u: DialogUsage) => boolean): boolean => dialog.usages.some(match)

export const addUsage = (dialog: Dialog, usage: DialogUsage): Dialog =>
  dialog.usages.some((u) => sameUsage(u, usage)) ? dialog : { ...dialog, usages: [...dialog.usages, usage] }

/** RFC 5057 §5: remove one usage; the dialog terminates with its last usage. */
export const removeUsage = (dialog: Dialog, usage: DialogUsage): Dialog => {
  const usages = dialog.usages.filter((u) => !sameUsage(u, usage))
  return { ...dialog, usages, state: usages.length === 0 ? 'Terminated' : dialog.state }
}

const sameUsage = (a: DialogUsage, b: DialogUsage): boolean =>
  a.type === 'invite' ? b.type === 'invite' : b.type === 'subscription' && a.event === b.event && a.id === b.id && a.role === b.role
