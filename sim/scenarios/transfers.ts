/** Every transfer scenario, in the order `sipxfer sim --list` shows them. */
import type { Scenario } from '../scenario.ts'
import { attendedScenarios } from './attended.ts'
import { blindScenarios } from './blind.ts'
import { rfc5589Scenarios } from './rfc5589.ts'

export const transferScenarios: ReadonlyArray<Scenario> = [...blindScenarios, ...attendedScenarios, ...rfc5589Scenarios]
