/**
 * Headers whose value is a name-addr or addr-spec with header parameters:
 * From, To (RFC 3261 §20.20, §20.39), Route, Record-Route (§20.34, §20.30, lists),
 * Refer-To (RFC 3515 §2.1), Referred-By (RFC 3892 §3).
 */
import type { HeaderCodec } from '../header-codec.ts'
import { formatNameAddr, parseNameAddrRange } from '../name-addr.ts'
import type { NameAddr } from '../types.ts'

const nameAddrCodec = (name: string, list: boolean, lenient: boolean): HeaderCodec<NameAddr> => ({
  name,
  key: name.toLowerCase(),
  list,
  parse: (value) => parseNameAddrRange(value, 0, value.length, lenient),
  format: formatNameAddr,
})

export const from = nameAddrCodec('From', false, false)
export const to = nameAddrCodec('To', false, false)
export const route = nameAddrCodec('Route', true, false)
export const recordRoute = nameAddrCodec('Record-Route', true, false)
/** Real phones send Refer-To without "<>" even with `?Replaces=` (shared/notes/real-peers.md). */
export const referTo = nameAddrCodec('Refer-To', false, true)
export const referredBy = nameAddrCodec('Referred-By', false, false)
