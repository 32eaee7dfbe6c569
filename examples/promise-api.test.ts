import { expect, it } from 'vitest'
import { main } from './promise-api.ts'

it('runs examples/promise-api.ts', async () => {
  const lines: Array<string> = []
  await main((line) => lines.push(line))
  expect(lines.slice(1)).toEqual([
    expect.stringMatching(/^bob: call c1 from <sip:alice@127\.0\.0\.1:\d+>;tag=\w+$/),
    'alice: c1 answered',
    'bob: put on hold (remote)',
    'bob: taken off hold (remote)',
    expect.stringMatching(/call ended/),
    expect.stringMatching(/call ended/),
    'alice: calls left: 0',
  ])
  expect(lines).toContain('bob: call ended (remote-hangup)')
  expect(lines).toContain('alice: call ended (local-hangup)')
}, 20_000)
