/**
 * The few header values the transaction layer reads: top Via, CSeq, Call-ID and
 * the From/To tags (§17.1.3, §17.2.3). Failures are plain reasons.
 */
import * as E from 'fp-ts/lib/Either.js'
import { codecs, headerValue, paramValue, rawHeader, type CSeq, type NameAddr, type SipMessage, type Via } from '../message/index.ts'

/** RFC 3261 §8.1.1.7: the branch of an RFC 3261 element starts with this. */
export const magicCookie = 'z9hG4bK'

// Plain checks rather than pipe(mapLeft, chain): these run for every message (hot path).
const need = <A>(what: string, r: E.Either<{ readonly reason: string }, A | undefined>): E.Either<string, A> =>
  E.isLeft(r) ? E.left(r.left.reason) : r.right === undefined ? E.left(`no ${what}`) : E.right(r.right)

export const topVia = (msg: SipMessage): E.Either<string, Via> => need('Via', headerValue(msg, codecs.via))

export const cseqOf = (msg: SipMessage): E.Either<string, CSeq> => need('CSeq', headerValue(msg, codecs.cseq))

export const branchOf = (via: Via): string | undefined => paramValue(via.params, 'branch')

/** §17.2.3: sent-by is host and port; hosts compare case-insensitively. */
export const sentByOf = (via: Via): string => `${via.host.toLowerCase()}:${via.port ?? ''}`

export const callIdOf = (msg: SipMessage): string | undefined => rawHeader(msg, 'call-id')

const tagOf = (what: 'To' | 'From', r: E.Either<{ readonly reason: string }, NameAddr | undefined>): E.Either<string, string | undefined> =>
  E.isLeft(r) ? E.left(`${what}: ${r.left.reason}`) : E.right(r.right === undefined ? undefined : paramValue(r.right.params, 'tag'))

export const toTagOf = (msg: SipMessage): E.Either<string, string | undefined> => tagOf('To', headerValue(msg, codecs.to))

export const fromTagOf = (msg: SipMessage): E.Either<string, string | undefined> => tagOf('From', headerValue(msg, codecs.from))

const sameParams = (a: Via['params'], b: Via['params']): boolean =>
  a.length === b.length &&
  a.every((p, i) => {
    const q = b[i]
    return q !== undefined && p.name.toLowerCase() === q.name.toLowerCase() && p.value === q.value
  })

/** Equality of two Via values for RFC 2543 matching (§17.2.3): same protocol, transport, sent-by and parameters. */
export const sameVia = (a: Via, b: Via): boolean =>
  a.protocol.toUpperCase() === b.protocol.toUpperCase() &&
  a.transport.toUpperCase() === b.transport.toUpperCase() &&
  sentByOf(a) === sentByOf(b) &&
  sameParams(a.params, b.params)
