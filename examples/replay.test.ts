import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { main } from './replay.ts'

it('runs examples/replay.ts: the replay is identical and the HTML ladder has its arrows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sipxfer-replay-test-'))
  try {
    const lines: Array<string> = []
    const files = await main((line) => lines.push(line), dir)
    expect(lines[0]).toMatch(/^pass: quiescent at \d+ ms$/)
    const hash = /\(hash ([0-9a-f]{64})\)$/.exec(lines.find((l) => l.startsWith('trace: ')) ?? '')?.[1]
    expect(hash).toBeDefined()
    expect(lines).toContain(`replay: identical: ${hash}`)
    expect(lines).toContain(`ladder: ${files.html}`)
    expect(existsSync(files.trace)).toBe(true)

    const html = readFileSync(files.html, 'utf8')
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).toContain(`hash ${hash}`)
    const trace = JSON.parse(readFileSync(files.trace, 'utf8')) as { steps: Array<{ type: string }> }
    const sends = trace.steps.filter((s) => s.type === 'send').length
    expect(sends).toBeGreaterThan(10)
    expect((html.match(/<g class="arrow/g) ?? []).length).toBe(sends) // one arrow per packet sent
    for (const label of ['INVITE', 'REFER', '202 Accepted', 'NOTIFY', 'BYE']) expect(html).toContain(`>${label}</text>`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
