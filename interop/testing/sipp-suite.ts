/**
 * What every test file that runs sipp against `sipxfer ua` does around its tests (the tools
 * must be here, the CLI built, processes and captures stopped, temp files kept on failure),
 * and how it closes a capture: nothing malformed for tshark, nothing wrong for the RFC
 * oracle (`sipxfer check`), a ladder with no refused request.
 */
import { afterEach, beforeAll, expect } from 'vitest'
import { ensureBuilt, killAll } from '../../shell/cli/testing/cli-ua.ts'
import { cleanTemp, ladder, lines, malformedFrames, oracleViolations, requireTool, stopAll, type Capture } from './harness.ts'

export const sippSuite = (): void => {
  beforeAll(() => {
    requireTool('sipp')
    requireTool('tshark')
    ensureBuilt()
  }, 120_000)
  afterEach((ctx) => {
    killAll()
    stopAll()
    cleanTemp(ctx.task.result?.state === 'fail')
  })
}

/** Stops the capture, checks it, and returns its ladder (`from>to what` lines). */
export const finishCapture = async (capture: Capture, names: Readonly<Record<string, number>>): Promise<Array<string>> => {
  await capture.stop()
  const ports = Object.values(names)
  expect(malformedFrames(capture.file, ports)).toEqual([])
  expect(oracleViolations(capture.file, ports)).toEqual([])
  const seq = lines(ladder(capture.file, names))
  expect(seq.length).toBeGreaterThan(0)
  // No request anywhere was refused or failed.
  expect(seq.filter((l) => /\s[3-6]\d\d\//.test(l))).toEqual([])
  return seq
}
