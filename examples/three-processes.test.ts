import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { beforeAll, expect, it } from 'vitest'
import { main } from './three-processes.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

// The processes run the built CLI; build it when dist/ lacks it (`npm test` builds first).
beforeAll(() => {
  if (!existsSync(`${root}dist/shell/cli/main.js`)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
}, 180_000)

it('runs examples/three-processes.ts: a blind, then an attended transfer among three sipxfer ua processes', async () => {
  const lines: Array<string> = []
  await main((line) => lines.push(line))
  const split = lines.indexOf('--- attended transfer ---')
  expect(lines[0]).toBe('--- blind transfer ---')
  expect(split).toBeGreaterThan(0)
  // Each line: the process's name, then the JSON event it printed.
  const events = (part: ReadonlyArray<string>, who: string): Array<Record<string, unknown>> =>
    part.filter((l) => l.startsWith(`${who.padEnd(8)}{`)).map((l) => JSON.parse(l.slice(8)) as Record<string, unknown>)
  const blind = lines.slice(0, split)
  const attended = lines.slice(split)

  for (const part of [blind, attended]) {
    for (const who of ['alice', 'bob', 'charlie']) expect(events(part, who)[0]).toMatchObject({ event: 'listening', udp: expect.stringMatching(/^127\.0\.0\.1:\d+$/) })
    expect(events(part, 'alice')).toContainEqual(expect.objectContaining({ event: 'transferSucceeded', call: 'c1', newCall: 'c2' }))
    expect(events(part, 'bob')).toContainEqual({ event: 'transferSucceeded', call: 'c1' })
    expect(events(part, 'bob')).toContainEqual(expect.objectContaining({ event: 'ended', call: 'c1', reason: 'transferred' }))
    expect(events(part, 'alice')).toContainEqual(expect.objectContaining({ event: 'ended', call: 'c2', reason: 'local-hangup' }))
    expect(part).toContain('exit codes: 0 0 0')
  }
  expect(events(blind, 'charlie')).toContainEqual(expect.objectContaining({ event: 'incoming', call: 'c1', referredBy: expect.stringContaining('sip:bob@127.0.0.1:') }))
  expect(events(blind, 'charlie')).toContainEqual(expect.objectContaining({ event: 'ended', call: 'c1', reason: 'remote-hangup' }))
  // Attended: alice's INVITE replaces charlie's consultation call with bob (RFC 3891).
  expect(events(attended, 'charlie')).toContainEqual(expect.objectContaining({ event: 'incoming', call: 'c2', replaces: expect.any(String) }))
  expect(events(attended, 'charlie')).toContainEqual({ event: 'replaced', call: 'c1', by: 'c2' })
  expect(events(attended, 'charlie')).toContainEqual(expect.objectContaining({ event: 'ended', call: 'c1', reason: 'replaced' }))
  expect(events(attended, 'charlie')).toContainEqual(expect.objectContaining({ event: 'ended', call: 'c2', reason: 'remote-hangup' }))
}, 60_000)
