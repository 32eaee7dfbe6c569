import { describe, expect, it } from 'vitest'
import { canonicalName } from '../header-names.ts'
import { codecByKey, codecs } from './index.ts'

describe('codec table', () => {
  it('every codec has its canonical name and lower-case key', () => {
    for (const c of Object.values(codecs)) {
      expect(c.key).toBe(c.name.toLowerCase())
      expect(canonicalName(c.key)).toBe(c.name)
      expect(codecByKey.get(c.key)).toBe(c)
    }
    expect(codecByKey.size).toBe(Object.keys(codecs).length)
  })
  it('list headers', () => {
    const lists = Object.values(codecs).filter((c) => c.list).map((c) => c.name).sort()
    expect(lists).toEqual(['Allow', 'Contact', 'Proxy-Require', 'Record-Route', 'Require', 'Route', 'Supported', 'Unsupported', 'Via'])
  })
})
