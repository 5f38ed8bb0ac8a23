import { Command } from 'commander';
import { packageVersion } from '../runtime/cli-support.ts';
import { registerDiscover } from './commands/discover.ts';
import { registerRun } from './commands/run.ts';
import { registerStatus } from './commands/status.ts';

/** Builds the `nanoprobe` command tree (subcommands register here as their issues land). */
export function buildProgram(): Command {
  const program = new Command('nanoprobe')
    .description('ringwatch host agent: heartbeats with its ring neighbours, passive discovery, reports exceptions to the CMA')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .showSuggestionAfterError(true);
  registerRun(program);
  registerStatus(program);
  registerDiscover(program);
  return program;
}
