import { describe, expect, it } from 'vitest'
import { noFaults, type FaultPlan } from './fault-plan.ts'
import { ladderOf } from './ladder-model.ts'
import { ladderText } from './ladder-text.ts'
import { ladderMermaid } from './mermaid.ts'
import { runScenario } from './run.ts'
import { toyFactory } from './testing/toy-node.ts'
import { toyPing, toyTriangle } from './testing/toy-scenarios.ts'

describe('text ladder', () => {
  it('draws one column per node and one arrow per packet, with method or status and time', () => {
    const { trace } = runScenario(toyPing, noFaults(1), toyFactory)
    expect(ladderText(trace)).toBe(
      [
        '   time  alice                 bob',
        '      0  |-------OPTIONS------>|  +10ms',
        '     10  |<------200 OK--------|  +10ms',
        '     20  | * optionsResult target=sip:bob@10.0.0.2:5060 status=200',
        '  16000  | ~~ heal (network healed) ~~',
        '',
      ].join('\n'),
    )
  })

  it('marks lost packets with an x and says why', () => {
    const faults: FaultPlan = { ...noFaults(1), partitions: [{ a: ['alice'], b: ['bob'], oneWay: true, start: 0, end: 600 }] }
    const text = ladderText(runScenario(toyPing, faults, toyFactory).trace)
    expect(text).toContain('|-------OPTIONS------x|  lost (partition)')
    expect(text).toContain('    500  |-------OPTIONS------x|  lost (partition)')
    expect(text).toContain('   1500  |-------OPTIONS------>|  +10ms')
  })

  it('spans columns and filters by Call-ID', () => {
    const { trace } = runScenario(toyTriangle, noFaults(1), toyFactory)
    const text = ladderText(trace)
    expect(text).toContain('|<-----------------OPTIONS------------------|')
    const first = ladderOf(trace).rows.find((r) => r.type === 'packet')
    const callId = first?.type === 'packet' ? first.summary.callId : undefined
    expect(callId).toBeDefined()
    const only = ladderOf(trace, { callId })
    expect(only.rows.filter((r) => r.type === 'packet').length).toBe(2)
  })
})

describe('mermaid', () => {
  it('writes a sequenceDiagram: requests solid, responses dashed, losses crossed, notes for events', () => {
    const faults: FaultPlan = { ...noFaults(1), partitions: [{ a: ['alice'], b: ['bob'], oneWay: true, start: 0, end: 100 }] }
    const text = ladderMermaid(runScenario(toyPing, faults, toyFactory).trace)
    const lines = text.split('\n')
    expect(lines.slice(0, 3)).toEqual(['sequenceDiagram', '  participant P0 as alice', '  participant P1 as bob'])
    expect(lines).toContain('  P0-xP1: OPTIONS (0 ms, lost (partition))')
    expect(lines).toContain('  P0->>P1: OPTIONS (500 ms)')
    expect(lines).toContain('  P1-->>P0: 200 OK (510 ms)')
    expect(lines.some((l) => l.startsWith('  Note over P0: 520 ms optionsResult'))).toBe(true)
  })
})
