/**
 * The core needs no Node API: bundle examples/embed-core.ts (and the core it imports) for
 * the browser with esbuild, then run it in headless Chromium. The page sets `window.result`
 * to the call's events, which must equal what Node prints.
 * Run: npx tsx examples/embed-core-browser.ts   (needs Chromium at /usr/bin/chromium)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { callEvents } from './embed-core.ts'

/** The browser's entry module: run the call, leave the events where the test can read them. */
export const browserEntry = `import { callEvents } from './embed-core.ts'\nwindow.result = callEvents()\n`

/** `entry` (TypeScript, resolved from examples/) and all it imports as one ES module for browsers. */
export const bundleForBrowser = async (entry: string): Promise<string> => {
  // platform 'browser' makes any `node:` (or bare `fs`, `net` …) import an error: build() rejects.
  const result = await build({
    stdin: { contents: entry, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.text ?? ''
  if (/\bfrom\s*["']node:|\bimport\s*\(?\s*["']node:|require\(\s*["']node:/.test(code)) throw new Error('the bundle imports a node: module')
  return code
}

const CHROMIUM = '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Loads a local HTML page with the bundle inline (no server) and returns its `window.result`. */
export const runInChromium = async (bundle: string): Promise<unknown> => {
  const dir = mkdtempSync(join(tmpdir(), 'sipxfer-embed-'))
  const page = join(dir, 'embed-core.html')
  // esbuild escapes "</script" inside strings when it bundles for the browser.
  writeFileSync(page, `<!DOCTYPE html>\n<meta charset="utf-8">\n<title>sipxfer core</title>\n<script type="module">\n${bundle}</script>\n`)
  const browser = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS })
  try {
    const tab = browser.pages()[0] ?? (await browser.newPage())
    const failed = new Promise<never>((_, reject) => tab.on('pageerror', reject))
    await tab.goto(pathToFileURL(page).href)
    await Promise.race([tab.waitForFunction(() => 'result' in window, undefined, { timeout: 10_000 }), failed])
    return await tab.evaluate(() => (window as { result?: unknown }).result)
  } finally {
    await browser.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export const main = async (print: (line: string) => void = console.log): Promise<void> => {
  const bundle = await bundleForBrowser(browserEntry)
  print(`bundle: ${bundle.length} bytes of browser JavaScript, no node: imports`)
  const events = await runInChromium(bundle)
  print('events in Chromium:')
  for (const line of Array.isArray(events) ? events : []) print(`  ${String(line)}`)
  print(`same as in Node: ${JSON.stringify(events) === JSON.stringify(callEvents()) ? 'yes' : 'NO'}`)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
