/**
 * Event (RFC 6665 §8.2.1): event-type *( SEMI event-param ), event-param = generic-param / ( "id" EQUAL token ).
 * `id` is taken out of `params`; the others stay as written.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { HeaderCodec } from '../header-codec.ts'
import { eqIgnoreCase, fail, formatParams, isToken, parseParamsTail, scanToken, skipWs } from '../scan.ts'
import type { Event, Param, ValueError } from '../types.ts'

export const parseEvent = (s: string): E.Either<ValueError, Event> => {
  const end = s.length
  const ps = skipWs(s, 0, end)
  const pe = scanToken(s, ps, end) // event-package *( "." event-template ): token characters
  if (pe === ps) return fail('expected the event package', ps)
  const all = parseParamsTail(s, pe, end)
  if (E.isLeft(all)) return all
  let id: string | undefined
  const params: Array<Param> = []
  for (const p of all.right) {
    if (!eqIgnoreCase(p.name, 'id')) params.push(p)
    else if (id !== undefined || p.value === undefined || !isToken(p.value)) return fail('invalid id parameter', pe)
    else id = p.value
  }
  const ev: Event = { package: s.slice(ps, pe), id, params }
  return E.right(ev)
}

export const formatEvent = (e: Event): string =>
  e.package + (e.id === undefined ? '' : ';id=' + e.id) + formatParams(e.params)

export const event: HeaderCodec<Event> = { name: 'Event', key: 'event', list: false, parse: parseEvent, format: formatEvent }
