/**
 * Garbage and malformed SIP datagrams for the flood test: random bytes, and real messages
 * (bench/corpus, the RFC 4475 torture tests) truncated, bit-flipped, spliced, stripped of
 * headers, padded to near the UDP limit, and so on. Deterministic from a seed.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { root } from '../../shell/cli/testing/cli-ua.ts'

/** mulberry32: a small seeded PRNG, returns [0, 1). */
export const prng = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** Real SIP messages to mutate. */
export const seeds = (): Array<Buffer> => {
  const dirs = [join(root, 'bench/corpus'), join(root, 'fixtures/rfc4475')]
  const out: Array<Buffer> = []
  for (const dir of dirs) {
    let names: Array<string> = []
    try {
      names = readdirSync(dir)
    } catch {
      continue
    }
    for (const n of names) if (n.endsWith('.sip') || n.endsWith('.dat')) out.push(readFileSync(join(dir, n)))
  }
  if (out.length === 0) throw new Error('no seed messages found (bench/corpus, fixtures/rfc4475)')
  return out
}

export type Mutation = 'random' | 'junk-text' | 'truncate' | 'flip' | 'drop-header' | 'repeat-header' | 'content-length' | 'nul' | 'oversize' | 'bare-lf' | 'splice'

const mutations: ReadonlyArray<Mutation> = ['random', 'junk-text', 'truncate', 'flip', 'drop-header', 'repeat-header', 'content-length', 'nul', 'oversize', 'bare-lf', 'splice']

export const garbageSource = (seed: number): { readonly next: () => Buffer; readonly counts: Readonly<Record<Mutation, number>> } => {
  const rnd = prng(seed)
  const pool = seeds()
  const int = (n: number): number => Math.floor(rnd() * n)
  const pick = <T>(xs: ReadonlyArray<T>): T => xs[int(xs.length)]!
  const counts = Object.fromEntries(mutations.map((m) => [m, 0])) as Record<Mutation, number>
  const lines = (b: Buffer): Array<string> => b.toString('latin1').split('\r\n')
  const join_ = (ls: ReadonlyArray<string>): Buffer => Buffer.from(ls.join('\r\n'), 'latin1')
  const headerIndex = (ls: ReadonlyArray<string>): number => {
    const end = ls.indexOf('')
    const last = end < 0 ? ls.length : end
    return last <= 1 ? 0 : 1 + int(last - 1)
  }
  const mutate = (m: Mutation, base: Buffer): Buffer => {
    switch (m) {
      case 'random': {
        const b = Buffer.alloc(1 + int(1400))
        for (let i = 0; i < b.length; i++) b[i] = int(256)
        return b
      }
      case 'junk-text': {
        const words = ['INVITE', 'SIP/2.0', 'sip:', 'Via:', 'To:', ';tag=', 'CSeq:', '\r\n', ' ', ':', '<', '>', '@', '%', 'Content-Length: ', '999999999999', '\r\n\r\n', 'z9hG4bK', '"', '\\']
        let s = ''
        for (let i = 0, n = 1 + int(60); i < n; i++) s += pick(words)
        return Buffer.from(s, 'latin1')
      }
      case 'truncate':
        return base.subarray(0, int(base.length))
      case 'flip': {
        const b = Buffer.from(base)
        for (let i = 0, n = 1 + int(8); i < n && b.length > 0; i++) b[int(b.length)] = int(256)
        return b
      }
      case 'drop-header': {
        const ls = lines(base)
        const i = headerIndex(ls)
        if (i > 0) ls.splice(i, 1)
        return join_(ls)
      }
      case 'repeat-header': {
        const ls = lines(base)
        const i = headerIndex(ls)
        if (i > 0) ls.splice(i, 0, ...Array.from({ length: 1 + int(60) }, () => ls[i]!))
        return join_(ls)
      }
      case 'content-length': {
        const v = pick(['-1', '0', '99999999999999999999', '4294967296', 'abc', '', ' 12 13', String(int(5000))])
        const s = base.toString('latin1')
        return Buffer.from(/content-length|\r\nl:/i.test(s) ? s.replace(/(content-length|\r\nl)\s*:[^\r\n]*/i, `$1: ${v}`) : s, 'latin1')
      }
      case 'nul': {
        const b = Buffer.from(base)
        for (let i = 0, n = 1 + int(4); i < n && b.length > 0; i++) b[int(b.length)] = pick([0, 0xff, 0x80, 0x0a, 0x0d])
        return b
      }
      case 'oversize': {
        const ls = lines(base)
        const i = headerIndex(ls)
        const pad = 'x'.repeat(8_000 + int(50_000))
        if (i > 0) ls[i] = `${ls[i]}${pad}`
        else ls.push(pad)
        return join_(ls)
      }
      case 'bare-lf':
        return Buffer.from(base.toString('latin1').replace(/\r\n/g, rnd() < 0.5 ? '\n' : '\r'), 'latin1')
      case 'splice': {
        const other = pick(pool)
        return Buffer.concat([base.subarray(0, int(base.length)), other.subarray(int(other.length))])
      }
    }
  }
  return {
    counts,
    next: () => {
      const m = pick(mutations)
      counts[m]++
      let b = mutate(m, pick(pool))
      if (rnd() < 0.2) b = mutate(pick(mutations), b) // sometimes two at once
      return b.length > 65_000 ? b.subarray(0, 65_000) : b
    },
  }
}
