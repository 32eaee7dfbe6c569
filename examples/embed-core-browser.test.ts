import { expect, it } from 'vitest'
import { callEvents } from './embed-core.ts'
import { browserEntry, bundleForBrowser, main, runInChromium } from './embed-core-browser.ts'

it('bundles the core for the browser with no node: import, and Chromium reports the same events', async () => {
  const bundle = await bundleForBrowser(browserEntry)
  expect(bundle).not.toMatch(/["']node:/)
  const events = await runInChromium(bundle)
  expect(events).toEqual(callEvents())
  expect(events).toHaveLength(6)
}, 30_000)

it('refuses a bundle that needs a Node API', async () => {
  await expect(bundleForBrowser(`import { readFileSync } from 'node:fs'\nconsole.log(readFileSync)\n`)).rejects.toThrow(/Could not resolve "node:fs"/)
})

it('runs examples/embed-core-browser.ts', async () => {
  const lines: Array<string> = []
  await main((line) => lines.push(line))
  expect(lines[0]).toMatch(/^bundle: \d+ bytes of browser JavaScript, no node: imports$/)
  expect(lines).toContain('same as in Node: yes')
  expect(lines.filter((l) => l.startsWith('  '))).toHaveLength(6)
}, 30_000)
