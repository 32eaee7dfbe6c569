import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { simCli, simRunOf, type CliDeps } from './cli.ts'
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

  it('swarms over seeds, printing each plan that fails and how to reproduce it', () => {
    const deps = memory()
    const r = simCli(['sim', 'toy-ping', '--swarm', '20', '--seed', '100', '--trace', 'fail.json'], deps)
    const summary = r.stdout.trim().split('\n').pop()
    expect(summary).toMatch(/^20 run\(s\), \d+ failed$/)
    // With swarm faults some toy pings time out (expected 200, got 408) or fail otherwise.
    const failed = Number(/(\d+) failed/.exec(summary ?? '')?.[1])
    expect(r.exitCode).toBe(failed > 0 ? 1 : 0)
    if (failed > 0) {
      expect(r.stdout).toContain('reproduce: sipxfer sim toy-ping --swarm 1 --seed ')
      expect(deps.files.has('fail.json')).toBe(true)
    }
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
