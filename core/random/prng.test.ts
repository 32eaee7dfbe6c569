import { describe, expect, it } from 'vitest'
import { derivePrng, nextFloat, nextInt, nextToken, nextU32, seedPrng } from './prng.ts'

describe('prng', () => {
  it('is deterministic for a seed', () => {
    const a = nextToken(seedPrng(42), 16)[0]
    const b = nextToken(seedPrng(42), 16)[0]
    expect(a).toBe(b)
    expect(a).not.toBe(nextToken(seedPrng(43), 16)[0])
  })
  it('derived streams differ by label and repeat by label', () => {
    expect(nextU32(derivePrng(7, 'alice'))[0]).toBe(nextU32(derivePrng(7, 'alice'))[0])
    expect(nextU32(derivePrng(7, 'alice'))[0]).not.toBe(nextU32(derivePrng(7, 'bob'))[0])
  })
  it('floats lie in [0,1) and ints in range, roughly uniform', () => {
    let p = seedPrng(1)
    let sum = 0
    for (let i = 0; i < 10_000; i++) {
      const [f, q] = nextFloat(p)
      expect(f).toBeGreaterThanOrEqual(0)
      expect(f).toBeLessThan(1)
      sum += f
      p = q
    }
    expect(sum / 10_000).toBeGreaterThan(0.48)
    expect(sum / 10_000).toBeLessThan(0.52)
    const [n] = nextInt(p, 3, 5)
    expect([3, 4, 5]).toContain(n)
  })
})
