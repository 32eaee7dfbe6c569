/**
 * sipxfer's own parser in the parse benchmark. Loaded dynamically by `parse.ts`, so the
 * peers still run while `core/message` is being written.
 *
 * sipxfer splits header fields at parse time and decodes a header value when it is
 * read, so "parse only" is framing + header split, and "parse + read" adds four typed
 * decodes (From, top Via, CSeq, Refer-To).
 */
import { codecs, formatUri, headerValue, paramValue, parseMessage, viaBranch } from '../core/message/index.ts'
import type { SipMessage } from '../core/message/index.ts'
import { adapter, type ParserAdapter } from './parse-adapters.ts'

export const sipxferAdapter: ParserAdapter = adapter<SipMessage>({
  name: 'sipxfer',
  role: 'self',
  input: 'Uint8Array (parses bytes directly)',
  parse: (bytes) => {
    const r = parseMessage(bytes)
    return r._tag === 'Right' ? r.right : undefined
  },
  read: (m, refer) => {
    const from = headerValue(m, codecs.from)
    const via = headerValue(m, codecs.via)
    const cseq = headerValue(m, codecs.cseq)
    const fromValue = from._tag === 'Right' ? from.right : undefined
    const viaValue = via._tag === 'Right' ? via.right : undefined
    const cseqValue = cseq._tag === 'Right' ? cseq.right : undefined
    let referTo: string | undefined
    if (refer) {
      const r = headerValue(m, codecs.referTo)
      if (r._tag === 'Right' && r.right !== undefined) referTo = formatUri(r.right.uri)
    }
    return {
      fromTag: fromValue === undefined ? undefined : paramValue(fromValue.params, 'tag'),
      viaBranch: viaValue === undefined ? undefined : viaBranch(viaValue),
      cseqSeq: cseqValue?.seq,
      cseqMethod: cseqValue?.method,
      referTo,
    }
  },
})
