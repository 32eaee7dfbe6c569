import { expect, it } from 'vitest'
import { main } from './blind-transfer.ts'

it('runs examples/blind-transfer.ts', async () => {
  const lines: Array<string> = []
  await main((line) => lines.push(line))
  const has = (who: string, fragment: string): boolean => lines.some((l) => l.startsWith(who) && l.includes(fragment))
  expect(has('alice', '"type":"transferRequested"')).toBe(true)
  expect(has('charlie', '"referredBy":"<sip:bob@127.0.0.1:')).toBe(true)
  expect(has('bob', '"type":"transferSucceeded"')).toBe(true)
  expect(has('bob', '"reason":"transferred"')).toBe(true)
  expect(has('charlie', '"reason":"remote-hangup"')).toBe(true)
}, 20_000)
