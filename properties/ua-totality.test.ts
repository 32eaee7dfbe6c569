/**
 * UA totality (DESIGN.md reducer contract): whatever arrives — random bytes, mutated
 * real SIP from a recorded basic call, timers with any key, any command with any call
 * id — `step` never throws, and `nextDeadline` is defined exactly when a timer is armed
 * (a UA timer or a transaction timer).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { activeTimers } from '../core/transaction/index.ts'
import { createUserAgent, nextDeadline, step, type Command, type Input, type UserAgent } from '../core/ua/index.ts'
import { noFaults } from '../sim/fault-plan.ts'
import { payloadBytes } from '../sim/payload.ts'
import { runScenario } from '../sim/run.ts'
import { basicCall } from '../sim/scenarios/basic-call.ts'
import { holdResume } from '../sim/scenarios/hold-resume.ts'
import { uaFactory } from '../sim/ua-node.ts'

const RUNS = Number(process.env.FC_RUNS ?? 150)

const aliceAddr = { address: '192.0.2.1', port: 5060 }
const bobAddr = { address: '192.0.2.2', port: 5060 }

/** Messages of recorded calls, with who received them. */
const recorded: ReadonlyArray<{ readonly to: 'alice' | 'bob'; readonly data: Uint8Array }> = [basicCall, holdResume].flatMap((scenario) =>
  runScenario(scenario, noFaults(3), uaFactory).trace.steps.flatMap((s) =>
    s.type === 'send' && (s.to === 'alice' || s.to === 'bob') ? [{ to: s.to, data: payloadBytes(s.payload) }] : [],
  ),
)

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Small edits of a real message: byte flips, cuts, line drops and repeats, header swaps, odd numbers. */
const mutate = (data: Uint8Array, edits: ReadonlyArray<{ readonly kind: number; readonly at: number; readonly value: number }>): Uint8Array => {
  let text = decoder.decode(data)
  let bytes = data
  for (const e of edits) {
    const lines = text.split('\r\n')
    const i = lines.length === 0 ? 0 : e.at % lines.length
    switch (e.kind % 8) {
      case 0: {
        const b = Uint8Array.from(bytes)
        if (b.length > 0) b[e.at % b.length] = e.value & 0xff
        bytes = b
        text = decoder.decode(b)
        continue
      }
      case 1:
        text = text.slice(0, e.at % (text.length + 1))
        break
      case 2:
        lines.splice(i, 1)
        text = lines.join('\r\n')
        break
      case 3:
        lines.splice(i, 0, lines[i] ?? '')
        text = lines.join('\r\n')
        break
      case 4:
        text = text.replace(/\d+/, String(e.value))
        break
      case 5:
        text = text.replace(/;tag=[^;\r\n>]*/, e.value % 2 === 0 ? '' : `;tag=x${e.value}`)
        break
      case 6:
        text = text.replace(/CSeq: *\d+/i, `CSeq: ${e.value}`)
        break
      case 7:
        text = text.replace(/\r\n\r\n/, `\r\nContent-Length: ${e.value}\r\n\r\n`)
        break
    }
    bytes = encoder.encode(text)
  }
  return bytes
}

const callId = fc.oneof(fc.constantFrom('c1', 'c2', 'c3', ''), fc.string({ maxLength: 6 }))
const uriArb = fc.oneof(fc.constantFrom('sip:bob@192.0.2.2:5060', 'sip:alice@192.0.2.1', 'sip:x@unknown.example', 'tel:+1234', 'sip:'), fc.string({ maxLength: 20 }))

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ type: fc.constant('dial' as const), target: uriArb, call: fc.option(callId, { nil: undefined }) }).map(({ call, ...c }) => (call === undefined ? c : { ...c, call })),
  fc.record({ type: fc.constant('answer' as const), call: callId }),
  fc.record({ type: fc.constant('reject' as const), call: callId, status: fc.integer({ min: -1, max: 900 }) }),
  fc.record({ type: fc.constant('hangup' as const), call: callId }),
  fc.record({ type: fc.constant('hold' as const), call: callId }),
  fc.record({ type: fc.constant('resume' as const), call: callId }),
  fc.record({ type: fc.constant('options' as const), target: uriArb }),
  fc.record({ type: fc.constant('register' as const), registrar: uriArb, expires: fc.integer({ min: -5, max: 7200 }) }),
  fc.record({ type: fc.constant('transfer' as const), call: callId, target: uriArb }),
  fc.record({ type: fc.constant('attendedTransfer' as const), call: callId, consultation: callId }),
  fc.record({ type: fc.constant('startConsultation' as const), call: callId, target: uriArb }),
  fc.record({ type: fc.constant('cancelConsultation' as const), call: callId }),
  fc.record({ type: fc.constant('acceptTransfer' as const), call: callId }),
  fc.record({ type: fc.constant('rejectTransfer' as const), call: callId, status: fc.integer({ min: 0, max: 700 }) }),
)

