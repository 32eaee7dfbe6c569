/**
 * TEST FIXTURE — not a user agent. A tiny SIP-speaking node for the simulator's own
 * tests, until core/ua exists: it answers every request with 200 OK, and on an
 * `options` command sends OPTIONS (`burst` of them), retransmitting each on a
 * doubling timer until a response arrives or `maxAttempts` is reached (then 408).
 * Config (JSON): { "retransmitEvery"?: ms, "maxAttempts"?: n, "burst"?: n }.
 */
import { nextToken, seedPrng, type Prng } from '../../core/random/index.ts'
import type { HostPort, Input, Millis, Output } from '../../core/ua/io.ts'
import type { Json } from '../json.ts'
import type { NodeBehaviour, NodeFactory } from '../node-behaviour.ts'
import type { Participant } from '../scenario.ts'

interface Outstanding {
  readonly callId: string
  readonly target: string
  readonly destination: HostPort
  readonly data: Uint8Array
  readonly attempts: number
  readonly interval: Millis
}

export interface ToyState {
  readonly prng: Prng
  readonly outstanding: ReadonlyArray<Outstanding>
}

interface ToyConfig {
  readonly retransmitEvery: Millis
  readonly maxAttempts: number
  readonly burst: number
}

const numberField = (config: Json, key: string, fallback: number): number => {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return fallback
  const v = (config as { readonly [k: string]: Json })[key]
  return typeof v === 'number' ? v : fallback
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** `sip:user@host:port` → host and port (5060 by default). */
const targetHostPort = (target: string): HostPort | undefined => {
  const m = /^sips?:(?:[^@]*@)?([^:;>]+)(?::(\d+))?/.exec(target)
  return m?.[1] === undefined ? undefined : { address: m[1], port: m[2] === undefined ? 5060 : Number(m[2]) }
}

const header = (text: string, name: string): string | undefined => {
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(text)
  return m?.[1]?.trim()
}

const timerKey = (callId: string): string => `rtx:${callId}`

export const toyNode = (participant: Participant, seed: number): NodeBehaviour<ToyState> => {
  const config: ToyConfig = {
    retransmitEvery: numberField(participant.config, 'retransmitEvery', 500),
    maxAttempts: numberField(participant.config, 'maxAttempts', 7),
    burst: numberField(participant.config, 'burst', 1),
  }
  const me = participant.address
  const here = `${me.address}:${me.port}`

  const request = (prng: Prng, target: string): readonly [string, string, Prng] => {
    const [branch, p1] = nextToken(prng, 10)
    const [tag, p2] = nextToken(p1, 8)
    const [id, p3] = nextToken(p2, 12)
    const callId = `${id}@${me.address}`
    const text =
      `OPTIONS ${target} SIP/2.0\r\n` +
      `Via: SIP/2.0/UDP ${here};branch=z9hG4bK${branch}\r\n` +
      `Max-Forwards: 70\r\n` +
      `From: <sip:${participant.name}@${here}>;tag=${tag}\r\n` +
      `To: <${target}>\r\n` +
      `Call-ID: ${callId}\r\n` +
      `CSeq: 1 OPTIONS\r\n` +
      `Content-Length: 0\r\n\r\n`
    return [callId, text, p3]
  }

  const answer = (text: string): string =>
    `SIP/2.0 200 OK\r\n` +
    `Via: ${header(text, 'Via') ?? ''}\r\n` +
    `From: ${header(text, 'From') ?? ''}\r\n` +
    `To: ${header(text, 'To') ?? ''};tag=toy${participant.name}\r\n` +
    `Call-ID: ${header(text, 'Call-ID') ?? ''}\r\n` +
    `CSeq: ${header(text, 'CSeq') ?? ''}\r\n` +
    `Content-Length: 0\r\n\r\n`

  const step = (state: ToyState, input: Input): readonly [ToyState, ReadonlyArray<Output>] => {
    switch (input.type) {
      case 'command': {
        const c = input.command
        if (c.type !== 'options') return [state, [{ type: 'event', event: { type: 'error', reason: `toy node: no ${c.type}` } }]]
        const destination = targetHostPort(c.target)
        if (destination === undefined) return [state, [{ type: 'event', event: { type: 'error', reason: `bad target ${c.target}` } }]]
        let prng = state.prng
        const sent: Outstanding[] = []
        const outputs: Output[] = []
        for (let i = 0; i < config.burst; i++) {
          const [callId, text, next] = request(prng, c.target)
          prng = next
          const data = encoder.encode(text)
          sent.push({ callId, target: c.target, destination, data, attempts: 1, interval: config.retransmitEvery })
          outputs.push({ type: 'send', transport: 'udp', destination, data })
          outputs.push({ type: 'timer', key: timerKey(callId), at: input.at + config.retransmitEvery })
        }
        return [{ prng, outstanding: [...state.outstanding, ...sent] }, outputs]
      }
      case 'timer': {
        const o = state.outstanding.find((x) => timerKey(x.callId) === input.key)
        if (o === undefined) return [state, []]
        const others = state.outstanding.filter((x) => x !== o)
        if (o.attempts >= config.maxAttempts)
          return [{ ...state, outstanding: others }, [{ type: 'event', event: { type: 'optionsResult', target: o.target, status: 408 } }]]
        const interval = Math.min(o.interval * 2, 4000)
        return [
          { ...state, outstanding: [...others, { ...o, attempts: o.attempts + 1, interval }] },
          [
            { type: 'send', transport: 'udp', destination: o.destination, data: o.data },
            { type: 'timer', key: input.key, at: input.at + interval },
          ],
        ]
      }
      case 'packet': {
        const text = decoder.decode(input.data)
        const status = /^SIP\/2\.0 (\d{3})/.exec(text)
        if (status === null) return [state, [{ type: 'send', transport: 'udp', destination: input.source, data: encoder.encode(answer(text)) }]]
        const o = state.outstanding.find((x) => x.callId === header(text, 'Call-ID'))
        if (o === undefined) return [state, []]
        return [
          { ...state, outstanding: state.outstanding.filter((x) => x !== o) },
          [
            { type: 'timer', key: timerKey(o.callId), at: undefined },
            { type: 'event', event: { type: 'optionsResult', target: o.target, status: Number(status[1]) } },
          ],
        ]
      }
      case 'transport-error':
        // The simulator has no failing sends; a toy retransmits until it gives up.
        return [state, []]
    }
  }

  return { initial: { prng: seedPrng(seed), outstanding: [] }, step }
}

/** The factory for scenarios made of toy nodes. */
export const toyFactory: NodeFactory = (participant, seed) => toyNode(participant, seed)
