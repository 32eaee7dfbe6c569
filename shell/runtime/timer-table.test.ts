import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyTimer, armedCount, earliest, emptyTimerTable, takeDue } from './timer-table.ts'

type Op = { readonly type: 'set'; readonly key: string; readonly at: number } | { readonly type: 'clear'; readonly key: string } | { readonly type: 'take'; readonly now: number }

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h')
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ type: fc.constant('set' as const), key, at: fc.nat(100) }),
  fc.record({ type: fc.constant('clear' as const), key }),
  fc.record({ type: fc.constant('take' as const), now: fc.nat(100) }),
)

/** The table as it was before: a Map scanned in full (ties: the key set last goes last). */
const naiveTake = (model: Map<string, { at: number; seq: number }>, now: number): string | undefined => {
  let best: [string, { at: number; seq: number }] | undefined
  for (const e of model) if (e[1].at <= now && (best === undefined || e[1].at < best[1].at || (e[1].at === best[1].at && e[1].seq < best[1].seq))) best = e
  if (best !== undefined) model.delete(best[0])
  return best?.[0]
}

describe('timer table (the drain loop’s deadlines)', () => {
  it('takes what a full scan would take, in the same order, through any sets, clears and re-sets', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const table = emptyTimerTable()
        const model = new Map<string, { at: number; seq: number }>()
        let seq = 0
        for (const o of ops) {
          if (o.type === 'set') {
            applyTimer(table, { type: 'timer', key: o.key, at: o.at })
            model.set(o.key, { at: o.at, seq: seq++ })
          } else if (o.type === 'clear') {
            applyTimer(table, { type: 'timer', key: o.key, at: undefined })
            model.delete(o.key)
          } else expect(takeDue(table, o.now)).toBe(naiveTake(model, o.now))
          expect(armedCount(table)).toBe(model.size)
          const min = [...model.values()].reduce<number | undefined>((m, e) => (m === undefined || e.at < m ? e.at : m), undefined)
          expect(earliest(table)).toBe(min)
        }
      }),
    )
  })

  it('stays small when one key is re-armed over and over', () => {
    const table = emptyTimerTable()
    for (let i = 0; i < 10_000; i++) applyTimer(table, { type: 'timer', key: 'k', at: i })
    expect(table.heap.length).toBeLessThanOrEqual(65)
    expect(takeDue(table, 20_000)).toBe('k')
    expect(takeDue(table, 20_000)).toBeUndefined()
  })
})
