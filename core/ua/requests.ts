/** Requests outside any call: OPTIONS (RFC 3261 §11) and REGISTER (§10), with digest retry (§22). */
import * as E from 'fp-ts/lib/Either.js'
import { freshAuthAttempt } from '../auth/index.ts'
import { outOfDialogRequest } from '../dialog/index.ts'
import { codecs, field, headerValue, parseUri, type SipResponse } from '../message/index.ts'
import { sendRequest } from './call-common.ts'
import { emit, newBranch, setOwner, token, type Ctx } from './context.ts'
import { retryWithCredentials } from './digest-client.ts'
import { localAor, localContact, localVia, resolveUri, transportOf } from './identity.ts'
import type { TxOwner } from './state.ts'

const target = (ctx: Ctx, text: string, what: string) => {
  const uri = parseUri(text)
  if (E.isLeft(uri)) {
    emit(ctx, { type: 'error', reason: `${what}: invalid URI "${text}": ${uri.left.reason}` })
    return undefined
  }
  const destination = resolveUri(ctx.ua.config, uri.right)
  if (destination === undefined) {
    emit(ctx, { type: 'error', reason: `${what}: cannot resolve ${text}` })
    return undefined
  }
  return { uri: uri.right, destination, transport: transportOf(ctx.ua.config, uri.right) }
}

const nextSeq = (ctx: Ctx): number => {
  const seq = ctx.ua.nextCSeq
  ctx.ua.nextCSeq = seq + 1
  return seq
}

export const sendOptions = (ctx: Ctx, text: string): void => {
  const t = target(ctx, text, 'options')
  if (t === undefined) return
  const config = ctx.ua.config
  const request = outOfDialogRequest({
    method: 'OPTIONS', uri: t.uri, from: localAor(config), fromTag: token(ctx, 10), to: { uri: t.uri, params: [] },
    callId: `${token(ctx, 16)}@${config.address}`, seq: nextSeq(ctx), via: localVia(config, newBranch(ctx), t.transport),
  }, { contact: localContact(config, t.transport) })
  sendRequest(ctx, request, t.destination, t.transport, { type: 'options', target: text, auth: freshAuthAttempt, request })
}

export const sendRegister = (ctx: Ctx, registrar: string, expires: number): void => {
  const t = target(ctx, registrar, 'register')
  if (t === undefined) return
  const config = ctx.ua.config
  const aor = localAor(config)
  const request = outOfDialogRequest({
    method: 'REGISTER', uri: t.uri, from: aor, fromTag: token(ctx, 10), to: aor,
    callId: `${token(ctx, 16)}@${config.address}`, seq: nextSeq(ctx), via: localVia(config, newBranch(ctx), t.transport),
  }, { contact: localContact(config, t.transport), headers: [field(codecs.expires, expires)] })
  sendRequest(ctx, request, t.destination, t.transport, { type: 'register', registrar, auth: freshAuthAttempt, request })
}

/** Retry a challenged request once per realm (stale nonces again); true when a retry went out. */
const retried = (ctx: Ctx, transaction: string, owner: Extract<TxOwner, { type: 'options' | 'register' }>, response: SipResponse): boolean => {
  if (response.status !== 401 && response.status !== 407) return false
  const retry = retryWithCredentials(ctx, owner.request, response, owner.auth)
  if (retry === undefined) return false
  const t = target(ctx, owner.request.uri, owner.type)
  if (t === undefined) return false
  setOwner(ctx, transaction, undefined)
  sendRequest(ctx, retry.request, t.destination, t.transport, { ...owner, auth: retry.attempt, request: retry.request })
  return true
}

export const onOptionsResponse = (ctx: Ctx, transaction: string, owner: Extract<TxOwner, { type: 'options' }>, response: SipResponse): void => {
  if (response.status < 200 || retried(ctx, transaction, owner, response)) return
  emit(ctx, { type: 'optionsResult', target: owner.target, status: response.status })
}

export const onRegisterResponse = (ctx: Ctx, transaction: string, owner: Extract<TxOwner, { type: 'register' }>, response: SipResponse): void => {
  if (response.status < 200 || retried(ctx, transaction, owner, response)) return
  if (response.status >= 300) {
    emit(ctx, { type: 'error', reason: `REGISTER to ${owner.registrar} failed: ${response.status} ${response.reason}` })
    return
  }
  const expires = headerValue(response, codecs.expires)
  emit(ctx, { type: 'registered', registrar: owner.registrar, expires: E.isRight(expires) && expires.right !== undefined ? expires.right : 3600 })
}
