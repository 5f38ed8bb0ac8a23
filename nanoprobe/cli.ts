#!/usr/bin/env -S node --lite-mode --no-node-snapshot --no-expose-wasm
// --lite-mode (no optimising compiler, lazy feedback vectors) cuts the idle nanoprobe's CPU by a quarter to a half
// and takes ≈7 MiB off its RSS; --no-node-snapshot bootstraps node from its built-in sources instead of
// deserialising the startup snapshot (≈60 ms more at start, ≈2.5 MiB fewer resident pages of the node binary);
// --no-expose-wasm silences lite mode's "disabling flag --expose_wasm" warning (bench/footprint.ts,
// docs/operations.md "nanoprobe footprint"). Its work is a few small datagrams a second. The packaged wrapper
// (deploy/nanoprobe/nanoprobe) starts the single-file bundle with these same options.
import { runCli } from '../runtime/cli-support.ts';
import { buildProgram } from './program.ts';

process.exitCode = await runCli(buildProgram(), process.argv, (line) => {
  console.error(line);
});
