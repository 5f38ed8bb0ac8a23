import { readFileSync } from 'node:fs';
import { CliError } from './cli-error.ts';

/** The parts of a commander `Command` the runner needs (runtime does not import commander). */
export interface RunnableProgram {
  exitOverride(): unknown;
  parseAsync(argv: readonly string[]): Promise<unknown>;
}

/** Commander's own error shape (`CommanderError`). */
interface CommanderLikeError {
  readonly code: string;
  readonly exitCode: number;
}

function isCommanderError(err: unknown): err is CommanderLikeError {
  return typeof err === 'object' && err !== null && 'code' in err && 'exitCode' in err && typeof err.code === 'string' && err.code.startsWith('commander.');
}

const CLEAN_EXITS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help', 'commander.executeSubCommandAsync']);

/**
 * Runs a CLI and turns every failure into one readable stderr line and an exit code:
 * usage errors (unknown flag, missing argument, bad value) exit 2, failures exit 1, help/version exit 0.
 * Returns the exit code instead of calling `process.exit`, so callers can flush and tests can assert.
 */
export async function runCli(program: RunnableProgram, argv: readonly string[], stderr: (line: string) => void): Promise<number> {
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (isCommanderError(err)) {
      // commander already printed its one-line message (e.g. "error: unknown option '--x'").
      return CLEAN_EXITS.has(err.code) || err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof CliError) {
      stderr(`error: ${err.message}`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    stderr(`error: ${message}`);
    return 1;
  }
}

/** Set by the single-file bundle (scripts/nanoprobe-bundle.ts, esbuild `define`): there is no package.json beside it. */
declare const RINGWATCH_BUNDLED_VERSION: string | undefined;

let cachedVersion: string | undefined;

/** This package's version: the bundle's, else read once from package.json (two levels above the compiled file). */
export function packageVersion(): string {
  if (cachedVersion === undefined && typeof RINGWATCH_BUNDLED_VERSION === 'string') cachedVersion = RINGWATCH_BUNDLED_VERSION;
  if (cachedVersion === undefined) {
    try {
      const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
      cachedVersion = typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
    } catch {
      cachedVersion = '0.0.0';
    }
  }
  return cachedVersion;
}
