import type { Command } from 'commander';
import { builtinScenarioNames, loadScenario } from '../scenario/catalogue.ts';

/** `ringsim scenarios`: the built-in scenarios with their size and description. */
export function registerScenarios(program: Command): void {
  program
    .command('scenarios')
    .description('list the built-in scenarios')
    .option('--json', 'as JSON', false)
    .action((opts: { json: boolean }) => {
      const rows = builtinScenarioNames().map((name) => {
        const s = loadScenario(name);
        return { name, hosts: s.world.hosts, durationMs: s.durationMs, faults: s.faults.map((f) => f.kind), description: s.description };
      });
      if (opts.json) {
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      for (const r of rows) console.log(`${r.name.padEnd(22)} ${String(r.hosts).padStart(8)} hosts ${String(r.durationMs / 1000).padStart(6)} s  ${r.description}`);
    });
}
