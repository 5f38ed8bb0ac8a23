#!/usr/bin/env node
import { runCli } from '../runtime/cli-support.ts';
import { buildProgram } from './program.ts';

process.exitCode = await runCli(buildProgram(), process.argv, (line) => {
  console.error(line);
});
