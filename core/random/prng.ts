/**
 * A seeded pseudo-random generator held in state (DESIGN.md: no ambient randomness).
 * xoshiro128** over four 32-bit words; seeding and splitting use SplitMix32 so that
 * derived streams ("network", "node:alice") are independent of each other.
 */
export interface Prng {
  readonly s0: number
  readonly s1: number
  readonly s2: number
  readonly s3: number
}

const splitMix32 = (x: number): number => {
  let z = (x + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/** A generator from a 32-bit (or any safe integer) seed. */
export const seedPrng = (seed: number): Prng => {
  const lo = seed >>> 0
  const hi = Math.floor(seed / 0x100000000) >>> 0
  const a = splitMix32(lo ^ 0x1b873593)
  const b = splitMix32(a ^ hi)
  const c = splitMix32(b)
  const d = splitMix32(c)
  // xoshiro must not start from all zeros.
  return a | b | c | d ? { s0: a, s1: b, s2: c, s3: d } : { s0: 1, s1: 2, s2: 3, s3: 4 }
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k))

/** The next unsigned 32-bit value and the advanced generator. */
export const nextU32 = (p: Prng): readonly [number, Prng] => {
  const result = Math.imul(rotl(Math.imul(p.s1, 5), 7), 9) >>> 0
  const t = p.s1 << 9
  let s2 = p.s2 ^ p.s0
  let s3 = p.s3 ^ p.s1
  const s1 = p.s1 ^ s2
  const s0 = p.s0 ^ s3
  s2 ^= t
  s3 = rotl(s3, 11)
  return [result, { s0, s1, s2, s3 }]
}

/** A float in [0, 1). */
export const nextFloat = (p: Prng): readonly [number, Prng] => {
  const [u, q] = nextU32(p)
  return [u / 0x100000000, q]
}

/** An integer in [min, max] (inclusive). */
export const nextInt = (p: Prng, min: number, max: number): readonly [number, Prng] => {
  const [f, q] = nextFloat(p)
  return [min + Math.floor(f * (max - min + 1)), q]
}

const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** A token of `length` alphanumerics (tags, branches, Call-IDs: RFC 3261 §19.3 wants ≥32 random bits). */
export const nextToken = (p: Prng, length: number): readonly [string, Prng] => {
  let out = ''
  let q = p
  for (let i = 0; i < length; i++) {
    const [u, r] = nextU32(q)
    out += alphabet[u % alphabet.length]
    q = r
  }
  return [out, q]
}

/** FNV-1a over a label, to derive independent streams from one seed. */
const hashLabel = (label: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** An independent stream for `label`, derived from a seed (the same seed and label give the same stream). */
export const derivePrng = (seed: number, label: string): Prng => seedPrng((seed ^ hashLabel(label)) >>> 0 ^ splitMix32(hashLabel(label)))
