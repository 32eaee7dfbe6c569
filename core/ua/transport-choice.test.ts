/** RFC 3261 §18.1.1: the core sends a request larger than 1300 bytes over TCP, and times it as TCP. */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseMessage, rawHeader } from '../message/index.ts'
import { createUserAgent, step } from './ua.ts'

const dial = (headerBytes: number) => {
  const ua = createUserAgent({ user: 'alice', address: '192.0.2.1', port: 5060 })
  const [, outputs] = step(ua, {
    type: 'command',
    at: 0,
    command: { type: 'dial', target: 'sip:bob@192.0.2.2:5060', headers: [['X-Padding', 'x'.repeat(headerBytes)]] },
  })
  const sent = outputs.find((o) => o.type === 'send')
  const timers = outputs.filter((o) => o.type === 'timer' && o.at !== undefined).map((o) => (o.type === 'timer' ? o.key : ''))
  const msg = sent?.type === 'send' ? parseMessage(sent.data) : undefined
  return { sent, timers, via: msg !== undefined && E.isRight(msg) ? rawHeader(msg.right, 'Via') : undefined }
}

describe('transport choice (RFC 3261 §18.1.1)', () => {
  it('a small INVITE goes over UDP with Timer A running', () => {
    const { sent, timers, via } = dial(10)
    expect(sent?.type === 'send' && sent.transport).toBe('udp')
    expect(via).toMatch(/^SIP\/2\.0\/UDP /)
    expect(timers.some((k) => k.endsWith('/A'))).toBe(true)
  })
  it('an INVITE over 1300 bytes goes over TCP, says so in its Via, and is not retransmitted', () => {
    const { sent, timers, via } = dial(1400)
    expect(sent?.type === 'send' && sent.transport).toBe('tcp')
    expect(via).toMatch(/^SIP\/2\.0\/TCP /)
    expect(timers.some((k) => k.endsWith('/A'))).toBe(false)
    expect(timers.some((k) => k.endsWith('/B'))).toBe(true)
  })
})
