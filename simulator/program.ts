import { Command } from 'commander';
import { packageVersion } from '../runtime/cli-support.ts';
import { registerLive } from './commands/live.ts';
import { registerRun } from './commands/run.ts';
import { registerScenarios } from './commands/scenarios.ts';

/** Builds the `ringsim` command tree (subcommands register here as their issues land). */
export function buildProgram(): Command {
  const program = new Command('ringsim')
    .description('ringwatch simulator: virtual fleets of nanoprobes against the real CMA logic')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .showSuggestionAfterError(true);
  registerRun(program);
  registerScenarios(program);
  registerLive(program);
  return program;
}
