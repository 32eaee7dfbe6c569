/** Answering a 401/407 challenge by sending the request again with credentials (RFC 3261 §22.2, §22.3). */
import * as E from 'fp-ts/lib/Either.js'
import { authorizeRequest, nextAuthAction, type AuthAttempt } from '../auth/index.ts'
import { codecs, field, headerValue, headerValues, setFields, type SipRequest, type SipResponse } from '../message/index.ts'
import { viaOf } from '../dialog/index.ts'
import { emit, newBranch, type Ctx } from './context.ts'

export interface AuthRetry {
  readonly request: SipRequest
  readonly attempt: AuthAttempt
}

/**
 * The same request with CSeq + 1, a new branch and Authorization/Proxy-Authorization
 * for every challenged realm (§22.2: same Call-ID, From tag). Undefined when there are
 * no credentials, no usable challenge, or the realm rejected us already.
 */
export const retryWithCredentials = (ctx: Ctx, request: SipRequest, response: SipResponse, attempt: AuthAttempt): AuthRetry | undefined => {
  const account = ctx.ua.config.credentials
  if (account === undefined) return undefined
  const www = headerValues(response, codecs.wwwAuthenticate)
  const proxy = headerValues(response, codecs.proxyAuthenticate)
  const decision = nextAuthAction(ctx.ua.auth, attempt, {
    status: response.status,
    wwwAuthenticate: E.isRight(www) ? www.right : [],
    proxyAuthenticate: E.isRight(proxy) ? proxy.right : [],
  })
  if (decision.action.type !== 'retry') {
    if (decision.action.type === 'fail') emit(ctx, { type: 'log', level: 'warn', message: `authentication for ${request.method} failed: ${decision.action.reason}` })
    return undefined
  }
  const cseq = headerValue(request, codecs.cseq)
  const via = headerValue(request, codecs.via)
  if (E.isLeft(cseq) || cseq.right === undefined || E.isLeft(via) || via.right === undefined) return undefined
  const authorized = authorizeRequest(decision.state, {
    method: request.method,
    uri: request.uri,
    body: request.body,
    prng: ctx.ua.prng,
    accountFor: () => account,
  })
  if (E.isLeft(authorized)) return undefined
  ctx.ua.auth = authorized.right.state
  ctx.ua.prng = authorized.right.prng
  const top = via.right
  const branch = newBranch(ctx)
  let next: SipRequest = setFields(request, 'cseq', [field(codecs.cseq, { seq: cseq.right.seq + 1, method: request.method })])
  const otherVias = request.headers.filter((h) => h.key === 'via').slice(1)
  next = setFields(next, 'via', [field(codecs.via, { ...top, params: viaOf({ transport: top.transport, host: top.host, port: top.port ?? 5060, branch }).params }), ...otherVias])
  next = setFields(next, 'authorization', authorized.right.authorization.map((c) => field(codecs.authorization, c)))
  next = setFields(next, 'proxy-authorization', authorized.right.proxyAuthorization.map((c) => field(codecs.proxyAuthorization, c)))
  return { request: next, attempt: decision.attempt }
}
