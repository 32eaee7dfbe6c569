/**
 * Replaces (RFC 3891 §6.1) and Target-Dialog (RFC 4538 §7): a Call-ID and the two tags
 * of a dialog.
 *   Replaces = callid *(SEMI replaces-param); replaces-param = to-tag / from-tag / early-flag / generic-param
 *   Target-Dialog = callid *(SEMI td-param); td-param = remote-param / local-param / generic-param
 */
import * as E from 'fp-ts/lib/Either.js'
import type { HeaderCodec } from '../header-codec.ts'
import { eqIgnoreCase, fail, formatParams, isToken, parseParamsTail, skipWs } from '../scan.ts'
import type { Param, Replaces, TargetDialog, ValueError } from '../types.ts'
import { scanCallId } from './call-id.ts'

interface Parts {
  readonly callId: string
  readonly params: ReadonlyArray<Param>
  readonly at: number
}

const parseParts = (s: string): E.Either<ValueError, Parts> => {
  const cs = skipWs(s, 0, s.length)
  const ce = scanCallId(s, cs, s.length)
  if (ce === cs) return fail('expected a Call-ID', cs)
  const params = parseParamsTail(s, ce, s.length)
  if (E.isLeft(params)) return params
  return E.right({ callId: s.slice(cs, ce), params: params.right, at: ce })
}

/** Takes the tag parameters out: each name at most once, with a token value. */
const takeTags = (
  params: ReadonlyArray<Param>,
  names: readonly [string, string],
): { tags: ReadonlyArray<string | undefined>; early: number; rest: Array<Param> } | string => {
  const tags: Array<string | undefined> = [undefined, undefined]
  let early = 0
  const rest: Array<Param> = []
  for (const p of params) {
    const slot: number = eqIgnoreCase(p.name, names[0]) ? 0 : eqIgnoreCase(p.name, names[1]) ? 1 : -1
    if (slot >= 0) {
      if (tags[slot] !== undefined) return `more than one ${names[slot]}`
      if (p.value === undefined || !isToken(p.value)) return `${names[slot]} needs a token value`
      tags[slot] = p.value
    } else if (names[0] === 'to-tag' && eqIgnoreCase(p.name, 'early-only')) {
      if (p.value !== undefined) return 'early-only takes no value'
      early++
    } else rest.push(p)
  }
  return { tags, early, rest }
}

export const parseReplaces = (s: string): E.Either<ValueError, Replaces> => {
  const parts = parseParts(s)
  if (E.isLeft(parts)) return parts
  const t = takeTags(parts.right.params, ['to-tag', 'from-tag'])
  if (typeof t === 'string') return fail(t, parts.right.at)
  const [toTag, fromTag] = t.tags
  // RFC 3891 §6.1: exactly one to-tag and one from-tag, in any order.
  if (toTag === undefined || fromTag === undefined) return fail('Replaces needs a to-tag and a from-tag', parts.right.at)
  if (t.early > 1) return fail('more than one early-only', parts.right.at)
  const r: Replaces = { callId: parts.right.callId, toTag, fromTag, earlyOnly: t.early === 1, params: t.rest }
  return E.right(r)
}

export const formatReplaces = (r: Replaces): string =>
  r.callId + ';to-tag=' + r.toTag + ';from-tag=' + r.fromTag + (r.earlyOnly ? ';early-only' : '') + formatParams(r.params)

export const parseTargetDialog = (s: string): E.Either<ValueError, TargetDialog> => {
  const parts = parseParts(s)
  if (E.isLeft(parts)) return parts
  const t = takeTags(parts.right.params, ['remote-tag', 'local-tag'])
  if (typeof t === 'string') return fail(t, parts.right.at)
  const [remoteTag, localTag] = t.tags
  const td: TargetDialog = { callId: parts.right.callId, remoteTag, localTag, params: t.rest }
  return E.right(td)
}

export const formatTargetDialog = (td: TargetDialog): string =>
  td.callId + (td.remoteTag === undefined ? '' : ';remote-tag=' + td.remoteTag) +
  (td.localTag === undefined ? '' : ';local-tag=' + td.localTag) + formatParams(td.params)

export const replaces: HeaderCodec<Replaces> = {
  name: 'Replaces', key: 'replaces', list: false, parse: parseReplaces, format: formatReplaces,
}

export const targetDialog: HeaderCodec<TargetDialog> = {
  name: 'Target-Dialog', key: 'target-dialog', list: false, parse: parseTargetDialog, format: formatTargetDialog,
}
