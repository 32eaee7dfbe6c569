/** The shell's call list (`calls` in `sipxfer ua`, `phone.calls()`) shows each call's transfers. */
import { describe, expect, it } from 'vitest'
import { makeUaNet } from '../../core/ua/testing/ua-net.ts'
import { summarizeCalls } from './call-summary.ts'

describe('summarizeCalls', () => {
  it('lists the transfers of a call that goes on after a failed transfer, and none for a call without', () => {
    const n = makeUaNet([
      { name: 'alice', address: '192.0.2.1', config: { keepaliveMs: 0 } },
      { name: 'bob', address: '192.0.2.2', config: { keepaliveMs: 0, autoAnswerMs: 500 } },
      { name: 'charlie', address: '192.0.2.3', config: { keepaliveMs: 0 } },
    ])
    n.command('alice', { type: 'dial', target: 'sip:bob@192.0.2.2:5060', call: 'c1' })
    n.runUntil(1000)
    const bob = n.ua('bob')
    expect(bob === undefined ? [] : summarizeCalls(bob)).toEqual([{ call: 'c1', role: 'uas', state: 'Confirmed', peer: expect.any(String), held: false }])
    n.command('bob', { type: 'transfer', call: 'c1', target: 'sip:charlie@192.0.2.3:5060' })
    n.runUntil(2000)
    n.command('charlie', { type: 'reject', call: 'c1', status: 486 })
    n.runUntil(10_000)
    const after = n.ua('bob')
    expect(after === undefined ? [] : summarizeCalls(after)).toEqual([
      {
        call: 'c1',
        role: 'uas',
        state: 'Confirmed',
        peer: expect.any(String),
        held: false,
        transfers: [{ role: 'transferor', kind: 'blind', target: '<sip:charlie@192.0.2.3:5060>', outcome: 'failed', status: 486 }],
      },
    ])
  })
})
