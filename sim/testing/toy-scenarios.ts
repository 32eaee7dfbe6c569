/** TEST FIXTURE — scenarios for the toy node (toy-node.ts), used by the simulator's tests. */
import type { Scenario } from '../scenario.ts'

const at = (n: number): { readonly address: string; readonly port: number } => ({ address: `10.0.0.${n}`, port: 5060 })

/** alice asks bob for OPTIONS once; she must see the 200. */
export const toyPing: Scenario = {
  name: 'toy-ping',
  description: 'alice sends OPTIONS to bob, bob answers 200',
  participants: [
    { name: 'alice', address: at(1), config: {} },
    { name: 'bob', address: at(2), config: {} },
  ],
  commands: [{ node: 'alice', at: 0, command: { type: 'options', target: 'sip:bob@10.0.0.2:5060' } }],
  reactions: [],
  expect: { events: [{ node: 'alice', type: 'optionsResult', where: { status: 200 } }] },
  livenessDeadline: 40_000,
}

/** Three nodes; alice pings bob, then (reaction) carol; carol pings alice and bob. */
export const toyTriangle: Scenario = {
  name: 'toy-triangle',
  participants: [
    { name: 'alice', address: at(1), config: {} },
    { name: 'bob', address: at(2), config: {} },
    { name: 'carol', address: at(3), config: {} },
  ],
  commands: [
    { node: 'alice', at: 0, command: { type: 'options', target: 'sip:bob@10.0.0.2' } },
    { node: 'carol', at: 200, command: { type: 'options', target: 'sip:alice@10.0.0.1' } },
    { node: 'carol', at: 900, command: { type: 'options', target: 'sip:bob@10.0.0.2' } },
  ],
  reactions: [
    {
      node: 'alice',
      on: 'optionsResult',
      where: { target: 'sip:bob@10.0.0.2' },
      after: 100,
      command: { type: 'options', target: 'sip:carol@10.0.0.3' },
      times: 1,
    },
  ],
  expect: {
    events: [
      { node: 'alice', type: 'optionsResult', where: { target: 'sip:bob@10.0.0.2' } },
      { node: 'alice', type: 'optionsResult', where: { target: 'sip:carol@10.0.0.3' } },
      { node: 'carol', type: 'optionsResult' },
    ],
  },
  livenessDeadline: 40_000,
}

/** alice sends bursts of `burst` OPTIONS to bob every second: traffic for fault statistics. */
export const toyBurst = (burst: number, rounds: number): Scenario => ({
  name: `toy-burst-${burst}x${rounds}`,
  participants: [
    { name: 'alice', address: at(1), config: { burst } },
    { name: 'bob', address: at(2), config: {} },
  ],
  commands: Array.from({ length: rounds }, (_, i) => ({
    node: 'alice',
    at: i * 1000,
    command: { type: 'options' as const, target: 'sip:bob@10.0.0.2' },
  })),
  reactions: [],
  expect: { events: [] },
  livenessDeadline: 60_000,
})

export const toyScenarios: ReadonlyArray<Scenario> = [toyPing, toyTriangle, toyBurst(10, 5)]
