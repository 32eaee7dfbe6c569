import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { simCli, simRunOf, type CliDeps } from './cli.ts'
import { cleanLink, noFaults, type FaultPlan } from './fault-plan.ts'
import { swarmFaults } from './swarm-faults.ts'
import { decodeTrace } from './trace.ts'
import { toyFactory } from './testing/toy-node.ts'
import { toyPing, toyScenarios } from './testing/toy-scenarios.ts'

/** An in-memory file system for the CLI's effects. */
const memory = (): CliDeps & { readonly files: Map<string, Uint8Array> } => {
  const files = new Map<string, Uint8Array>()
  return {
    files,
    readFile: (path) => {
      const f = files.get(path)
      return f === undefined ? E.left('ENOENT') : E.right(f)
    },
    writeFile: (path, data) => {
      files.set(path, typeof data === 'string' ? new TextEncoder().encode(data) : data)
      return E.right(undefined)
    },
    scenarios: toyScenarios,
    factory: toyFactory,
  }
}
const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b)

describe('sim CLI', () => {
  it('lists scenarios', () => {
    const r = simCli(['sim', '--list'], memory())
    expect(r).toMatchObject({ exitCode: 0, stderr: '' })
    expect(r.stdout).toContain('toy-ping  alice sends OPTIONS to bob, bob answers 200\ntoy-triangle\n')
    expect(simCli(['sim', '--list'], { ...memory(), scenarios: [] }).stdout).toBe('no scenarios registered yet\n')
  })

  it('runs a scenario with explicit faults, printing the plan, the ladder and the outcome, and writes the files', () => {
    const deps = memory()
    const r = simCli(
      ['sim', 'toy-ping', '--seed', '9', '--loss', '0.3', '--dup', '0.1', '--reorder', '0.1', '--partition', 'alice>bob@0-600', '--trace', 't.json', '--pcap', 't.pcap', '--html', 't.html', '--mermaid', 't.mmd'],
      deps,
    )
    expect(r.stderr).toBe('')
    expect(r.exitCode).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe('seed 9 (explicit), faults until 16000 ms')
    expect(lines[1]).toBe('  links: latency 10 ms, jitter 0 ms, loss random 30.0%, duplicate 10.0%, reorder 10.0% (+50 ms)')
    expect(lines[2]).toBe('  partition alice -> bob from 0 ms, heals at 600 ms')
    expect(r.stdout).toContain('|-------OPTIONS------x|  lost (partition)')
    expect(r.stdout).toMatch(/pass: quiescent at 16000 ms\nhash [0-9a-f]{64}\n$/)
    expect([...deps.files.keys()].sort()).toEqual(['t.html', 't.json', 't.mmd', 't.pcap'])
    expect(text(deps.files.get('t.mmd')).startsWith('sequenceDiagram\n')).toBe(true)
    const trace = decodeTrace(text(deps.files.get('t.json')))
    expect(E.isRight(trace) && trace.right.faults.partitions.length).toBe(1)
  })

  it('prints a JSON summary with --json', () => {
    const r = simCli(['sim', 'toy-ping', '--json'], memory())
    const json = JSON.parse(r.stdout)
    expect(Object.keys(json)).toEqual(['scenario', 'seed', 'faults', 'outcome', 'expected', 'violations', 'messages', 'hash'])
    expect(json).toMatchObject({ scenario: 'toy-ping', seed: 0, outcome: { type: 'pass' }, expected: true, violations: [], messages: 2 })
  })

  it('takes crashes and reaction delays on the command line, and counts oracle violations in the exit code', () => {
    const deps = memory()
    const r = simCli(['sim', 'toy-ping', '--crash', 'bob@0-5000', '--json'], deps)
    expect(JSON.parse(r.stdout).faults.crashes).toEqual([{ node: 'bob', at: 0, restartAt: 5000 }])
    expect(simCli(['sim', 'toy-ping', '--crash', 'bob@x'], deps).exitCode).toBe(2)
    expect(simCli(['sim', 'toy-ping', '--after', '9=100'], deps).exitCode).toBe(2)
    const flagged = simCli(['sim', 'toy-ping', '--json'], { ...deps, oracle: { trace: () => [{ rule: 'X-1', at: 3, message: 'broken' }] } })
    expect(flagged.exitCode).toBe(1)
    expect(JSON.parse(flagged.stdout).violations).toEqual([{ rule: 'X-1', at: 3, message: 'broken' }])
  })

  it('reads a scenario from a JSON file', () => {
    const deps = memory()
    deps.files.set('s.json', new TextEncoder().encode(JSON.stringify({ ...toyPing, name: 'from-file' })))
    expect(simCli(['sim', 's.json', '--json'], deps).stdout).toContain('"scenario":"from-file"')
    deps.files.set('bad.json', new TextEncoder().encode(JSON.stringify({ ...toyPing, livenessDeadline: 'soon' })))
    const bad = simCli(['sim', 'bad.json'], deps)
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toContain('at livenessDeadline: expected a number in [0,')
  })

  /** A stub oracle that objects to every odd seed: the swarm's failures are then known in advance. */
  const oddSeedsFail: CliDeps['oracle'] = { trace: (t) => (t.seed % 2 === 1 ? [{ rule: 'X-ODD', at: 0, message: 'odd seed' }] : []) }

  it('swarms over seeds: failures on stdout with their replay command, passes not listed, a progress bar and a summary on stderr', () => {
    const deps = memory()
    const bar: string[] = []
    const r = simCli(['sim', 'toy-ping', '--swarm', '6', '--seed', '100', '--trace', 'fail.json'], { ...deps, oracle: oddSeedsFail, progress: (t) => bar.push(t) })
    expect(r.exitCode).toBe(1)
    const failures = r.stdout.split('\n').filter((l) => /^seed \d+: /.test(l))
    expect(failures.map((l) => /^seed (\d+): /.exec(l)?.[1])).toEqual(['101', '103', '105'])
    expect(r.stdout).not.toMatch(/^seed (100|102|104)\b/m)
    expect(r.stdout.match(/^ {2}X-ODD at 0 ms: odd seed$/gm)).toHaveLength(3)
    expect(r.stdout).toContain('  reproduce: sipxfer sim toy-ping --swarm 1 --seed 103\n')
    expect(r.stdout).not.toContain('runs')
    expect(r.stderr).toBe("toy-ping: 6 run(s) from seed 100, 3 failed (first failure's trace in fail.json)\n")
    const trace = decodeTrace(text(deps.files.get('fail.json')))
    expect(E.isRight(trace) && trace.right.seed).toBe(101)
    // The bar: drawn at 0, redrawn in place (\r), ended by a newline.
    expect(bar[0]).toBe('[..............................] 0/6 runs  0 failed')
    expect(bar.slice(1, -1).every((t) => t.startsWith('\r['))).toBe(true)
    expect(bar[bar.length - 2]).toBe('\r[##############################] 6/6 runs  3 failed')
    expect(bar[bar.length - 1]).toBe('\n')
  })

  it("the printed replay command shows that seed's run: plan, ladder, outcome and violations", () => {
    const deps = { ...memory(), oracle: oddSeedsFail }
    const swarmed = simCli(['sim', 'toy-ping', '--swarm', '4', '--seed', '7', '--heal', '5000', '--after', '0=0'], { ...deps, scenarios: [...toyScenarios] })
    expect(swarmed.exitCode).toBe(2) // toy-ping has no reaction 0
    const r = simCli(['sim', 'toy-ping', '--swarm', '4', '--seed', '7', '--heal', '5000'], deps)
    const line = /reproduce: sipxfer (sim .*)$/m.exec(r.stdout)?.[1]
    expect(line).toBe('sim toy-ping --swarm 1 --seed 7 --heal 5000')
    const one = simCli((line ?? '').split(' '), deps)
    expect(one.exitCode).toBe(1)
    const lines = one.stdout.split('\n')
    expect(lines[0]).toBe('seed 7 (swarm), faults until 5000 ms')
    expect(one.stdout).toMatch(/^ +time {2}alice +bob$/m)
    expect(one.stdout).toMatch(/\|-+OPTIONS-+[>x]\|/)
    expect(one.stdout).toContain('1 rule violation(s)\n  X-ODD at 0 ms: odd seed\nhash ')
    expect(one.stdout).not.toContain('run(s)')
    // The same seed inside a swarm and alone is the same run.
    const json = JSON.parse(simCli(['sim', 'toy-ping', '--swarm', '1', '--seed', '7', '--heal', '5000', '--json'], deps).stdout)
    const trace = simCli(['sim', 'toy-ping', '--swarm', '2', '--seed', '7', '--heal', '5000', '--trace', 's.json'], deps)
    expect(trace.exitCode).toBe(1)
    const saved = decodeTrace(text(deps.files.get('s.json')))
    expect(E.isRight(saved) && saved.right.hash).toBe(json.hash)
  })

  it('with --json a swarm prints one summary object: runs, failures with seed, rules and replay command', () => {
    const r = simCli(['sim', 'toy-ping', '--swarm', '4', '--seed', '100', '--json'], { ...memory(), oracle: oddSeedsFail })
    expect(r.exitCode).toBe(1)
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    const json = JSON.parse(r.stdout)
    expect(Object.keys(json)).toEqual(['scenario', 'firstSeed', 'runs', 'failed', 'failures'])
    expect(json).toMatchObject({ scenario: 'toy-ping', firstSeed: 100, runs: 4, failed: 2 })
    expect(json.failures.map((f: { seed: number }) => f.seed)).toEqual([101, 103])
    expect(json.failures[1]).toMatchObject({
      seed: 103,
      violations: [{ rule: 'X-ODD', at: 0, message: 'odd seed' }],
      replay: 'sipxfer sim toy-ping --swarm 1 --seed 103',
    })
    expect(json.failures[1].outcome.type).toEqual(expect.any(String))
    const clean = simCli(['sim', 'toy-ping', '--swarm', '3', '--seed', '100', '--json'], { ...memory(), oracle: { trace: () => [] } })
    expect(JSON.parse(clean.stdout)).toMatchObject({ runs: 3, failures: [] })
  })

  it('refuses, with --swarm, the options a swarm would ignore', () => {
    const deps = memory()
    deps.files.set('plan.json', new TextEncoder().encode(JSON.stringify(noFaults(1))))
    for (const extra of [['--loss', '0.1'], ['--dup', '0.1'], ['--reorder', '0.1'], ['--jitter', '5'], ['--partition', 'alice>bob'], ['--crash', 'bob@10'], ['--faults', 'plan.json']]) {
      for (const runs of ['1', '5']) {
        const r = simCli(['sim', 'toy-ping', '--swarm', runs, ...extra], deps)
        expect(r.exitCode, extra.join(' ')).toBe(2)
        expect(r.stderr).toContain(`${extra[0]} cannot be used with --swarm: a swarm run derives every fault from its seed`)
      }
    }
    for (const view of ['--pcap', '--html', '--mermaid']) {
      const r = simCli(['sim', 'toy-ping', '--swarm', '5', view, 'out'], deps)
      expect(r).toMatchObject({ exitCode: 2, stdout: '' })
      expect(r.stderr).toContain(`${view} cannot be used with --swarm 5: it draws one run`)
      expect(deps.files.has('out')).toBe(false)
    }
    // One swarm seed is one run: its views can be drawn.
    expect(simCli(['sim', 'toy-ping', '--swarm', '1', '--seed', '3', '--pcap', 'one.pcap', '--mermaid', 'one.mmd'], deps).stderr).toBe('')
    expect([...deps.files.keys()]).toEqual(expect.arrayContaining(['one.pcap', 'one.mmd']))
  })

  it('exits 1 when the outcome is not the expected one, with no oracle violation', () => {
    const deps = memory()
    const impossible = { ...toyPing, name: 'impossible', expect: { events: [{ node: 'alice', type: 'optionsResult', where: { status: 486 } }] } }
    deps.files.set('impossible.json', new TextEncoder().encode(JSON.stringify(impossible)))
    const r = simCli(['sim', 'impossible.json'], { ...deps, oracle: { trace: () => [] } })
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain('FAIL at 16000 ms: expected events not seen:\n  alice: optionsResult {"status":486}\n0 rule violation(s)\n')
    const json = JSON.parse(simCli(['sim', 'impossible.json', '--json'], deps).stdout)
    expect(json).toMatchObject({ outcome: { type: 'expectation-failed' }, expected: false, violations: [] })
    expect(simCli(['sim', 'toy-ping'], { ...deps, oracle: { trace: () => [] } }).exitCode).toBe(0)
  })

  it('reads a whole fault plan with --faults: Gilbert–Elliott loss, holds and per-link overrides', () => {
    const deps = memory()
    const plan: FaultPlan = {
      ...noFaults(3),
      healAt: 5000,
      links: { ...cleanLink(10), loss: { type: 'gilbert-elliott', p: 0.1, r: 0.5, lossGood: 0, lossBad: 0.8 } },
      overrides: [{ from: 'bob', to: 'alice', faults: { ...cleanLink(10), loss: { type: 'random', p: 1 } } }],
      holds: [{ from: 'alice', to: 'bob', start: 0, end: 3000 }],
    }
    deps.files.set('plan.json', new TextEncoder().encode(JSON.stringify(plan)))
    const r = simCli(['sim', 'toy-ping', '--faults', 'plan.json', '--trace', 't.json'], deps)
    expect(r.stderr).toBe('')
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      'seed 3 (explicit), faults until 5000 ms',
      '  links: latency 10 ms, jitter 0 ms, loss gilbert-elliott p=10.0% r=50.0% good=0.0% bad=80.0%, duplicate 0.0%, reorder 0.0% (+0 ms)',
      '  link bob->alice: latency 10 ms, jitter 0 ms, loss random 100.0%, duplicate 0.0%, reorder 0.0% (+0 ms)',
      '  hold alice->bob from 0 ms, released at 3000 ms',
    ])
    const trace = decodeTrace(text(deps.files.get('t.json')))
    if (E.isLeft(trace)) throw new Error(trace.left)
    expect(trace.right.faults).toEqual(plan)
    const steps = trace.right.steps
    // The three OPTIONS sent during the hold (0, 500, 1500 ms) all arrive at its release.
    expect(steps.filter((s) => s.type === 'deliver' && s.to === 'bob' && s.at <= 3000).map((s) => s.at)).toEqual([3000, 3000, 3000])
    const answers = steps.filter((s) => s.type === 'send' && s.from === 'bob' && s.at < 5000)
    expect(answers.length).toBeGreaterThan(0)
    expect(answers.every((s) => s.type === 'send' && s.fate === 'dropped' && s.reason === 'loss')).toBe(true)
    expect(JSON.parse(simCli(['sim', 'toy-ping', '--faults', 'plan.json', '--seed', '9', '--json'], deps).stdout).faults).toEqual({ ...plan, seed: 9 })
  })

  it('refuses a bad fault plan file readably, with exit 2', () => {
    const deps = memory()
    const put = (name: string, content: string): void => void deps.files.set(name, new TextEncoder().encode(content))
    put('bad.json', JSON.stringify({ ...noFaults(1), links: { ...cleanLink(10), loss: { type: 'random', p: 2 } }, holds: [{ from: 'alice' }] }))
    const bad = simCli(['sim', 'toy-ping', '--faults', 'bad.json'], deps)
    expect(bad).toMatchObject({ exitCode: 2, stdout: '' })
    expect(bad.stderr).toContain('invalid fault plan bad.json:\n')
    expect(bad.stderr).toContain('  at links.loss.p: expected a number in [0, 1], got 2')
    expect(bad.stderr).toContain('  at holds.0.to: ')
    put('text.json', 'loss: 10%')
    expect(simCli(['sim', 'toy-ping', '--faults', 'text.json'], deps).stderr).toMatch(/^invalid fault plan text\.json: not JSON/)
    expect(simCli(['sim', 'toy-ping', '--faults', 'missing.json'], deps)).toMatchObject({ exitCode: 2, stderr: 'cannot read fault plan missing.json: ENOENT\n' })
    put('plan.json', JSON.stringify(noFaults(1)))
    expect(simCli(['sim', 'toy-ping', '--faults', 'plan.json', '--loss', '0.1', '--heal', '9'], deps).stderr).toBe('--faults plan.json sets every knob: drop --loss, --heal (or edit the file)\n')
    put('dave.json', JSON.stringify({ ...noFaults(1), crashes: [{ node: 'dave', at: 5 }] }))
    expect(simCli(['sim', 'toy-ping', '--faults', 'dave.json'], deps)).toMatchObject({ exitCode: 2, stderr: 'the fault plan names dave, not in toy-ping (alice, bob)\n' })
  })

  it('refuses bad options readably', () => {
    expect(simCli(['sim', 'toy-ping', '--loss', '2'], memory())).toMatchObject({ exitCode: 2, stderr: '--loss 2: expected a number in [0, 1]\n' })
    expect(simCli(['sim', 'toy-ping', '--bogus'], memory()).stderr).toMatch(/^unknown option --bogus\nusage: /)
    expect(simCli(['sim', 'nope'], memory()).stderr).toContain('no scenario "nope" (known: toy-ping, toy-triangle,')
    expect(simCli(['sim', 'toy-ping', '--partition', 'x'], memory()).stderr).toContain('bad partition "x"')
    expect(simCli(['sim', 'toy-ping'], { ...memory(), factory: undefined }).stderr).toContain('no node factory')
    expect(simCli(['frobnicate'], memory()).exitCode).toBe(2)
  })
})

