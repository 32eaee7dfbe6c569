/**
 * Refer-To for transfer (RFC 3515 §2.1, RFC 5589 §7.3, RFC 3891 §6.1): building the
 * target of an attended transfer with an escaped Replaces, and reading what a Refer-To
 * asks the referee to do.
 */
import * as E from 'fp-ts/lib/Either.js'
import { codecs, headerValue, type NameAddr, type Param, type Replaces, type SipUri, type Uri } from '../message/index.ts'
import type { Dialog } from '../dialog/index.ts'

/**
 * The Replaces of a dialog as its peer sees it (RFC 5589 §3 conventions): to-tag is the
 * recipient's own tag (our remote tag), from-tag its peer's (our local tag).
 */
export const replacesFor = (dialog: Dialog): Replaces => ({
  callId: dialog.id.callId,
  toTag: dialog.id.remoteTag,
  fromTag: dialog.id.localTag,
  earlyOnly: false,
  params: [],
})

/** `<contact?Replaces=…>` for an attended transfer (RFC 5589 §7.3: TT's Contact URI). */
export const attendedReferTo = (consultation: Dialog, requireReplaces: boolean): NameAddr => {
  const target = consultation.remoteTarget
  const replaces = codecs.replaces.format(replacesFor(consultation))
  const headers: ReadonlyArray<Param> = [
    { name: 'Replaces', value: replaces },
    ...(requireReplaces ? [{ name: 'Require', value: 'replaces' }] : []),
  ]
  const uri: Uri = target.type === 'sip' ? { ...target, headers } : target
  return { uri, params: [] }
}

/** What a REFER asks for: a target URI without headers, and the headers to put on the INVITE. */
export interface Referral {
  readonly target: Uri
  readonly replaces?: Replaces
  /** Extra option tags the URI asks to Require (RFC 5589 §7.3 `Require=replaces`). */
  readonly require: ReadonlyArray<string>
  /** The Refer-To as received, for events. */
  readonly referTo: NameAddr
}

/** Why a REFER cannot be acted on, with the status to answer (RFC 3515 §2.4.2). */
export interface ReferProblem {
  readonly status: number
  readonly reason: string
}

/**
 * Read the single Refer-To of a REFER (R3515-6/7: zero or several is 400), which must be
 * a SIP URI (R3515-8: other schemes are declined); the URI's Replaces header (unescaped
 * once by the URI parser) must itself be a valid Replaces value.
 */
export const readReferral = (refer: { readonly headers: ReadonlyArray<{ readonly key: string; readonly value: string; readonly name: string }> }): E.Either<ReferProblem, Referral> => {
  const count = refer.headers.filter((h) => h.key === 'refer-to').length
  if (count !== 1) return E.left({ status: 400, reason: count === 0 ? 'Missing Refer-To' : 'More Than One Refer-To' })
  const referTo = headerValue(refer, codecs.referTo)
  if (E.isLeft(referTo) || referTo.right === undefined) return E.left({ status: 400, reason: 'Bad Refer-To' })
  const uri = referTo.right.uri
  if (uri.type !== 'sip') return E.left({ status: 603, reason: 'Decline (Refer-To is not a SIP URI)' })
  const sip: SipUri = uri
  let replaces: Replaces | undefined
  const require: Array<string> = []
  for (const h of sip.headers) {
    const name = h.name.toLowerCase()
    if (name === 'replaces' && h.value !== undefined) {
      const r = codecs.replaces.parse(h.value)
      if (E.isLeft(r)) return E.left({ status: 400, reason: `Bad Replaces in Refer-To: ${r.left.reason}` })
      replaces = r.right
    } else if (name === 'require' && h.value !== undefined) {
      require.push(...h.value.split(',').map((t) => t.trim()).filter((t) => t.length > 0))
    }
  }
  const target: SipUri = { ...sip, headers: [] }
  return E.right({ target, referTo: referTo.right, require, ...(replaces === undefined ? {} : { replaces }) })
}
