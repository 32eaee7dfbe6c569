/**
 * UA totality (DESIGN.md reducer contract): whatever arrives — random bytes, mutated
 * real SIP from a recorded basic call, timers with any key, any command with any call
 * id — `step` never throws, `nextDeadline` is defined exactly when a timer is armed
 * (a UA timer or a transaction timer), and the UA's indexes agree with its maps.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { activeTimers } from '../core/transaction/index.ts'
import { createUserAgent, indexProblems, nextDeadline, step, type Command, type Input, type UserAgent } from '../core/ua/index.ts'
import { noFaults } from '../sim/fault-plan.ts'
import { payloadBytes } from '../sim/payload.ts'
import { runScenario } from '../sim/run.ts'
import type { Scenario } from '../sim/scenario.ts'
import { basicCall } from '../sim/scenarios/basic-call.ts'
import { cancel } from '../sim/scenarios/cancel.ts'
import { delayedOffer } from '../sim/scenarios/delayed-offer.ts'
import { glare } from '../sim/scenarios/glare.ts'
import { holdResume } from '../sim/scenarios/hold-resume.ts'
import { uaFactory } from '../sim/ua-node.ts'
import { nodeSeed } from '../sim/world.ts'

const RUNS = Number(process.env.FC_RUNS ?? 150)

const aliceAddr = { address: '192.0.2.1', port: 5060 }
const bobAddr = { address: '192.0.2.2', port: 5060 }

/** Messages of recorded calls, with who received them. */
const recorded: ReadonlyArray<{ readonly to: 'alice' | 'bob'; readonly data: Uint8Array }> = [basicCall, holdResume].flatMap((scenario) =>
  runScenario(scenario, noFaults(3), uaFactory).trace.steps.flatMap((s) =>
    s.type === 'send' && (s.to === 'alice' || s.to === 'bob') ? [{ to: s.to, data: payloadBytes(s.payload) }] : [],
  ),
)

/**
 * The exact inputs one node of a recorded run received, in order, and its initial
 * state: replayed untouched they reproduce the run, so edits of them reach deep states.
 */
interface Recording {
  readonly initial: UserAgent
  readonly inputs: ReadonlyArray<Input>
}

const record = (scenario: Scenario, node: string): Recording => {
  const seed = 3
  const { trace } = runScenario(scenario, noFaults(seed), uaFactory)
  const participant = scenario.participants.find((p) => p.name === node)
  const initial = uaFactory(participant ?? scenario.participants[0]!, nodeSeed(seed, node)).initial as UserAgent
  const sends = new Map(trace.steps.flatMap((s) => (s.type === 'send' ? [[s.packet, s] as const] : [])))
  const inputs = trace.steps.flatMap((s): ReadonlyArray<Input> => {
    if (s.type === 'deliver' && s.to === node) {
      const p = sends.get(s.packet)
      return p === undefined ? [] : [{ type: 'packet', at: s.at, transport: p.transport, source: p.source, destination: p.destination, data: payloadBytes(p.payload) }]
    }
    if (s.type === 'timer' && s.node === node) return [{ type: 'timer', at: s.at, key: s.key }]
    if (s.type === 'command' && s.node === node && s.nodeDown !== true) return [{ type: 'command', at: s.at, command: s.command }]
    return []
  })
  return { initial, inputs }
}

const recordings: ReadonlyArray<Recording> = [basicCall, holdResume, cancel, delayedOffer, glare].flatMap((s) => [record(s, 'alice'), record(s, 'bob')])

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

/** What to do with each recorded input: keep it, drop it, mutate it (packets), or put a random action before it. */
const editOfInput = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ type: 'keep' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'drop' as const }) },
  { weight: 2, arbitrary: editArb.map((edits) => ({ type: 'mutate' as const, edits })) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(2000), actionArb).map(([dt, action]) => ({ type: 'insert' as const, dt, action })) },
)

