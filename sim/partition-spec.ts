/**
 * Partitions written on the command line: `alice>bob` (one way), `alice|bob,carol`
 * (both ways), optionally `@START-END` or `@START` in ms (END defaults to the heal time).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Partition } from './fault-plan.ts'

export const parsePartition = (spec: string): E.Either<string, Partition> => {
  const m = /^([^@>|]+)([>|])([^@>|]+)(?:@(\d+)(?:-(\d+))?)?$/.exec(spec.trim())
  if (m === null || m[1] === undefined || m[2] === undefined || m[3] === undefined)
    return E.left(`bad partition "${spec}": expected A>B or A|B (names separated by commas), optionally @START-END in ms`)
  const names = (s: string): ReadonlyArray<string> => s.split(',').map((n) => n.trim()).filter((n) => n !== '')
  const start = m[4] === undefined ? 0 : Number(m[4])
  const end = m[5] === undefined ? undefined : Number(m[5])
  if (end !== undefined && end <= start) return E.left(`bad partition "${spec}": it must end after it starts`)
  return E.right({ a: names(m[1]), b: names(m[3]), oneWay: m[2] === '>', start, ...(end === undefined ? {} : { end }) })
}
