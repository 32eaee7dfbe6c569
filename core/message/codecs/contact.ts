/**
 * Contact (RFC 3261 §20.10): `*` or a list of ( name-addr / addr-spec ) *( SEMI contact-params ).
 * Contact parameters (q, expires, +sip.instance …) are header parameters, kept as written;
 * their meaning is the registrar's business (RFC 4475 scalar02, cparam01).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { HeaderCodec } from '../header-codec.ts'
import { formatNameAddr, parseNameAddrRange } from '../name-addr.ts'
import { skipWs } from '../scan.ts'
import type { Contact, ValueError } from '../types.ts'

const STAR: Contact = { type: 'star' }

export const parseContact = (s: string): E.Either<ValueError, Contact> => {
  const i = skipWs(s, 0, s.length)
  if (i < s.length && s.charCodeAt(i) === 0x2a && skipWs(s, i + 1, s.length) === s.length) return E.right(STAR)
  return parseNameAddrRange(s, 0, s.length, false)
}

export const isStar = (c: Contact): c is { readonly type: 'star' } => 'type' in c

export const formatContact = (c: Contact): string => ('type' in c ? '*' : formatNameAddr(c))

export const contact: HeaderCodec<Contact> = {
  name: 'Contact', key: 'contact', list: true, parse: parseContact, format: formatContact,
}
