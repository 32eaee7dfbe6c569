/**
 * The registry of built-in scenarios, for `sipxfer sim NAME`, `--list`, the swarm and
 * the property harness. Call flows here; transfer flows come from transfers.ts.
 */
import type { Scenario } from '../scenario.ts'
import { basicCall } from './basic-call.ts'
import { cancel, cancelBeforeProvisional } from './cancel.ts'
import { delayedOffer } from './delayed-offer.ts'
import { digestAuth, digestAuthWrongPassword } from './digest-auth.ts'
import { glare } from './glare.ts'
import { hangupBeforeAck } from './hangup-before-ack.ts'
import { holdResume } from './hold-resume.ts'
import { rejectBusy } from './reject-busy.ts'
import { transferScenarios } from './transfers.ts'

export const callScenarios: ReadonlyArray<Scenario> = [
  basicCall,
  holdResume,
  cancel,
  cancelBeforeProvisional,
  rejectBusy,
  delayedOffer,
  glare,
  digestAuth,
  digestAuthWrongPassword,
  hangupBeforeAck,
]

export { transferScenarios }

export const builtInScenarios: ReadonlyArray<Scenario> = [...callScenarios, ...transferScenarios]

/** What `sipxfer sim --demo` (and `npm start`) runs. */
export const demoScenarioName = 'blind'
