import { describe, expect, it } from 'vitest'
import { createUserAgent } from '../core/index.ts'
import { createUasDriver, runCall } from './core.ts'

describe('core bench driver', () => {
  it('runs whole calls: 100, 200 with an answer, 200 to the BYE; nothing stays live', () => {
    const d = createUasDriver()
    for (let n = 0; n < 50; n++) {
      const r = runCall(d, n)
      expect(r).not.toBeInstanceOf(Error)
      expect(r).toContain('SIP/2.0 100 Trying')
    }
    expect(d.ua.liveCalls).toBe(0)
    // Over UDP each ended call keeps its INVITE and BYE server transactions for 64·T1.
    expect(d.ua.transactions.transactions.size).toBe(100)
  })

  it('reports a call that is not answered as an error, not as a rate', () => {
    const d = createUasDriver()
    d.ua = createUserAgent({ user: 'bench', address: '127.0.0.1', port: 5070, seed: 1 })
    const r = runCall(d, 1)
    expect(r).toBeInstanceOf(Error)
    expect(String(r)).toMatch(/no 200 with an answer/)
  })
})
