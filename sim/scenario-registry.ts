/** The built-in scenarios, by name, for `sipxfer sim NAME` (tests may pass their own list to the CLI). */
import type { Scenario } from './scenario.ts'
import { builtInScenarios } from './scenarios/index.ts'

export const scenarioRegistry: ReadonlyArray<Scenario> = builtInScenarios

export const findScenario = (scenarios: ReadonlyArray<Scenario>, name: string): Scenario | undefined =>
  scenarios.find((s) => s.name === name)
