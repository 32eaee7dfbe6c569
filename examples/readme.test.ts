/**
 * The README's two transfer snippets run as written, against the built package
 * (`sipxfer/shell` resolves to dist/ through package.json `exports`).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const root = new URL('../', import.meta.url)
const readme = readFileSync(new URL('README.md', root), 'utf8')

/** The first ```ts block after a heading. */
const snippet = (heading: string): string => {
  const at = readme.indexOf(heading)
  const start = readme.indexOf('```ts\n', at)
  return readme.slice(start + 6, readme.indexOf('```', start + 6))
}

describe('README', () => {
  it('blind and attended snippets run over real UDP on loopback', () => {
    if (!existsSync(new URL('dist/shell/index.js', root))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' })
    const blind = snippet('## Blind transfer in a dozen lines')
    const attended = snippet('## Attended transfer in a dozen lines')
    expect(blind).toContain('bob.transfer(')
    expect(attended).toContain('bob.attendedTransfer(')
    const program = `${blind}\nconsole.log('blind ok')\n{\n${attended}\nconsole.log('attended ok')\n}\nawait Promise.all([alice.close(), bob.close(), charlie.close()])\n`
    const file = new URL(`readme-snippets-${process.pid}.mjs`, root)
    writeFileSync(file, program)
    try {
      const out = execFileSync(process.execPath, [file.pathname], { cwd: root, timeout: 30_000, encoding: 'utf8' })
      expect(out).toBe('blind ok\nattended ok\n')
    } finally {
      rmSync(file, { force: true })
    }
  })
})
