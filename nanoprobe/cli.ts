#!/usr/bin/env -S node --lite-mode
// --lite-mode (no optimising compiler, lazy feedback vectors) halves the idle nanoprobe's CPU and takes ≈6 MiB off
// its RSS (bench/footprint.ts, docs/operations.md "nanoprobe footprint"); its work is a few small datagrams a second.
import { runCli } from '../runtime/cli-support.ts';
import { buildProgram } from './program.ts';

process.exitCode = await runCli(buildProgram(), process.argv, (line) => {
  console.error(line);
});
