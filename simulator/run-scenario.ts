/**
 * One call from a parsed scenario to its report: generate the world, run the engine, build the report.
 */
import { Simulation, type SimHooks } from './engine/engine.ts';
import { buildReport, type SimReport } from './report/report.ts';
import type { Scenario } from './scenario/types.ts';
import { generateWorld } from './world/world.ts';

/** Runs `scenario` in virtual time and returns its report. */
export async function runScenario(scenario: Scenario, hooks: SimHooks = {}): Promise<SimReport> {
  const world = generateWorld(scenario.world, scenario.seed);
  const sim = new Simulation(world, scenario);
  return buildReport(scenario, await sim.run(hooks));
}
