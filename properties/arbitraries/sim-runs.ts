/**
 * fast-check arbitraries for simulator runs of call scenarios, as command lines: a run
 * is the argv of `sipxfer sim` (scenario, seed, loss, duplication, reordering,
 * partitions that heal, a crash of the callee, reaction timings), so a shrunk
 * counter-example is one command to replay. `simRunOf` (sim/cli.ts) turns it into the
 * scenario and fault plan, the same code path as the CLI.
 */
import fc from 'fast-check'
import type { Scenario } from '../../sim/scenario.ts'

/** The parts of a run, kept structured so fast-check shrinks each knob on its own. */
export interface SimRunSpec {
  readonly scenario: string
  readonly seed: number
  readonly loss: number
  readonly dup: number
  readonly reorder: number
  readonly partitions: ReadonlyArray<{ readonly from: string; readonly to: string; readonly oneWay: boolean; readonly start: number; readonly end: number }>
  readonly crash: { readonly at: number; readonly restartAt: number } | undefined
  /** One delay per reaction of the scenario (answer, hangup, hold … timings). */
  readonly after: ReadonlyArray<number>
}

/** Faults end at the default heal time (16 s); partitions and crashes heal before it. */
const HEAL = 16_000

const percent = (max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max }).map((n) => n / 100)

const window = (maxLength: number): fc.Arbitrary<{ readonly start: number; readonly end: number }> =>
  fc
    .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 100, max: maxLength }))
    .map(([start, length]) => ({ start, end: Math.min(HEAL - 1, start + length) }))

/** The callee: the second participant (alice calls bob in every call scenario). */
export const calleeOf = (s: Scenario): string => s.participants[1]?.name ?? s.participants[0]?.name ?? ''

export const simRunSpecArb = (scenarios: ReadonlyArray<Scenario>, options: { readonly crash?: boolean } = {}): fc.Arbitrary<SimRunSpec> =>
  fc.constantFrom(...scenarios).chain((s) => {
    const names = s.participants.map((p) => p.name)
    return fc.record({
      scenario: fc.constant(s.name),
      seed: fc.nat({ max: 0xffffffff }),
      loss: percent(30),
      dup: percent(20),
      reorder: percent(20),
      partitions: fc.array(
        fc.record({ pair: fc.constantFrom(...names.flatMap((a) => names.filter((b) => b !== a).map((b) => [a, b] as const))), oneWay: fc.boolean(), w: window(6000) }).map(
          ({ pair, oneWay, w }) => ({ from: pair[0], to: pair[1], oneWay, ...w }),
        ),
        { maxLength: 2 },
      ),
      crash: options.crash === false ? fc.constant(undefined) : fc.option(window(8000).map((w) => ({ at: w.start, restartAt: w.end })), { nil: undefined, freq: 4 }),
      after: fc.tuple(...s.reactions.map(() => fc.integer({ min: 0, max: 5000 }))),
    })
  })

/** The `sipxfer sim` arguments of a run (without the leading `sim`). */
export const simRunArgv = (spec: SimRunSpec, scenarios: ReadonlyArray<Scenario>): ReadonlyArray<string> => {
  const scenario = scenarios.find((s) => s.name === spec.scenario)
  const callee = scenario === undefined ? 'bob' : calleeOf(scenario)
  return [
    spec.scenario,
    '--seed', String(spec.seed),
    ...(spec.loss > 0 ? ['--loss', String(spec.loss)] : []),
    ...(spec.dup > 0 ? ['--dup', String(spec.dup)] : []),
    ...(spec.reorder > 0 ? ['--reorder', String(spec.reorder)] : []),
    ...spec.partitions.flatMap((p) => ['--partition', `${p.from}${p.oneWay ? '>' : '|'}${p.to}@${p.start}-${p.end}`]),
    ...(spec.crash === undefined ? [] : ['--crash', `${callee}@${spec.crash.at}-${spec.crash.restartAt}`]),
    ...spec.after.flatMap((ms, i) => ['--after', `${i}=${ms}`]),
  ]
}
