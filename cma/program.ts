import { Command } from 'commander';
import { packageVersion } from '../runtime/cli-support.ts';
import { registerQuery } from './commands/query.ts';
import { registerRun } from './commands/run.ts';
import { registerViews } from './commands/views.ts';

/** Builds the `cma` command tree (subcommands register here as their issues land). */
export function buildProgram(): Command {
  const program = new Command('cma')
    .description('ringwatch central management authority: registers nanoprobes, builds heartbeat rings, confirms deaths, records the graph')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .showSuggestionAfterError(true);
  registerRun(program);
  registerViews(program);
  registerQuery(program);
  return program;
}
