/** One codec per header family, by name and by lower-case key (see header-names.ts). */
import { withMemo, type HeaderCodec } from '../header-codec.ts'
import { from, recordRoute, referTo, referredBy, route, to } from './address.ts'
import { authorization, proxyAuthenticate, proxyAuthorization, wwwAuthenticate } from './auth.ts'
import { callId } from './call-id.ts'
import { contact } from './contact.ts'
import { contentType } from './content-type.ts'
import { cseq } from './cseq.ts'
import { replaces, targetDialog } from './dialog-id.ts'
import { event } from './event.ts'
import { referSub } from './refer-sub.ts'
import { retryAfter } from './retry-after.ts'
import { contentLength, expires, maxForwards, minExpires } from './scalar.ts'
import { subscriptionState } from './subscription-state.ts'
import { allow, proxyRequire, require, supported, unsupported } from './tokens.ts'
import { via } from './via.ts'

const plain = {
  via, from, to, contact, route, recordRoute, referTo, referredBy, callId, cseq, maxForwards, contentLength,
  contentType, expires, minExpires, event, subscriptionState, replaces, targetDialog, referSub, require,
  supported, unsupported, proxyRequire, allow, retryAfter, wwwAuthenticate, proxyAuthenticate, authorization,
  proxyAuthorization,
} as const

/** Every codec, remembering its recent decodings (header-codec.ts `withMemo`). */
export const codecs: typeof plain = Object.fromEntries(Object.entries(plain).map(([k, c]) => [k, withMemo(c as HeaderCodec<unknown>)])) as unknown as typeof plain

export const codecByKey: ReadonlyMap<string, HeaderCodec<unknown>> = new Map(
  Object.values(codecs).map((c) => [c.key, c as HeaderCodec<unknown>]),
)

export { viaBranch } from './via.ts'
export { isStar } from './contact.ts'
