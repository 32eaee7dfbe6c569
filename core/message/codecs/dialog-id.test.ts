import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { replaces, targetDialog } from './dialog-id.ts'

describe('Replaces (RFC 3891 §6.1)', () => {
  it('to-tag and from-tag in any order, early-only', () => {
    const want = { callId: '98732@sip.example.com', toTag: 'r33th4x0r', fromTag: 'ff87ff', earlyOnly: false, params: [] }
    expect(replaces.parse('98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff')).toEqual(E.right({ ...want, toTag: 'ff87ff', fromTag: 'r33th4x0r' }))
    expect(replaces.parse('98732@sip.example.com ; to-tag = r33th4x0r ; from-tag = ff87ff')).toEqual(E.right(want))
    expect(replaces.parse('98732@sip.example.com;to-tag=r33th4x0r;from-tag=ff87ff;early-only;x=y')).toEqual(E.right({ ...want, earlyOnly: true, params: [{ name: 'x', value: 'y' }] }))
    expect(replaces.format({ ...want, earlyOnly: true })).toBe('98732@sip.example.com;to-tag=r33th4x0r;from-tag=ff87ff;early-only')
  })
  it('the value decoded from a Refer-To URI', () => {
    expect(replaces.parse('abc@host;to-tag=1;from-tag=2')).toEqual(E.right({ callId: 'abc@host', toTag: '1', fromTag: '2', earlyOnly: false, params: [] }))
  })
  it('exactly one of each tag', () => {
    for (const v of ['a', 'a;to-tag=1', 'a;from-tag=1', 'a;to-tag=1;from-tag=2;to-tag=3', 'a;to-tag;from-tag=2', 'a;to-tag=1;from-tag=2;early-only=1', ';to-tag=1;from-tag=2', 'a b;to-tag=1;from-tag=2'])
      expect(E.isLeft(replaces.parse(v))).toBe(true)
  })
})

describe('Target-Dialog (RFC 4538 §7)', () => {
  it('call-id and tags', () => {
    expect(targetDialog.parse('7743@alice.example.com;local-tag=a6c85cf;remote-tag=1928301774')).toEqual(E.right({
      callId: '7743@alice.example.com', remoteTag: '1928301774', localTag: 'a6c85cf', params: [],
    }))
    expect(targetDialog.parse('7743@alice.example.com')).toEqual(E.right({ callId: '7743@alice.example.com', remoteTag: undefined, localTag: undefined, params: [] }))
    expect(targetDialog.format({ callId: 'c', remoteTag: 'r', localTag: 'l', params: [{ name: 'x' }] })).toBe('c;remote-tag=r;local-tag=l;x')
    expect(E.isLeft(targetDialog.parse('c;local-tag=1;local-tag=2'))).toBe(true)
  })
})
