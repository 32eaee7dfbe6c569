import { spawnSync } from 'node:child_process'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeTrace, encodeTrace, sealTrace } from '../../sim/trace.ts'
import { commands } from './commands.ts'
import { memoryIo } from './memory-io.ts'
import { noFaults } from '../../sim/fault-plan.ts'
import { uaIndexesConsistent } from '../../sim/ua-indexes.ts'
import { checkCommand, replayCommand, simCommand, uaCliDeps } from './sim-command.ts'

const text = (d: Uint8Array | string | undefined): string => (typeof d === 'string' ? d : new TextDecoder().decode(d))

describe('sipxfer sim / replay / check (in process)', () => {
  it('are registered as CLI commands', () => {
    expect(Object.keys(commands)).toEqual(expect.arrayContaining(['sim', 'replay', 'check']))
  })

  it('lists the registered scenarios with one-line descriptions', async () => {
    const io = memoryIo()
    expect(await simCommand(['--list'], io)).toBe(0)
    expect(io.out()).toMatch(/^basic-call {2}alice calls bob; .+$/m)
    expect(io.out()).toMatch(/^hold-resume {2}.+$/m)
  })

  it('prints exactly the JSON summary with --json, exit 0 when expected and clean', async () => {
    const io = memoryIo()
    expect(await simCommand(['basic-call', '--seed', '7', '--loss', '0.2', '--dup', '0.1', '--reorder', '0.1', '--json'], io)).toBe(0)
    const json = JSON.parse(io.out())
    expect(Object.keys(json)).toEqual(['scenario', 'seed', 'faults', 'outcome', 'expected', 'violations', 'messages', 'hash'])
    expect(json).toMatchObject({ scenario: 'basic-call', seed: 7, outcome: { type: 'pass' }, expected: true, violations: [] })
    expect(json.messages).toBeGreaterThan(6)
    expect(json.hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('writes trace, pcap, html and mermaid; replay is identical; check finds no violation', async () => {
    const io = memoryIo()
    const code = await simCommand(['hold-resume', '--seed', '3', '--loss', '0.25', '--partition', 'alice|bob@1000-4000', '--trace', 't.json', '--pcap', 't.pcap', '--html', 't.html', '--mermaid', 't.mmd'], io)
    expect(code, io.out() + io.err()).toBe(0)
    expect(io.out()).toContain('INVITE')
    expect(io.out()).toContain('0 rule violation(s)')
    expect([...io.files.keys()].sort()).toEqual(['t.html', 't.json', 't.mmd', 't.pcap'])
    const replayed = memoryIo(Object.fromEntries(io.files))
    expect(await replayCommand(['t.json'], replayed)).toBe(0)
    expect(replayed.out()).toContain('identical')
    for (const f of ['t.json', 't.pcap']) {
      const checked = memoryIo(Object.fromEntries(io.files))
      expect(await checkCommand([f], checked), checked.out()).toBe(0)
      expect(checked.out()).toContain('0 rule violation(s)')
    }
  })

  it('check reports a broken rule by its id and exits 1', async () => {
    const io = memoryIo()
    await simCommand(['basic-call', '--trace', 't.json'], io)
    const trace = decodeTrace(text(io.files.get('t.json')))
    if (E.isLeft(trace)) throw new Error(trace.left)
    // Remove alice's ACK from the record (and re-seal, so only the oracle objects).
    const steps = trace.right.steps.filter((s) => !(s.type === 'send' && 'text' in s.payload && s.payload.text.startsWith('ACK')))
    const { hash: _hash, ...rest } = trace.right
    const broken = memoryIo({ 'b.json': encodeTrace(sealTrace({ ...rest, steps })) })
    expect(await checkCommand(['b.json'], broken)).toBe(1)
    expect(broken.out()).toMatch(/R3261-13\.2\.2\.4 at \d+ ms: alice received 200 to 1 INVITE .* never ACKed it/)
  })

  it('takes crashes and reaction timings, and --demo runs the demo scenario with its ladder', async () => {
    const io = memoryIo()
    expect(await simCommand(['basic-call', '--crash', 'bob@500-3000', '--after', '0=1500', '--json'], io)).toBe(0)
    expect(JSON.parse(io.out()).expected).toBe(true)
    const demo = memoryIo()
    expect(await simCommand(['--demo'], demo)).toBe(0)
    expect(demo.out()).toMatch(/alice +bob/)
    expect(demo.out()).toContain('pass: quiescent')
  })

  it('swarm: the progress bar and the summary on stderr, nothing on stdout when every seed passes', async () => {
    const io = memoryIo()
    expect(await simCommand(['basic-call', '--swarm', '3', '--seed', '1'], io), io.out()).toBe(0)
    expect(io.out()).toBe('')
    expect(io.err()).toBe(
      '[..............................] 0/3 runs  0 failed' +
        '\r[##########....................] 1/3 runs  0 failed' +
        '\r[####################..........] 2/3 runs  0 failed' +
        '\r[##############################] 3/3 runs  0 failed\n' +
        'basic-call: 3 run(s) from seed 1, 0 failed\n',
    )
  })

  it('reads the --faults plan file and checks the UA indexes after every step', async () => {
    const plan = { ...noFaults(4), healAt: 3000, holds: [{ from: 'alice', to: 'bob', start: 0, end: 800 }] }
    const io = memoryIo({ 'plan.json': JSON.stringify(plan) })
    expect(await simCommand(['basic-call', '--faults=plan.json', '--json'], io), io.err()).toBe(0)
    expect(JSON.parse(io.out()).faults).toEqual(plan)
    expect(await simCommand(['basic-call', '--faults', 'missing.json'], memoryIo())).toBe(2)
    expect(uaCliDeps([], new Map(), []).invariants).toContain(uaIndexesConsistent)
  })

  it('exits 2 on usage errors', async () => {
    for (const args of [[], ['nope'], ['basic-call', '--loss', '2'], ['basic-call', '--bogus'], ['basic-call', '--after', 'x']]) {
      const io = memoryIo()
      expect(await simCommand(args, io), args.join(' ')).toBe(2)
    }
    expect(await replayCommand([], memoryIo())).toBe(2)
    expect(await checkCommand(['missing.json'], memoryIo())).toBe(2)
  })
})

describe('the built sipxfer binary', () => {
  it('runs sim, --list and --demo (built by npm test)', () => {
    const bin = new URL('../../bin/sipxfer.js', import.meta.url).pathname
    const run = spawnSync(process.execPath, [bin, 'sim', 'basic-call', '--seed', '2', '--loss', '0.1', '--json'], { encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ scenario: 'basic-call', seed: 2, expected: true, violations: [] })
    const demo = spawnSync(process.execPath, [bin, 'sim', '--demo'], { encoding: 'utf8' })
    expect(demo.status, demo.stderr).toBe(0)
    expect(demo.stdout).toContain('INVITE')
    expect(spawnSync(process.execPath, [bin, 'sim', 'no-such-scenario']).status).toBe(2)
  })
})
