import { describe, expect, it } from 'vitest'
import { timeSteps } from './sim.ts'

describe('sim bench breakdown', () => {
  it('times every UA step of the clean runs, by input, and leaves the rest to the simulator', () => {
    const b = timeSteps(2)
    // Two passes of basic-call (7 deliveries, 3 commands, 4 timers) and hold-resume (15, 4, 9).
    expect([b.packet.steps, b.command.steps, b.timer.steps]).toEqual([44, 14, 26])
    for (const k of ['packet', 'command', 'timer'] as const) {
      expect(b[k].microsecondsEach).toBeGreaterThan(0)
      expect(b[k].share).toBeGreaterThan(0)
    }
    expect(b.packet.share + b.command.share + b.timer.share + b.simulator).toBeCloseTo(1, 2)
    expect(b.simulator).toBeGreaterThan(0)
  })
})