describe('UA totality', () => {
  it('recorded calls give material to mutate, and replay them faithfully', () => {
    expect(recorded.length).toBeGreaterThan(10)
    for (const r of recordings) {
      expect(r.inputs.length).toBeGreaterThan(3)
      // Replayed untouched, a recording ends where the run ended: nothing left open.
      const end = r.inputs.reduce((ua, i) => step(ua, i)[0], r.initial)
      expect(end.calls.size + end.dialogs.size).toBe(0)
    }
  })

  it('replayed calls with inputs dropped, mutated and interleaved with anything never throw; nextDeadline tracks the timers', () => {
    fc.assert(
      fc.property(fc.nat(recordings.length - 1), fc.array(editOfInput, { maxLength: 120 }), (which, edits) => {
        const rec = recordings[which]!
        let ua = rec.initial
        let now = 0
        const feed = (input: Input): void => {
          now = Math.max(now, input.at)
          const [next] = step(ua, input)
          ua = next
          expect(nextDeadline(ua) !== undefined).toBe(armed(ua).length > 0)
          expect(indexProblems(ua)).toEqual([])
        }
        rec.inputs.forEach((input, i) => {
          const edit = edits[i] ?? { type: 'keep' as const }
          const at = Math.max(now, input.at)
          switch (edit.type) {
            case 'keep':
              return feed({ ...input, at })
            case 'drop':
              return
            case 'mutate':
              return feed(input.type === 'packet' ? { ...input, at, data: mutate(input.data, edit.edits) } : { ...input, at })
            case 'insert': {
              const random = toInput(ua, edit.action, now + edit.dt, input.type === 'packet' ? input : undefined)
              if (random !== undefined) feed(random)
              return feed({ ...input, at: Math.max(now, input.at) })
            }
          }
        })
      }),
      { numRuns: RUNS },
    )
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
          let ua = createUserAgent({ user: who, ...self, seed: 5, offerInInvite: settings.offerInInvite, ...(settings.autoAnswerMs === undefined ? {} : { autoAnswerMs: settings.autoAnswerMs }) })
          let now = 0
          for (const [dt, action] of actions) {
            now += dt
            const input = toInput(ua, action, now, { source: peer, destination: self, to: who })
            if (input === undefined) continue
            now = input.at
            const [next] = step(ua, input)
            ua = next
            expect(nextDeadline(ua) !== undefined).toBe(armed(ua).length > 0)
            expect(indexProblems(ua)).toEqual([])
          }
        },
      ),
      { numRuns: RUNS },
    )
  })
})

/** An action as an input at `at` (a due timer fires at its deadline, if later). */
const toInput = (
  ua: UserAgent,
  action: Action,
  at: number,
  addressing: { readonly source: { readonly address: string; readonly port: number }; readonly destination: { readonly address: string; readonly port: number }; readonly to?: string } | undefined,
): Input | undefined => {
  const source = addressing?.source ?? bobAddr
  const destination = addressing?.destination ?? aliceAddr
  const to = addressing?.to ?? (destination.address === aliceAddr.address ? 'alice' : 'bob')
  switch (action.type) {
    case 'bytes':
      return { type: 'packet', at, transport: 'udp', source, destination, data: action.data }
    case 'recorded': {
      const mine = recorded.filter((r) => r.to === to)
      const r = mine[action.index % Math.max(1, mine.length)]
      return { type: 'packet', at, transport: 'udp', source, destination, data: mutate(r?.data ?? new Uint8Array(0), action.edits) }
    }
    case 'timer':
      return { type: 'timer', at, key: action.key }
    case 'due': {
      const keys = armed(ua)
      const key = keys[action.index % Math.max(1, keys.length)]
      const deadline = key === undefined ? undefined : (ua.timers.get(key) ?? activeTimers(ua.transactions).find(([k]) => k === key)?.[1])
      return key === undefined || deadline === undefined ? undefined : { type: 'timer', at: Math.max(at, deadline), key }
    }
    case 'command':
      return { type: 'command', at, command: action.command }
  }
}
