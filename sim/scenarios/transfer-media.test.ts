/**
 * Media follows the call (DESIGN.md, issue "Transfer"): after a transfer the transferee's
 * RTP goes to the target, its stream towards the transferor is closed, and hold shows as
 * a direction change of the stream being held.
 */
import { describe, expect, it } from 'vitest'
import type { MediaInstruction } from '../../core/ua/index.ts'
import { noFaults } from '../fault-plan.ts'
import { runScenario } from '../run.ts'
import { worldSteps } from '../world.ts'
import { uaFactory } from '../ua-node.ts'
import { attended } from './attended.ts'
import { blind } from './blind.ts'

const mediaOf = (scenario: typeof blind, node: string): ReadonlyArray<MediaInstruction> =>
  worldSteps(runScenario(scenario, noFaults(1), uaFactory).world).flatMap((s) => (s.type === 'media' && s.node === node ? [s.media] : []))

describe('RTP follows the transfer', () => {
  it.each([blind, attended])('$name: alice opens RTP towards charlie and closes the stream to bob', (scenario) => {
    const media = mediaOf(scenario, 'alice')
    const toCharlie = media.find((m) => m.type === 'open' && m.call === 'c2')
    expect(toCharlie).toMatchObject({ type: 'open', remote: { address: '192.0.2.3' }, codec: { name: 'PCMU' }, direction: 'sendrecv' })
    const toBob = media.filter((m) => m.call === 'c1')
    expect(toBob[0]).toMatchObject({ type: 'open', remote: { address: '192.0.2.2' } })
    expect(toBob.at(-1)).toMatchObject({ type: 'close', call: 'c1' })
    // The new stream opens before the old one closes: no gap for the transferee.
    expect(media.indexOf(toCharlie!)).toBeLessThan(media.indexOf(toBob.at(-1)!))
  })
  it('attended: holding alice is a direction change of her stream (sendonly from bob, recvonly at alice)', () => {
    const alice = mediaOf(attended, 'alice').filter((m) => m.call === 'c1' && m.type === 'update')
    expect(alice[0]).toMatchObject({ type: 'update', direction: 'recvonly' })
    const bob = mediaOf(attended, 'bob').filter((m) => m.call === 'c1' && m.type === 'update')
    expect(bob[0]).toMatchObject({ type: 'update', direction: 'sendonly' })
  })
})
