/**
 * Renders the HTML ladder in headless Chromium (Debian `chromium`, driven by
 * playwright-core). Chromium must be installed: CI installs it; this test does not skip.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { noFaults, type FaultPlan } from './fault-plan.ts'
import { ladderHtml } from './html-view.ts'
import { runScenario } from './run.ts'
import { toyFactory } from './testing/toy-node.ts'
import { toyTriangle } from './testing/toy-scenarios.ts'

const CHROMIUM = '/usr/bin/chromium'

describe('HTML ladder', () => {
  const faults: FaultPlan = { ...noFaults(3), partitions: [{ a: ['alice'], b: ['bob'], oneWay: true, start: 0, end: 400 }] }
  const { trace } = runScenario(toyTriangle, faults, toyFactory)
  const html = ladderHtml(trace)
  const sends = trace.steps.filter((s) => s.type === 'send')

  it('is one self-contained page', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/)
    expect((html.match(/<g class="arrow/g) ?? []).length).toBe(sends.length)
  })

  it('shows every arrow in Chromium, a message on click, and filters by Call-ID', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'sipxfer-chromium-'))
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    try {
      const page = context.pages()[0] ?? (await context.newPage())
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      await page.setContent(html)
      const arrows = page.locator('svg#ladder g.arrow')
      expect(await arrows.count()).toBe(sends.length)
      expect(await page.locator('#message').textContent()).toBe('')

      const lost = page.locator('g.arrow.lost').first()
      await lost.click()
      const shown = (await page.locator('#message').textContent()) ?? ''
      expect(shown.startsWith('OPTIONS sip:bob@10.0.0.2 SIP/2.0\r\n')).toBe(true)
      expect(shown).toContain('CSeq: 1 OPTIONS')
      expect(await page.locator('#message-title').textContent()).toContain('lost (partition)')

      const response = page.locator('g.arrow.response').first()
      await response.click()
      expect(await page.locator('#message').textContent()).toMatch(/^SIP\/2\.0 200 OK\r\n/)

      const callIds = await page.locator('#call-filter option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
      expect(callIds.length).toBe(1 + 4) // "all" and one per OPTIONS transaction
      const chosen = callIds[1] ?? ''
      await page.selectOption('#call-filter', chosen)
      const visible = await arrows.evaluateAll((gs) => gs.filter((g) => (g as SVGGElement).style.display !== 'none').length)
      const expected = sends.filter((s) => 'text' in s.payload && s.payload.text.includes(`Call-ID: ${chosen}\r\n`)).length
      expect(visible).toBe(expected)
      expect(visible).toBeLessThan(sends.length)
      expect(errors).toEqual([])
    } finally {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    }
  })
})
