/**
 * The server transport's stamp on a received request's top Via, before the transaction
 * layer sees it, so that every response built from the request carries it back.
 *
 * RFC 3261 §18.2.1: "If the host portion of the "sent-by" parameter contains a domain
 * name, or if it contains an IP address that differs from the packet source address, the
 * server MUST add a "received" parameter to that Via header field value."
 * RFC 3581 §4: an "rport" with no value is set to the source port of the request, and
 * then "received" is added even when it equals sent-by.
 * Responses themselves go back to the packet's source address and port (the server
 * transaction's peer), which is what RFC 3581 §4 asks when rport is present.
 */
import * as E from 'fp-ts/lib/Either.js'
import { codecs, headerValue, splitList, type HeaderField, type Param, type Via } from '../message/index.ts'
import type { HostPort } from './io.ts'

const bare = (host: string): string => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host).toLowerCase()

/** The top Via with `received`/`rport` set for a packet from `source`, or undefined when nothing changes. */
export const stampVia = (via: Via, source: HostPort): Via | undefined => {
  const address = bare(source.address)
  const rport = via.params.find((p) => p.name.toLowerCase() === 'rport')
  const emptyRport = rport !== undefined && (rport.value === undefined || rport.value === '')
  const needsReceived = emptyRport || bare(via.host) !== address
  if (!needsReceived) return undefined
  const params: Array<Param> = []
  for (const p of via.params) {
    const name = p.name.toLowerCase()
    if (name === 'received') continue // ours replaces any the sender wrote
    params.push(name === 'rport' && emptyRport ? { name: p.name, value: String(source.port) } : p)
  }
  params.push({ name: 'received', value: address })
  return { ...via, params }
}

/**
 * `headers` with the top Via stamped for a packet from `source` (see above); the same
 * array when the top Via needs nothing or cannot be read (the layers after this one
 * judge an unreadable Via).
 */
export const withReceivedVia = <H extends { readonly headers: ReadonlyArray<HeaderField> }>(message: H, source: HostPort): H => {
  const i = message.headers.findIndex((h) => h.key === 'via')
  const field = message.headers[i]
  if (field === undefined) return message
  const top = headerValue(message, codecs.via)
  if (E.isLeft(top) || top.right === undefined) return message
  const stamped = stampVia(top.right, source)
  if (stamped === undefined) return message
  const parts = splitList(field.value)
  const rest = parts.length > 1 ? ', ' + field.value.slice(parts[1]!.index) : ''
  const first = codecs.via.format(stamped)
  const value = first + rest
  // The stamped Via is read again at once (validation, transaction matching, the responses): no decoding it anew.
  codecs.via.remember?.(first, stamped, false)
  codecs.via.remember?.(value, stamped, true)
  const headers = message.headers.slice()
  // Every key a parsed field has (one object shape for the JIT); the old bytes no longer hold this value.
  headers[i] = { name: field.name, key: field.key, value, at: field.at, source: undefined }
  return { ...message, headers }
}
