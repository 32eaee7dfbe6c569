import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeJsonText, decodeWith } from './decode-error.ts'
import { scenarioCodec } from './scenario.ts'
import { toyScenarios, toyTriangle } from './testing/toy-scenarios.ts'

const decode = decodeWith(scenarioCodec, 'scenario')
const left = (r: E.Either<string, unknown>): string => (E.isLeft(r) ? r.left : 'decoded')

describe('scenario codec', () => {
  it('round-trips the test scenarios through JSON', () => {
    for (const s of toyScenarios) expect(decodeJsonText(scenarioCodec, 'scenario')(JSON.stringify(s))).toEqual(E.right(s))
  })

  it('fills the optional lists', () => {
    const r = decode({ name: 'x', participants: [{ name: 'a', address: { address: '10.0.0.1', port: 5060 }, config: null }], livenessDeadline: 1 })
    expect(r).toEqual(E.right({ name: 'x', participants: expect.any(Array), livenessDeadline: 1, commands: [], reactions: [], expect: { events: [] } }))
  })

  it('says where and what is wrong', () => {
    const bad = { ...toyTriangle, participants: [{ name: 'a', address: { address: '10.0.0.1', port: '5060' }, config: {} }] }
    expect(left(decode(bad))).toContain('at participants.0.address.port: expected number, got "5060"')
    const badCommand = { ...toyTriangle, commands: [{ node: 'alice', at: 0, command: { type: 'dail', target: 'x' } }] }
    expect(left(decode(badCommand))).toContain('at commands.0.command.type: expected type one of dial|answer|')
    const missing = { ...toyTriangle, commands: [{ node: 'alice', at: 0, command: { type: 'transfer', call: 'c1' } }] }
    expect(left(decode(missing))).toContain('at commands.0.command.target')
    expect(left(decode({ ...toyTriangle, livenessDeadline: -1 }))).toContain('at livenessDeadline: expected a number in [0,')
  })

  it('checks names and references across fields', () => {
    const twice = { ...toyTriangle, participants: [...toyTriangle.participants, { name: 'bob', address: { address: '10.0.0.9', port: 5060 }, config: {} }] }
    expect(left(decode(twice))).toContain('participant name "bob" is used twice')
    const stranger = { ...toyTriangle, commands: [{ node: 'mallory', at: 0, command: { type: 'hangup', call: 'c1' } }] }
    expect(left(decode(stranger))).toContain('commands.0.node: unknown participant "mallory"')
  })

  it('rejects text that is not JSON, readably', () => {
    expect(left(decodeJsonText(scenarioCodec, 'scenario')('{nope'))).toMatch(/^invalid scenario: not JSON/)
  })
})
