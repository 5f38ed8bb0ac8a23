#!/usr/bin/env -S node --lite-mode
// --lite-mode (no optimising compiler, lazy feedback vectors) cuts the idle nanoprobe's CPU by a quarter to a half
// and takes ≈7 MiB off its RSS (bench/footprint.ts, docs/operations.md "nanoprobe footprint"); its work is a few
// small datagrams a second.
import { runCli } from '../runtime/cli-support.ts';
import { buildProgram } from './program.ts';

process.exitCode = await runCli(buildProgram(), process.argv, (line) => {
  console.error(line);
});
