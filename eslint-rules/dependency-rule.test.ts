import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })
const lint = async (filePath: string, code: string): Promise<ReadonlyArray<string>> => {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`)
}

describe('the purity and dependency lint (DESIGN.md)', () => {
  it('accepts a pure core file', async () => {
    expect(await lint('core/message/ok.ts', "import * as E from 'fp-ts/lib/Either.js'\nimport type { Uri } from './types.ts'\nexport const f = (u: Uri) => E.right(u)\n")).toEqual([])
  })
  it('fails core files that import node:*, effect or a higher layer', async () => {
    expect(await lint('core/message/bad.ts', "import { readFileSync } from 'node:fs'\nexport const f = readFileSync\n")).toEqual([expect.stringMatching(/core\/ may not import "node:fs"/)])
    expect(await lint('core/message/bad.ts', "import { Effect } from 'effect'\nexport const f = Effect\n")).toEqual([expect.stringMatching(/may not import "effect"/)])
    expect(await lint('core/message/bad.ts', "import { step } from '../ua/ua.ts'\nexport const f = step\n")).toEqual([expect.stringMatching(/core\/message may not import core\/ua/)])
    expect(await lint('core/message/bad.ts', "import { run } from '../../sim/world.ts'\nexport const f = run\n")).toEqual([expect.stringMatching(/core\/ may not import sim/)])
  })
  it('fails core files that touch the clock, timers, randomness, process or console, throw or declare classes', async () => {
    const messages = await lint('core/ua/bad.ts', [
      'export const a = Date.now()',
      'export const b = Math.random()',
      'setTimeout(() => 1, 5)',
      'export const c = process.env',
      'console.log(1)',
      'export const d = () => { throw new Error("x") }',
      'export class E {}',
    ].join('\n'))
    expect(messages).toEqual([
      expect.stringMatching(/no-restricted-globals: .*core\/ is pure: no Date/),
      expect.stringMatching(/no-restricted-properties/),
      expect.stringMatching(/no setTimeout/),
      expect.stringMatching(/no process/),
      expect.stringMatching(/no console/),
      expect.stringMatching(/never throws/),
      expect.stringMatching(/no classes/),
    ])
  })
  it('lets tests in core use node APIs, and keeps sim and shell within their reach', async () => {
    expect(await lint('core/message/x.test.ts', "import { readFileSync } from 'node:fs'\nexport const f = readFileSync\n")).toEqual([])
    expect(await lint('sim/world.ts', "import { Effect } from 'effect'\nexport const f = Effect\n")).toEqual([expect.stringMatching(/sim\/ may not import "effect"/)])
    expect(await lint('sim/world.ts', "import { x } from '../shell/cli.ts'\nexport const f = x\n")).toEqual([expect.stringMatching(/sim\/ may not import shell/)])
    expect(await lint('shell/cli.ts', "import { x } from '../examples/demo.ts'\nexport const f = x\n")).toEqual([expect.stringMatching(/nothing imports examples/)])
  })
})
