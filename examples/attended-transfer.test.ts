import { expect, it } from 'vitest'
import { main } from './attended-transfer.ts'

it('runs examples/attended-transfer.ts', async () => {
  const lines: Array<string> = []
  await main((line) => lines.push(line))
  const has = (who: string, fragment: string): boolean => lines.some((l) => l.startsWith(who) && l.includes(fragment))
  expect(has('bob', '"type":"consultationStarted"')).toBe(true)
  expect(has('alice', '"replaces":')).toBe(true)
  expect(has('charlie', '"type":"replaced"')).toBe(true)
  expect(has('bob', '"type":"transferSucceeded"')).toBe(true)
  expect(has('bob', '"reason":"transferred"')).toBe(true)
}, 20_000)
