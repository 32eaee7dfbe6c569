#!/usr/bin/env node
// The `sipxfer` command: runs the compiled CLI (npm ci / npm run build produce dist/).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const entry = new URL('../dist/shell/cli/main.js', import.meta.url)
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('sipxfer: dist/ is missing; run `npm run build` first\n')
  process.exit(2)
}
await import(entry.href)
