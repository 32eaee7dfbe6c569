/**
 * `npm run bench -- sim`: the simulator with the full user-agent stack.
 *
 * - sim msgs/s: messages delivered in clean runs of basic-call and hold-resume, divided
 *   by the wall time of the runs (world stepping, both UAs, trace sealing);
 * - codec msgs/s: parse + serialize only, of the very same messages (core/message);
 *   target: sim ≥ 1/3 of codec;
 * - faulty runs/s: basic-call runs under swarm fault plans (a new seed each run), each
 *   through the harness the swarm and the properties use (sim/checked-run.ts:
 *   crash safety net, UA index invariant after every step, leak check at quiescence, the
 *   RFC oracle over the trace); target ≥ 1 000/s;
 * - where the time of a clean run goes, from a separate timed pass (so the clock reads do
 *   not slow the measured ones): the UA's steps by input (packet, command, timer), µs each
 *   and their share of the run; the rest is the simulator (world stepping, links, trace).
 */
import * as E from 'fp-ts/lib/Either.js'
import { parseMessage, serializeMessage } from '../core/message/index.ts'
import { noFaults } from '../sim/fault-plan.ts'
import { payloadBytes } from '../sim/payload.ts'
import { runChecked } from '../sim/checked-run.ts'
import { runScenario } from '../sim/run.ts'
import { basicCall } from '../sim/scenarios/basic-call.ts'
import { holdResume } from '../sim/scenarios/hold-resume.ts'
import { swarmFaults } from '../sim/swarm-faults.ts'
import type { Trace } from '../sim/trace.ts'
import type { NodeFactory } from '../sim/node-behaviour.ts'
import { uaFactory } from '../sim/ua-node.ts'
import { measureInterleaved, sink, type BenchOptions, type BenchOutcome } from './measure.ts'

/** Time in the UA's `step` for one kind of input, over a timed pass. */
export interface StepShare {
  readonly steps: number
  readonly microsecondsEach: number
  /** Of the wall time of the runs. */
  readonly share: number
}

export interface SimBenchResult {
  readonly simMessagesPerSec: number
  readonly codecMessagesPerSec: number
  /** sim / codec; target ≥ 1/3. */
  readonly simToCodecRatio: number
  readonly faultyRunsPerSec: number
  readonly messagesPerCleanPass: number
  /** Where a clean pass's time goes: UA steps by input type; the rest is the simulator's. */
  readonly breakdown: { readonly packet: StepShare; readonly command: StepShare; readonly timer: StepShare; readonly simulator: number }
  readonly targets: { readonly simAtLeastThirdOfCodec: boolean; readonly faultyRunsAtLeast1000: boolean }
}

const clean = [basicCall, holdResume]

const delivered = (trace: Trace): number => trace.steps.reduce((n, s) => n + (s.type === 'deliver' ? 1 : 0), 0)

/** The bytes of every delivered copy, as the receiving UA got them. */
const deliveredBytes = (trace: Trace): ReadonlyArray<Uint8Array> => {
  const byPacket = new Map<number, Uint8Array>()
  for (const s of trace.steps) if (s.type === 'send') byPacket.set(s.packet, payloadBytes(s.payload))
  return trace.steps.flatMap((s) => (s.type === 'deliver' ? [byPacket.get(s.packet) ?? new Uint8Array()] : []))
}

type InputType = 'packet' | 'command' | 'timer'

/** The clean runs again with every UA step timed, by input type. */
export const timeSteps = (passes: number): SimBenchResult['breakdown'] => {
  const spent: Record<string, number> = {}
  const count: Record<string, number> = {}
  const timed: NodeFactory = (participant, seed) => {
    const b = uaFactory(participant, seed)
    return {
      initial: b.initial,
      step: (state, input) => {
        const t0 = performance.now()
        const r = b.step(state, input)
        spent[input.type] = (spent[input.type] ?? 0) + performance.now() - t0
        count[input.type] = (count[input.type] ?? 0) + 1
        return r
      },
    }
  }
  const t0 = performance.now()
  for (let i = 0; i < passes; i++) for (const s of clean) sink(runScenario(s, noFaults(i), timed).trace.steps.length)
  const total = performance.now() - t0
  const share = (type: InputType): StepShare => ({
    steps: count[type] ?? 0,
    microsecondsEach: Math.round((1000 * (spent[type] ?? 0)) / Math.max(1, count[type] ?? 0) * 10) / 10,
    share: Math.round(((spent[type] ?? 0) / total) * 1000) / 1000,
  })
  const [packet, command, timer] = [share('packet'), share('command'), share('timer')]
  return { packet, command, timer, simulator: Math.round((1 - packet.share - command.share - timer.share) * 1000) / 1000 }
}

