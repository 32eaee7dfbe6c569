/** Every transfer scenario, in the order `sipxfer sim --list` shows them. */
import type { Scenario } from '../scenario.ts'
import { blindScenarios } from './blind.ts'

export const transferScenarios: ReadonlyArray<Scenario> = [...blindScenarios]
