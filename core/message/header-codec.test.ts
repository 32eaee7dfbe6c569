import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { codecs } from './codecs/index.ts'
import { headerValue, headerValues } from './headers.ts'
import { rawField } from './index.ts'

describe('remember: a value built in code and formatted is not decoded again', () => {
  it('hands out the remembered value for its text, as the first element of a field and as one element', () => {
    const decoded = codecs.via.parse('SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKremember1;rport')
    expect(E.isRight(decoded)).toBe(true)
    const via = E.isRight(decoded) ? decoded.right : undefined
    const stamped = { ...via!, params: [...via!.params, { name: 'received', value: '192.0.2.9' }] }
    const first = codecs.via.format(stamped)
    const value = `${first}, SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKother`
    codecs.via.remember?.(first, stamped, false)
    codecs.via.remember?.(value, stamped, true)
    const msg = { headers: [rawField('Via', value)] }
    const top = headerValue(msg, codecs.via)
    // The very object remembered: no decoding happened.
    expect(E.isRight(top) && top.right).toBe(stamped)
    const all = headerValues(msg, codecs.via)
    expect(E.isRight(all) && all.right[0]).toBe(stamped)
  })
})
