import { expect, it } from 'vitest'
import { callEvents } from './embed-core.ts'

it('runs examples/embed-core.ts: a call that rings, is answered and hung up, in virtual time', () => {
  const lines = callEvents()
  expect(lines.map((l) => l.replace(/;tag=\w+/, ';tag=T'))).toEqual([
    '10 ms bob: {"type":"incoming","call":"c1","from":"<sip:alice@192.0.2.1:5060>;tag=T","to":"<sip:bob@192.0.2.2:5060>"}',
    '20 ms alice: {"type":"progress","call":"c1","status":180,"reason":"Ringing"}',
    '2010 ms bob: {"type":"answered","call":"c1"}',
    '2020 ms alice: {"type":"answered","call":"c1"}',
    '5010 ms bob: {"type":"ended","call":"c1","reason":"remote-hangup"}',
    '5020 ms alice: {"type":"ended","call":"c1","reason":"local-hangup"}',
  ])
  // Same inputs, same seed: the same bytes, tags included.
  expect(callEvents()).toEqual(lines)
})
