/**
 * Record and replay: run the `blind` transfer scenario on the simulator under packet loss
 * and jitter, write its trace to a file, read it back, replay it (same seed, scenario and
 * faults ⇒ the same trace, hash compared), and write the ladder as an HTML page.
 * Run: npx tsx examples/replay.ts   (then open the printed .html in a browser)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import {
  builtInScenarios, cleanLink, decodeTrace, describeOutcome, describeReplay, encodeTrace, findScenario,
  ladderHtml, ladderText, noFaults, replay, runScenario, uaQuiescence, type FaultPlan,
} from '../sim/index.ts'
import { uaFactory } from '../sim/ua-node.ts'

export interface ReplayFiles {
  readonly trace: string
  readonly html: string
}

export const main = async (print: (line: string) => void = console.log, dir = mkdtempSync(join(tmpdir(), 'sipxfer-replay-'))): Promise<ReplayFiles> => {
  const scenario = findScenario(builtInScenarios, 'blind')
  if (scenario === undefined) throw new Error('no scenario "blind"')
  // Every random choice (which packet is lost, each jitter) derives from the seed.
  const faults: FaultPlan = { ...noFaults(42), links: { ...cleanLink(10), jitter: 5, loss: { type: 'random', p: 0.1 } } }
  // Run with the CLI's leak check; a replay must use the same options.
  const options = { finalChecks: [uaQuiescence] }
  const { trace } = runScenario(scenario, faults, uaFactory, options)
  print(describeOutcome(trace.outcome))
  print(ladderText(trace))

  const files: ReplayFiles = { trace: join(dir, 'blind.trace.json'), html: join(dir, 'blind.html') }
  writeFileSync(files.trace, encodeTrace(trace))
  print(`trace: ${files.trace} (hash ${trace.hash})`)

  // A trace file is all it takes to re-run the same calls (`sipxfer replay FILE` does this).
  const decoded = decodeTrace(readFileSync(files.trace, 'utf8'))
  if (E.isLeft(decoded)) throw new Error(decoded.left)
  print(`replay: ${describeReplay(replay(decoded.right, uaFactory, options))}`)

  writeFileSync(files.html, ladderHtml(trace))
  print(`ladder: ${files.html}`)
  return files
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
