import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { event } from './event.ts'
import { referSub } from './refer-sub.ts'
import { subscriptionState } from './subscription-state.ts'

describe('Event (RFC 6665 §8.2.1)', () => {
  it('with and without id', () => {
    expect(event.parse('refer')).toEqual(E.right({ package: 'refer', id: undefined, params: [] }))
    expect(event.parse('refer;id=93809824')).toEqual(E.right({ package: 'refer', id: '93809824', params: [] }))
    expect(event.parse('presence.winfo ; ID = 7 ;x=y')).toEqual(E.right({ package: 'presence.winfo', id: '7', params: [{ name: 'x', value: 'y' }] }))
    expect(event.format({ package: 'refer', id: '93809824', params: [{ name: 'x' }] })).toBe('refer;id=93809824;x')
  })
  it('errors', () => {
    for (const v of ['', ';id=1', 'refer;id', 'refer;id=1;id=2', 'refer;id="1"', 'refer x', 'refer;;']) expect(E.isLeft(event.parse(v))).toBe(true)
  })
})

describe('Subscription-State (RFC 6665 §8.2.3)', () => {
  it('states, reason, expires, retry-after', () => {
    expect(subscriptionState.parse('active;expires=60')).toEqual(E.right({ state: 'active', reason: undefined, expires: 60, retryAfter: undefined, params: [] }))
    expect(subscriptionState.parse('terminated;reason=noresource')).toEqual(E.right({ state: 'terminated', reason: 'noresource', expires: undefined, retryAfter: undefined, params: [] }))
    expect(subscriptionState.parse('Terminated ; Reason = Probation ; retry-after=30;x')).toEqual(E.right({
      state: 'terminated', reason: 'probation', expires: undefined, retryAfter: 30, params: [{ name: 'x' }],
    }))
    expect(subscriptionState.format({ state: 'terminated', reason: 'timeout', expires: 1, retryAfter: 2, params: [{ name: 'a', value: 'b' }] }))
      .toBe('terminated;reason=timeout;expires=1;retry-after=2;a=b')
  })
  it('tolerates "reason=reason=noresource" (real peers)', () => {
    expect(subscriptionState.parse('terminated;reason=reason=noresource')).toEqual(E.right({
      state: 'terminated', reason: 'noresource', expires: undefined, retryAfter: undefined, params: [],
    }))
  })
  it('errors', () => {
    for (const v of ['', 'active;expires=x', 'active;expires=4294967296', 'active;expires', 'active;reason=a=b', 'active;;', 'active x', 'terminated;reason="x"'])
      expect(E.isLeft(subscriptionState.parse(v))).toBe(true)
  })
})

describe('Refer-Sub (RFC 4488 §4)', () => {
  it('true / false', () => {
    expect(referSub.parse('false')).toEqual(E.right({ value: false, params: [] }))
    expect(referSub.parse('TRUE;x=1')).toEqual(E.right({ value: true, params: [{ name: 'x', value: '1' }] }))
    expect(referSub.format({ value: false, params: [] })).toBe('false')
    expect(E.isLeft(referSub.parse('yes'))).toBe(true)
    expect(E.isLeft(referSub.parse('truex'))).toBe(true)
  })
})