export const runSimBench = (options: BenchOptions): SimBenchResult => {
  const traces = clean.map((s) => runScenario(s, noFaults(1), uaFactory).trace)
  const messages = traces.flatMap(deliveredBytes)
  let seed = 0
  const simPass = (): number => clean.reduce((n, s) => n + delivered(runScenario(s, noFaults(seed++), uaFactory).trace), 0)
  const codecPass = (): number => {
    let bytes = 0
    for (const m of messages) {
      const parsed = parseMessage(m)
      if (E.isRight(parsed)) bytes += serializeMessage(parsed.right).length
    }
    sink(bytes)
    return messages.length
  }
  const names = basicCall.participants.map((p) => p.name)
  let faultySeed = 0
  const faultyPass = (): number => {
    const checked = runChecked(basicCall, swarmFaults(faultySeed++, names))
    sink(checked.trace.steps.length + checked.violations.length + (checked.ok ? 1 : 0))
    return 1
  }
  const [sim, codec, faulty] = measureInterleaved([simPass, codecPass, faultyPass], options)
  const simPerSec = Math.round(sim?.perSec ?? Number.NaN)
  const codecPerSec = Math.round(codec?.perSec ?? Number.NaN)
  const faultyPerSec = Math.round(faulty?.perSec ?? Number.NaN)
  const ratio = simPerSec / codecPerSec
  // As many timed passes as about a measured run's worth of the sim pass.
  const breakdown = timeSteps(Math.max(20, Math.round(((sim?.perSec ?? 10_000) * options.runMs) / 1000 / Math.max(1, messages.length))))
  return {
    simMessagesPerSec: simPerSec,
    codecMessagesPerSec: codecPerSec,
    simToCodecRatio: Math.round(ratio * 1000) / 1000,
    faultyRunsPerSec: faultyPerSec,
    messagesPerCleanPass: messages.length,
    breakdown,
    targets: { simAtLeastThirdOfCodec: ratio >= 1 / 3, faultyRunsAtLeast1000: faultyPerSec >= 1000 },
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(6)

const formatReport = (r: SimBenchResult): string => {
  const mark = (ok: boolean): string => (ok ? 'ok' : 'BELOW TARGET')
  return [
    'sim: user agents on the simulator (basic-call + hold-resume, clean; basic-call under swarm faults)',
    '  faulty runs go through the swarm harness: UA index invariant each step, leak check, RFC oracle',
    `  sim, full UA stack      ${r.simMessagesPerSec.toLocaleString('en-US').padStart(12)} msgs/s`,
    `  parse+serialize only    ${r.codecMessagesPerSec.toLocaleString('en-US').padStart(12)} msgs/s   (same ${r.messagesPerCleanPass} messages)`,
    `  sim / codec             ${r.simToCodecRatio.toFixed(3).padStart(12)}          target >= 0.333: ${mark(r.targets.simAtLeastThirdOfCodec)}`,
    `  faulty basic-call runs  ${r.faultyRunsPerSec.toLocaleString('en-US').padStart(12)} runs/s   target >= 1,000: ${mark(r.targets.faultyRunsAtLeast1000)}  (run + invariant + leak check + oracle)`,
    '  where a clean run\'s time goes (a separate pass with each UA step timed):',
    ...(['packet', 'command', 'timer'] as const).map((k) => {
      const b = r.breakdown[k]
      return `    UA step on a ${k.padEnd(8)} ${`${b.microsecondsEach} µs`.padStart(10)} each  ${pct(b.share)} of the time  (${b.steps.toLocaleString('en-US')} steps)`
    }),
    `    the simulator itself                      ${pct(r.breakdown.simulator)} of the time  (world stepping, links, trace)`,
  ].join('\n')
}

export async function run(options: BenchOptions): Promise<BenchOutcome> {
  const result = runSimBench(options)
  return { json: result, text: formatReport(result) }
}
