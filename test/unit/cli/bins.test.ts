// Each binary answers --help and --version like every commander CLI, and a bad flag is one line + exit 2.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { shebangNodeArgs } from '../../helpers/fleet.ts';

const BINS = { nanoprobe: 'dist/nanoprobe/cli.js', cma: 'dist/cma/cli.js', ringsim: 'dist/simulator/cli.js' } as const;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; bin: Record<string, string> };

function run(file: string, args: string[]) {
  return spawnSync(process.execPath, [file, ...args], { encoding: 'utf8', timeout: 20_000 });
}

for (const [name, file] of Object.entries(BINS)) {
  test(`${name}: package.json bin entry points at the compiled CLI`, (t) => {
    t.is(pkg.bin[name], file);
  });

  test(`${name} --version prints the package version`, (t) => {
    const r = run(file, ['--version']);
    t.is(r.status, 0);
    t.is(r.stdout.trim(), pkg.version);
  });

  test(`${name} --help describes the program on stdout`, (t) => {
    const r = run(file, ['--help']);
    t.is(r.status, 0);
    t.regex(r.stdout, new RegExp(`^Usage: ${name} `));
    t.regex(r.stdout, /--version/);
  });

  test(`${name} with an unknown flag prints one error line and exits 2`, (t) => {
    const r = run(file, ['--no-such-flag']);
    t.is(r.status, 2);
    const lines = r.stderr.trim().split('\n');
    t.is(lines.length, 1, r.stderr);
    t.regex(lines[0] ?? '', /unknown option '--no-such-flag'/);
    t.is(r.stdout, '');
  });
}

test('the nanoprobe bin runs node in lite mode without the startup snapshot or wasm (footprint), with options this node accepts', (t) => {
  t.deepEqual(shebangNodeArgs(BINS.nanoprobe), ['--lite-mode', '--no-node-snapshot', '--no-expose-wasm']);
  t.deepEqual(shebangNodeArgs(BINS.cma), []);
  const r = spawnSync(process.execPath, [...shebangNodeArgs(BINS.nanoprobe), '-p', "process.execArgv.join(' ')"], { encoding: 'utf8', timeout: 20_000 });
  t.is(r.status, 0, r.stderr);
  t.true(r.stdout.trim().startsWith('--lite-mode --no-node-snapshot --no-expose-wasm'), r.stdout);
  t.is(r.stderr, '', 'no warning (lite mode warns about wasm unless it is off)');
});

test('cma run --ring-timing with a bad value is one usage error line and exit 2 (before anything starts)', (t) => {
  for (const [value, why] of [
    ['subnet:198.18.1.0/24=fast', /^error: --ring-timing: timing "fast": want lan, wan or INTERVAL\/LATE\/DEAD/],
    ['rack7=wan', /^error: --ring-timing: ring timing "rack7=wan": want RING=TIMING/],
  ] as const) {
    const r = run(BINS.cma, ['run', '--state-dir', '/nonexistent/never-created', '--ring-timing', value]);
    t.is(r.status, 2, r.stderr);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.regex(r.stderr.trim(), why);
  }
  const twice = run(BINS.cma, ['run', '--state-dir', '/nonexistent/never-created', '--ring-timing', 'top=wan', '--ring-timing', 'top=lan']);
  t.is(twice.status, 2);
  t.regex(twice.stderr.trim(), /^error: --ring-timing: ringTimings: top given twice/);
});
