// The nanoprobe as shipped: one ESM file made by esbuild from nanoprobe/cli.ts (docs/packaging.md). The optional
// native addons are left out on purpose — sodium-native (libsodium AEAD) and msgpackr-extract (string decoding)
// resolve to empty modules, so the code's own fallbacks (node:crypto, msgpackr's JS decoder; same wire bytes) are
// what runs, wherever the bundle lives; pino's worker-thread transports, which the nanoprobe never uses, are not
// included either. The bundle is started with the options of the bin's shebang (nanoprobeNodeArgs).
import { build, type Plugin } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file runs from dist/scripts/). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where `bundleNanoprobe()` writes by default (under dist/, never committed). */
export const BUNDLE_FILE = join(REPO_ROOT, 'dist/bundle/nanoprobe.mjs');
const ENTRY = join(REPO_ROOT, 'nanoprobe/cli.ts');

/** Native addons the bundle leaves out (their absence is a fallback the code already handles). */
const OPTIONAL_NATIVE = /^(sodium-native|msgpackr-extract)$/;

/** The project's version (package.json), baked into the bundle. */
export function projectVersion(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** The node options the nanoprobe runs with: those of nanoprobe/cli.ts's `#!/usr/bin/env -S node …` line. */
export function nanoprobeNodeArgs(): string[] {
  const first = readFileSync(ENTRY, 'utf8').split('\n', 1)[0] ?? '';
  const m = /^#!\/usr\/bin\/env(?: -S)? node(.*)$/.exec(first);
  return (m?.[1] ?? '').split(' ').filter(Boolean);
}

const leaveOut: Plugin = {
  name: 'ringwatch-leave-out',
  setup(b) {
    b.onResolve({ filter: OPTIONAL_NATIVE }, (a) => ({ path: a.path, namespace: 'absent-native' }));
    b.onLoad({ filter: /.*/, namespace: 'absent-native' }, () => ({ contents: 'export default undefined;', loader: 'js' }));
    // pino requires its transport module (thread-stream, worker_threads) at load time; the nanoprobe logs to fd 2.
    b.onResolve({ filter: /^\.\/(lib\/)?transport$/ }, (a) => (/[\\/]pino[\\/]/.test(a.importer) ? { path: 'pino-transport', namespace: 'no-transport' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'no-transport' }, () => ({ contents: "module.exports = function transport() { throw new Error('pino transports are not part of the nanoprobe bundle'); };", loader: 'js' }));
  },
};

export interface BundleResult {
  readonly file: string;
  readonly bytes: number;
}

/** Builds the single-file nanoprobe (minified ESM, node 20) at `outFile`. */
export async function bundleNanoprobe(outFile: string = BUNDLE_FILE): Promise<BundleResult> {
  await build({
    entryPoints: [ENTRY],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [leaveOut],
    define: { RINGWATCH_BUNDLED_VERSION: JSON.stringify(projectVersion()), 'process.env.MSGPACKR_NATIVE_ACCELERATION_DISABLED': '"true"' },
    // The CommonJS dependencies (commander, pino) call require() for node built-ins.
    banner: { js: "import { createRequire as __rwCreateRequire } from 'node:module'; const require = __rwCreateRequire(import.meta.url);" },
  });
  return { file: outFile, bytes: statSync(outFile).size };
}
