/**
 * The built-in scenarios, by name, for `sipxfer sim NAME`. Empty until the UA lands
 * (transfer scenarios will be added here); tests pass their own list to the CLI.
 */
import type { Scenario } from './scenario.ts'

export const scenarioRegistry: ReadonlyArray<Scenario> = []

export const findScenario = (scenarios: ReadonlyArray<Scenario>, name: string): Scenario | undefined =>
  scenarios.find((s) => s.name === name)