describe('simRunOf: one run from a command line', () => {
  const deps = { scenarios: toyScenarios, readFile: () => E.left('no files') }
  it("takes the line a failed swarm run prints (--swarm 1 --seed S) as that seed's swarm plan", () => {
    const run = simRunOf(['toy-ping', '--swarm', '1', '--seed', '42'], deps)
    expect(E.isRight(run) ? run.right.plan : undefined).toEqual(swarmFaults(42, toyPing.participants.map((p) => p.name)))
    const healed = simRunOf(['toy-ping', '--swarm', '1', '--seed', '42', '--heal', '5000'], deps)
    expect(E.isRight(healed) ? healed.right.plan.healAt : undefined).toBe(5000)
  })
  it('refuses --swarm N for N > 1: that is N runs', () => {
    expect(simRunOf(['toy-ping', '--swarm', '3'], deps)).toEqual(E.left('one run is --swarm 1 --seed S; --swarm 3 is 3 runs'))
  })
})

describe('replay and check CLI', () => {
  const recorded = (): ReturnType<typeof memory> => {
    const deps = memory()
    simCli(['sim', 'toy-triangle', '--seed', '4', '--loss', '0.2', '--trace', 't.json', '--pcap', 't.pcap'], deps)
    return deps
  }

  it('replays a trace identically', () => {
    const r = simCli(['replay', 't.json'], recorded())
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toMatch(/identical: [0-9a-f]{64}\n$/)
  })

  it('reports a divergence as a side-by-side ladder around the first differing step', () => {
    const deps = recorded()
    const edited = text(deps.files.get('t.json')).replace('"latency":10', '"latency":11')
    deps.files.set('t.json', new TextEncoder().encode(edited))
    const r = simCli(['replay', 't.json'], deps)
    expect(r.exitCode).toBe(1)
    const lines = r.stdout.split('\n')
    const at = lines.findIndex((l) => l.includes('first difference at step 1, marked >> (recorded || replayed):'))
    expect(at).toBeGreaterThan(0)
    // Titles and both sides' lifelines, then steps 0..4 (the differing one with context), then the differing field.
    expect(lines[at + 1]).toMatch(/^ +recorded +\|\| +replayed$/)
    expect(lines[at + 2]).toMatch(/^ +step +time {2}alice +bob +carol +\|\| +time {2}alice +bob +carol$/)
    const rows = lines.slice(at + 3, at + 8)
    expect(rows.map((l) => l.slice(0, 7))).toEqual(['      0', '>>    1', '      2', '      3', '      4'])
    expect(rows.every((l) => l.split(' || ').length === 2)).toBe(true)
    const [left, right] = (rows[1] ?? '').split(' || ')
    expect(left).toMatch(/^>> +1 +0 {2}\|-+OPTIONS-->\| +\| +#1 \+10ms +$/)
    expect(right).toMatch(/^ +0 {2}\|-+OPTIONS-->\| +\| +#1 \+11ms$/)
    expect(rows[2]).toMatch(/^ +2 +10 .*deliver #1.* \|\| +11 .*deliver #1/)
    expect(lines[at + 8]).toBe('  deliverAt: recorded [10], replayed [11]')
    expect(r.stdout).not.toContain('recorded: {')
  })

  it('checks a trace: hash, outcome and packet counts', () => {
    const deps = recorded()
    const r = simCli(['check', 't.json'], deps)
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toMatch(/hash ok [0-9a-f]{64}/)
    expect(r.stdout).toContain('0 unparsable packet(s), 0 rule violation(s) (oracle not available)')
    deps.files.set('t.json', new TextEncoder().encode(text(deps.files.get('t.json')).replace('OPTIONS sip:bob', 'OPTIONS sip:rob')))
    expect(simCli(['check', 't.json'], deps).stdout).toContain('HASH MISMATCH')
  })

  it('checks a pcap: every SIP packet listed, with an oracle when given', () => {
    const deps = recorded()
    const r = simCli(['check', 't.pcap'], { ...deps, oracle: { packets: (ps) => (ps.length > 0 ? [{ rule: 'X-1', at: 0, message: 'example rule broken' }] : []) } })
    expect(r.stdout).toMatch(/^ {4}1 +0\.000 ms {2}10\.0\.0\.1:5060 -> 10\.0\.0\.2:5060 {2}OPTIONS {2}\S+@10\.0\.0\.1$/m)
    expect(r.stdout).toContain('0 unparsable, 1 rule violation(s)\n  X-1 at 0 ms: example rule broken')
    expect(r.exitCode).toBe(1)
  })
})
