import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { emptyMap, mapDelete, mapOf, mapSet, type PersistentMap } from './persistent-map.ts'

type Op = { readonly type: 'set'; readonly key: string; readonly value: number } | { readonly type: 'delete'; readonly key: string }

/** Keys from a small pool (so deletes hit), plus pairs whose 32-bit hashes are equal. */
const colliding = ['k32728', 'k261234', 'k32729', 'k261235', 'k32724', 'k261238']
const keyArb = fc.oneof(fc.constantFrom(...colliding), fc.nat(300).map((n) => `c${n}`), fc.string({ maxLength: 6 }))
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('set' as const), key: keyArb, value: fc.integer() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('delete' as const), key: keyArb }) },
)

const apply = (m: PersistentMap<number>, op: Op): PersistentMap<number> => (op.type === 'set' ? mapSet(m, op.key, op.value) : mapDelete(m, op.key))

describe('PersistentMap', () => {
  it('behaves like Map for any sequence of set/delete (get, has, size, insertion order)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400 }), (ops) => {
        const model = new Map<string, number>()
        let m = emptyMap<number>()
        for (const op of ops) {
          m = apply(m, op)
          if (op.type === 'set') model.set(op.key, op.value)
          else model.delete(op.key)
          expect(m.size).toBe(model.size)
          expect(m.get(op.key)).toBe(model.get(op.key))
          expect(m.has(op.key)).toBe(model.has(op.key))
        }
        expect([...m]).toEqual([...model])
        expect([...m.keys()]).toEqual([...model.keys()])
        expect([...m.values()]).toEqual([...model.values()])
        for (const k of colliding) expect(m.get(k)).toBe(model.get(k))
      }),
      { numRuns: 300 },
    )
  })

  it('never changes an older version', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 100 }), fc.array(opArb, { maxLength: 100 }), (before, after) => {
        const old = before.reduce(apply, emptyMap<number>())
        const snapshot = [...old]
        after.reduce(apply, old)
        expect([...old]).toEqual(snapshot)
      }),
    )
  })

  it('keeps colliding keys apart and collapses back when one goes', () => {
    const m = mapOf([['k32728', 1], ['k261234', 2]])
    expect(m.get('k32728')).toBe(1)
    expect(m.get('k261234')).toBe(2)
    const one = mapDelete(m, 'k32728')
    expect([...one]).toEqual([['k261234', 2]])
    expect(one.root?.kind).toBe('leaf')
  })

  it('returns the same map when nothing changes', () => {
    const m = mapOf([['a', 1]])
    expect(mapSet(m, 'a', 1)).toBe(m)
    expect(mapDelete(m, 'b')).toBe(m)
  })

  it('scales: 20,000 entries, each update shares all but one path', () => {
    let m = emptyMap<number>()
    for (let i = 0; i < 20_000; i++) m = mapSet(m, `t${i}`, i)
    expect(m.size).toBe(20_000)
    expect(m.get('t12345')).toBe(12345)
    const next = mapSet(m, 't12345', -1)
    expect(next.get('t12345')).toBe(-1)
    expect(m.get('t12345')).toBe(12345)
    // The root's children other than the one on t12345's path are the very same objects.
    const a = m.root
    const b = next.root
    expect(a?.kind === 'branch' && b?.kind === 'branch').toBe(true)
    const children = (n: typeof a): ReadonlyArray<unknown> => (n?.kind === 'branch' ? n.children : [])
    const shared = children(a).filter((c, i) => c === children(b)[i]).length
    expect(shared).toBe(children(a).length - 1)
  })
})
