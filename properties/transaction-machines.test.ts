/**
 * Totality of the four transaction machines (DESIGN.md: no reducer throws): every
 * machine × state × event gives a state of that machine, and any event sequence on
 * any transport keeps the transaction consistent (a Terminated one holds no timers).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultTransactionConfig } from '../core/transaction/config.ts'
import type { TransportName } from '../core/transaction/endpoint.ts'
import { inviteClient, inviteServer, nonInviteClient, nonInviteServer, type Machine } from '../core/transaction/index.ts'
import { enter, fire, fireTimer, type TransactionEvent } from '../core/transaction/machine.ts'
import { alice, bob, request, responseTo } from '../core/transaction/testing/messages.ts'
import { timerNames } from '../core/transaction/timers.ts'
import type { Transaction } from '../core/transaction/transaction.ts'

const machines = { 'invite-client': inviteClient, 'non-invite-client': nonInviteClient, 'invite-server': inviteServer, 'non-invite-server': nonInviteServer } as const
type Kind = keyof typeof machines

const allEvents: ReadonlyArray<TransactionEvent> = [
  ...new Set<TransactionEvent>([...inviteClient.events, ...nonInviteClient.events, ...inviteServer.events, ...nonInviteServer.events]),
]

const invite = request()
const options = request({ method: 'OPTIONS' })

/** A transaction of a kind, placed in any state (as if it had got there). */
const make = (kind: Kind, state: string, transport: TransportName): Transaction => {
  const base = { id: 'x', transport, createdAt: 0, timers: {}, interval: 500 }
  switch (kind) {
    case 'invite-client':
      return { ...base, type: kind, state: state as never, request: invite, branch: 'z9hG4bK776asdhds', destination: bob }
    case 'non-invite-client':
      return { ...base, type: kind, state: state as never, request: options, branch: 'z9hG4bK776asdhds', destination: bob }
    case 'invite-server':
      return { ...base, type: kind, state: state as never, request: invite, key: { type: 'rfc3261', branch: 'b', sentBy: 'h:', method: 'INVITE' }, peer: alice }
    case 'non-invite-server':
      return { ...base, type: kind, state: state as never, request: options, key: { type: 'rfc3261', branch: 'b', sentBy: 'h:', method: 'OPTIONS' }, peer: alice }
  }
}

/** A message that fits an event, as the layer would pass it. */
const stimulusFor = (kind: Kind, event: TransactionEvent, status: number) => {
  const req = kind.startsWith('invite') ? invite : options
  if (event === 'ACK') return { message: request({ method: 'ACK', toTag: 'a6c85cf' }), source: alice, transport: 'udp' as const }
  if (event === 'INVITE' || event === 'request') return { message: req, source: alice, transport: 'udp' as const }
  return { message: responseTo(req, status), source: bob, transport: 'udp' as const }
}

const ctx = { at: 1_000, config: defaultTransactionConfig }
const kinds = Object.keys(machines) as ReadonlyArray<Kind>

describe('transaction machine totality', () => {
  it('every machine × state × event × transport gives one of the machine\'s states', () => {
    for (const kind of kinds) {
      const m: Machine<string, string> = machines[kind]
      for (const state of m.states) {
        for (const event of allEvents) {
          for (const transport of ['udp', 'tcp'] as const) {
            const [next] = fire(make(kind, state, transport), event, ctx, stimulusFor(kind, event, 200))
            expect(m.states).toContain(next.state)
            if (next.state === 'Terminated') expect(next.timers).toEqual({})
          }
        }
      }
    }
  })

  it('Terminated absorbs everything', () => {
    for (const kind of kinds) {
      for (const event of allEvents) {
        const [next, outputs] = fire(make(kind, 'Terminated', 'udp'), event, ctx, stimulusFor(kind, event, 486))
        expect(next.state).toBe('Terminated')
        expect(outputs).toEqual([])
      }
    }
  })

  it('any sequence of events and timer firings keeps a valid, consistent transaction', () => {
    const step = fc.record({
      event: fc.constantFrom(...allEvents),
      status: fc.constantFrom(100, 180, 200, 202, 302, 408, 486, 699),
      timer: fc.option(fc.constantFrom(...timerNames), { nil: undefined }),
      dt: fc.nat(70_000),
    })
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.constantFrom<TransportName>('udp', 'tcp'), fc.array(step, { maxLength: 40 }), (kind, transport, steps) => {
        const m: Machine<string, string> = machines[kind]
        let at = 0
        let [tx] = enter(make(kind, m.initial.next, transport), { ...ctx, at })
        for (const s of steps) {
          at += s.dt
          const c = { ...ctx, at }
          ;[tx] = s.timer === undefined ? fire(tx, s.event, c, stimulusFor(kind, s.event, s.status)) : fireTimer(tx, s.timer, c)
          expect(m.states).toContain(tx.state)
          if (tx.state === 'Terminated') expect(tx.timers).toEqual({})
          // Retransmission timers never run on a reliable transport.
          if (transport === 'tcp') for (const t of ['A', 'E', 'G'] as const) expect(tx.timers[t]).toBeUndefined()
        }
      }),
    )
  })
})
