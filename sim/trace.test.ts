import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { noFaults } from './fault-plan.ts'
import type { NodeFactory } from './node-behaviour.ts'
import { describeReplay, replay } from './replay.ts'
import { runScenario } from './run.ts'
import { swarmFaults } from './swarm-faults.ts'
import { toyFactory } from './testing/toy-node.ts'
import { toyTriangle } from './testing/toy-scenarios.ts'
import { decodeTrace, encodeTrace, traceHash, traceHashValid, type Trace } from './trace.ts'

const faults = swarmFaults(11, ['alice', 'bob', 'carol'])
const recorded = runScenario(toyTriangle, faults, toyFactory).trace

describe('traces', () => {
  it('carry a sha256 over their canonical encoding', () => {
    expect(recorded.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(traceHashValid(recorded)).toBe(true)
    // Key order does not matter to the canonical encoding.
    const reverseKeys = (x: unknown): unknown =>
      Array.isArray(x)
        ? x.map(reverseKeys)
        : typeof x === 'object' && x !== null
          ? Object.fromEntries(Object.entries(x).reverse().map(([k, v]) => [k, reverseKeys(v)]))
          : x
    const reordered = reverseKeys(recorded) as Trace
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(recorded))
    expect(traceHash(reordered)).toBe(recorded.hash)
  })

  it('round-trip through JSON text (one step per line)', () => {
    const text = encodeTrace(recorded)
    expect(text.split('\n').length).toBeGreaterThan(recorded.steps.length)
    const back = decodeTrace(text)
    expect(back).toEqual(E.right(recorded))
    expect(E.isRight(back) && traceHashValid(back.right)).toBe(true)
  })

  it('keep bytes that are not UTF-8 as base64', () => {
    const binary: NodeFactory = (p) => ({
      initial: null,
      step: (s, input) =>
        input.type === 'command' && p.name === 'alice'
          ? [s, [{ type: 'send', transport: 'udp', destination: { address: '10.0.0.2', port: 5060 }, data: new Uint8Array([0xff, 0x00, 0x41]) }]]
          : [s, []],
    })
    const { trace } = runScenario({ ...toyTriangle, expect: { events: [] } }, noFaults(1), binary)
    const send = trace.steps.find((s) => s.type === 'send')
    expect(send?.type === 'send' && send.payload).toEqual({ base64: '/wBB' })
    expect(decodeTrace(encodeTrace(trace))).toEqual(E.right(trace))
  })

  it('are rejected readably when malformed', () => {
    const broken = { ...JSON.parse(encodeTrace(recorded)), version: 2 }
    const r = decodeTrace(JSON.stringify(broken))
    expect(E.isLeft(r) && r.left).toContain('at version')
    const mismatch = { ...JSON.parse(encodeTrace(recorded)), seed: 12 }
    const m = decodeTrace(JSON.stringify(mismatch))
    expect(E.isLeft(m) && m.left).toContain('seed 12 differs from faults.seed 11')
  })
})

describe('replay', () => {
  it('reproduces a trace exactly from seed, scenario and faults', () => {
    const decoded = decodeTrace(encodeTrace(recorded))
    if (E.isLeft(decoded)) throw new Error(decoded.left)
    const r = replay(decoded.right, toyFactory)
    expect(r.type).toBe('identical')
    expect(describeReplay(r)).toBe(`identical: ${recorded.hash}`)
  })

  it('reports the first differing step, with both sides', () => {
    // A node that answers with 202 instead of 200: the run diverges at bob's first answer.
    const changed: NodeFactory = (p, seed) => {
      const toy = toyFactory(p, seed)
      return {
        initial: toy.initial,
        step: (s, input) => {
          const [next, outs] = toy.step(s, input)
          const patched = outs.map((o) =>
            o.type === 'send' && p.name === 'bob' ? { ...o, data: new TextEncoder().encode(new TextDecoder().decode(o.data).replace('200 OK', '202 Accepted')) } : o,
          )
          return [next, patched]
        },
      }
    }
    const r = replay(recorded, changed)
    expect(r.type).toBe('diverged')
    if (r.type !== 'diverged') return
    const first = recorded.steps.findIndex((s) => s.type === 'send' && s.from === 'bob')
    expect(r.divergence?.index).toBe(first)
    expect(JSON.stringify(r.divergence?.recorded)).toContain('200 OK')
    expect(JSON.stringify(r.divergence?.replayed)).toContain('202 Accepted')
    const lines = describeReplay(r).split('\n')
    expect(lines).toContain(`  first difference at step ${first}, marked >> (recorded || replayed):`)
    // The marked row: bob's answer on both sides, 200 recorded and 202 replayed, with the steps before it.
    const marked = lines.find((l) => l.startsWith('>>')) ?? ''
    expect(marked.startsWith(`>> ${String(first).padStart(4)}`)).toBe(true)
    const [left, right] = marked.split(' || ')
    expect(left).toMatch(/<-+200 OK-+\|/)
    expect(right).toMatch(/<-+202 Acce/)
    expect(lines.filter((l) => /^ {3} *\d+ /.test(l)).length).toBeGreaterThanOrEqual(Math.min(first, 3))
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}payload: recorded \{"text":"SIP\/2\.0 200 OK.*, replayed \{"text":"SIP\/2\.0 202 Accepted/))
  })

  it('notices an edited trace', () => {
    const edited: Trace = { ...recorded, steps: recorded.steps.slice(0, -1) }
    const r = replay(edited, toyFactory)
    expect(r.type).toBe('diverged')
    expect(r.recordedHashValid).toBe(false)
    expect(r.type === 'diverged' && r.divergence?.index).toBe(recorded.steps.length - 1)
  })
})
