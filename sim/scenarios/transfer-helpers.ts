/** Building blocks of the transfer scenarios: the three parties of RFC 5589 and their usual reactions. */
import type { Reaction, Scenario } from '../scenario.ts'
import { alice, bob, charlie } from './basic-call.ts'

/** alice (transferee) calls bob (transferor); charlie is the target. Each UA's user part is its name. */
export const parties = (configs: { readonly alice?: object; readonly bob?: object; readonly charlie?: object } = {}): Scenario['participants'] => [
  { ...alice, config: { ...configs.alice } },
  { ...bob, config: { autoAnswerMs: 500, ...configs.bob } },
  { ...charlie, config: { autoAnswerMs: 500, ...configs.charlie } },
]

export const aliceCallsBob: Scenario['commands'] = [{ node: 'alice', at: 0, command: { type: 'dial', target: 'sip:bob@192.0.2.2:5060' } }]

export const charlieTarget = 'sip:charlie@192.0.2.3:5060'

/** The call that ends a transferred conversation: charlie hangs up a while after answering. */
export const charlieHangsUp: Reaction = { node: 'charlie', on: 'answered', after: 3000, command: { type: 'hangup', call: '$event.call' }, times: 1 }

export const transferDeadline = 180_000
