/**
 * Finding scenarios: a path to a JSON file, or the name of a built-in one in simulator/scenarios/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SimError } from '../errors.ts';
import { parseScenario, type ScenarioOverrides } from './parse.ts';
import type { Scenario } from './types.ts';

/** simulator/scenarios/ of this checkout (the compiled file lives in dist/simulator/scenario/). */
export function builtinScenarioDir(): string {
  const fromDist = fileURLToPath(new URL('../../../simulator/scenarios/', import.meta.url));
  return existsSync(fromDist) ? fromDist : fileURLToPath(new URL('../scenarios/', import.meta.url));
}

/** Names of the built-in scenarios, sorted. */
export function builtinScenarioNames(): string[] {
  return readdirSync(builtinScenarioDir())
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Loads `nameOrPath` (a file, else a built-in name) and parses it with `overrides`. */
export function loadScenario(nameOrPath: string, overrides: ScenarioOverrides = {}): Scenario {
  const file = existsSync(nameOrPath) ? nameOrPath : `${builtinScenarioDir()}${nameOrPath}.json`;
  if (!existsSync(file)) throw new SimError('SIM_UNKNOWN_SCENARIO', `no scenario file or built-in scenario ${JSON.stringify(nameOrPath)} (built-in: ${builtinScenarioNames().join(', ')})`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SimError('SIM_BAD_SCENARIO', `${file}: cannot read: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return parseScenario(text, nameOrPath, overrides);
}
