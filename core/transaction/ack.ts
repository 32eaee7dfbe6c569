/**
 * The ACK for a non-2xx final response, built inside the INVITE client transaction
 * (RFC 3261 §17.1.1.3). The ACK for a 2xx is the TU's (§13.2.2.4), not built here.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { codecs, field, fieldOf, fieldsOf, rawField, splitList, type HeaderField, type SipRequest, type SipResponse } from '../message/index.ts'
import { cseqOf } from './fields.ts'

const required = (msg: SipRequest | SipResponse, key: string, what: string): E.Either<string, HeaderField> => {
  const f = fieldOf(msg, key)
  return f === undefined ? E.left(`${what} has no ${key}`) : E.right(f)
}

/** The INVITE's top Via as written, with its branch (the first element of the first Via field). */
const topViaText = (invite: SipRequest): E.Either<string, string> =>
  pipe(
    required(invite, 'via', 'the INVITE'),
    E.chain((f) => {
      const first = splitList(f.value)[0]
      return first === undefined || first.text === '' ? E.left('the INVITE has an empty Via') : E.right(first.text)
    }),
  )

/**
 * §17.1.1.3: Request-URI, Call-ID and From equal the INVITE's; To is the response's
 * (it carries the tag); one Via, equal to the INVITE's top Via; CSeq keeps the number
 * with method ACK; the INVITE's Route headers are copied. No body (NOT RECOMMENDED).
 * Max-Forwards (§8.1.1.6, mandatory in every request) is copied, or 70.
 */
export const buildNon2xxAck = (invite: SipRequest, response: SipResponse): E.Either<string, SipRequest> =>
  pipe(
    E.Do,
    E.bind('via', () => topViaText(invite)),
    E.bind('cseq', () => cseqOf(invite)),
    E.bind('from', () => required(invite, 'from', 'the INVITE')),
    E.bind('callId', () => required(invite, 'call-id', 'the INVITE')),
    E.bind('to', () => required(response, 'to', 'the response')),
    E.map(({ via, cseq, from, callId, to }): SipRequest => ({
      type: 'request',
      method: 'ACK',
      uri: invite.uri,
      version: invite.version,
      headers: [
        rawField('Via', via),
        ...fieldsOf(invite, 'route').map((r) => rawField('Route', r.value)),
        rawField('Max-Forwards', fieldOf(invite, 'max-forwards')?.value ?? '70'),
        rawField('From', from.value),
        rawField('To', to.value),
        rawField('Call-ID', callId.value),
        field(codecs.cseq, { seq: cseq.seq, method: 'ACK' }),
      ],
      body: new Uint8Array(0),
    })),
  )
