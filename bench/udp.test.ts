/**
 * The udp bench end to end at its lowest rate: real sipp against the three real peers
 * (dist/ is built by `npm test` first). Checks the harness, not speed: every peer answers
 * every call, and the CPU a call is read from each peer process.
 */
import { describe, expect, it } from 'vitest'
import { requireTool } from '../interop/testing/harness.ts'
import { quickBudget } from './measure.ts'
import { run } from './udp.ts'

describe('udp bench', () => {
  it('climbs one step for each peer and compares the CPU a call', async () => {
    requireTool('sipp')
    const outcome = await run({ ...quickBudget, json: false, args: ['--udp-max=10'] })
    const r = outcome.json as import('./udp.ts').UdpBenchResult
    for (const peer of [r.sipxfer, r.sip, r.sipp]) {
      expect(peer.bestCps).toBe(10)
      expect(peer.steps).toHaveLength(1)
      expect(peer.steps[0]).toMatchObject({ ok: true, calls: 15, succeeded: 15, failed: 0 })
      // A Node process answering 15 calls spends some CPU on them; sipp's uas may round to 0 ticks.
      expect(peer.cpuUsPerCall).toBeGreaterThanOrEqual(0)
    }
    expect(r.sipxfer.cpuUsPerCall).toBeGreaterThan(0)
    expect(r.sip.cpuUsPerCall).toBeGreaterThan(0)
    expect(r.cpuRate).toBe(10)
    expect(r.cpuRatio).toBeCloseTo(r.sip.cpuUsPerCall! / r.sipxfer.cpuUsPerCall!, 6)
    expect(outcome.text).toMatch(/CPU a call at 10 cps/)
    expect(outcome.text).toMatch(/best\s+10 cps\s+10 cps\s+10 cps/)
  }, 120_000)
})