/** What to feed next: `dt` ms later. A timer of kind 'due' fires a key the UA has armed. */
type Action =
  | { readonly type: 'bytes'; readonly data: Uint8Array }
  | { readonly type: 'recorded'; readonly index: number; readonly edits: ReadonlyArray<{ readonly kind: number; readonly at: number; readonly value: number }> }
  | { readonly type: 'timer'; readonly key: string }
  | { readonly type: 'due'; readonly index: number }
  | { readonly type: 'command'; readonly command: Command }

const timerKeyArb = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.tuple(callId, fc.constantFrom('answer', '2xx', 'ack', 'glare', 'cancel', 'reinvite-2xx', 'reinvite-ack', 'reinvite-timeout', 'x', '')).map(([c, n]) => `call/${c}/${n}`),
  fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom('A', 'B', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M')).map(([id, n]) => `tx/${id}/${n}`),
)

const editArb = fc.array(fc.record({ kind: fc.nat(), at: fc.nat(), value: fc.integer({ min: -1, max: 1 << 20 }) }), { maxLength: 3 })

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((data) => ({ type: 'bytes' as const, data })) },
  { weight: 6, arbitrary: fc.record({ type: fc.constant('recorded' as const), index: fc.nat(), edits: editArb }) },
  { weight: 1, arbitrary: timerKeyArb.map((key) => ({ type: 'timer' as const, key })) },
  { weight: 3, arbitrary: fc.nat().map((index) => ({ type: 'due' as const, index })) },
  { weight: 2, arbitrary: commandArb.map((command) => ({ type: 'command' as const, command })) },
)

const armed = (ua: UserAgent): ReadonlyArray<string> => [...ua.timers.keys(), ...activeTimers(ua.transactions).map(([k]) => k)]

describe('UA totality', () => {
  it('recorded calls give material to mutate', () => {
    expect(recorded.length).toBeGreaterThan(10)
  })

  it('step never throws, and nextDeadline is defined exactly when a timer is armed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('alice' as const, 'bob' as const),
        fc.record({ autoAnswerMs: fc.option(fc.nat(2000), { nil: undefined }), offerInInvite: fc.boolean() }),
        fc.array(fc.tuple(fc.nat(3000), actionArb), { maxLength: 60 }),
        (who, settings, actions) => {
          const self = who === 'alice' ? aliceAddr : bobAddr
          const peer = who === 'alice' ? bobAddr : aliceAddr
          const mine = recorded.filter((r) => r.to === who)
          let ua = createUserAgent({ user: who, ...self, seed: 5, offerInInvite: settings.offerInInvite, ...(settings.autoAnswerMs === undefined ? {} : { autoAnswerMs: settings.autoAnswerMs }) })
          let now = 0
          for (const [dt, action] of actions) {
            now += dt
            const keys = armed(ua)
            let input: Input
            switch (action.type) {
              case 'bytes':
                input = { type: 'packet', at: now, transport: 'udp', source: peer, destination: self, data: action.data }
                break
              case 'recorded': {
                const r = mine[action.index % mine.length]
                input = { type: 'packet', at: now, transport: 'udp', source: peer, destination: self, data: mutate(r?.data ?? new Uint8Array(0), action.edits) }
                break
              }
              case 'timer':
                input = { type: 'timer', at: now, key: action.key }
                break
              case 'due': {
                const key = keys[action.index % Math.max(1, keys.length)]
                const at = nextDeadline(ua)
                if (key === undefined || at === undefined) continue
                now = Math.max(now, at)
                input = { type: 'timer', at: now, key }
                break
              }
              case 'command':
                input = { type: 'command', at: now, command: action.command }
                break
            }
            const [next] = step(ua, input)
            ua = next
            const hasTimers = armed(ua).length > 0
            expect(nextDeadline(ua) !== undefined).toBe(hasTimers)
          }
        },
      ),
      { numRuns: RUNS },
    )
  })
})
