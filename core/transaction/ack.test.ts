import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { fieldsOf, parseMessage, removeFields, serializeMessage, type SipRequest } from '../message/index.ts'
import { buildNon2xxAck } from './ack.ts'
import { request, responseTo } from './testing/messages.ts'

const text = [
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8, SIP/2.0/UDP proxy.example.com;branch=z9hG4bKx',
  'Via: SIP/2.0/UDP far.example.com;branch=z9hG4bKy',
  'Route: <sip:p1.example.com;lr>',
  'Route: <sip:p2.example.com;lr>, <sip:p3.example.com;lr>',
  'Max-Forwards: 69',
  'To: Bob <sip:bob@biloxi.example.com>',
  'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@pc33.atlanta.example.com>',
  'Content-Type: application/sdp',
  'Content-Length: 4',
  '',
  'v=0\n',
].join('\r\n')

const parsed = parseMessage(new TextEncoder().encode(text))
const invite = (E.isRight(parsed) && parsed.right.type === 'request' ? parsed.right : request()) as SipRequest

describe('the ACK of a non-2xx (RFC 3261 §17.1.1.3, T-IC-7)', () => {
  const response = responseTo(invite, 486, 'busy1')
  const ack = buildNon2xxAck(invite, response)

  it('parses the fixture', () => expect(E.isRight(parsed)).toBe(true))

  it('keeps the Request-URI, Call-ID and From, and takes the response To with its tag', () => {
    expect(E.isRight(ack)).toBe(true)
    if (E.isLeft(ack)) return
    const a = ack.right
    expect(a.method).toBe('ACK')
    expect(a.uri).toBe(invite.uri)
    expect(fieldsOf(a, 'call-id').map((h) => h.value)).toEqual(['a84b4c76e66710'])
    expect(fieldsOf(a, 'from').map((h) => h.value)).toEqual(['Alice <sip:alice@atlanta.example.com>;tag=1928301774'])
    expect(fieldsOf(a, 'to').map((h) => h.value)).toEqual(['Bob <sip:bob@biloxi.example.com>;tag=busy1'])
  })

  it('has a single Via equal to the INVITE top Via, the CSeq number with ACK, the Routes, no body', () => {
    if (E.isLeft(ack)) return expect.unreachable()
    const a = ack.right
    expect(fieldsOf(a, 'via').map((h) => h.value)).toEqual(['SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8'])
    expect(fieldsOf(a, 'cseq').map((h) => h.value)).toEqual(['314159 ACK'])
    expect(fieldsOf(a, 'route').map((h) => h.value)).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>, <sip:p3.example.com;lr>'])
    expect(fieldsOf(a, 'max-forwards').map((h) => h.value)).toEqual(['69'])
    expect(fieldsOf(a, 'contact')).toEqual([])
    expect(fieldsOf(a, 'content-type')).toEqual([])
    expect(a.body.length).toBe(0)
  })

  it('survives serialize and parse', () => {
    if (E.isLeft(ack)) return expect.unreachable()
    const back = parseMessage(serializeMessage(ack.right))
    expect(E.isRight(back) && back.right.type === 'request' && back.right.method).toBe('ACK')
  })

  it('defaults Max-Forwards to 70 and fails cleanly without a Via', () => {
    const noMf = buildNon2xxAck(removeFields(invite, 'max-forwards'), response)
    expect(E.isRight(noMf) && fieldsOf(noMf.right, 'max-forwards')[0]?.value).toBe('70')
    expect(E.isLeft(buildNon2xxAck(removeFields(invite, 'via'), response))).toBe(true)
  })
})
