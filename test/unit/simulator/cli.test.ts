// `ringsim run` and `ringsim scenarios` as an operator uses them.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (args: string[]) => spawnSync(process.execPath, ['dist/simulator/cli.js', ...args], { encoding: 'utf8', timeout: 60_000 });

test('run smoke --json: passes, prints its event-log hash, and the hash is the same on a second run', (t) => {
  const a = run(['run', 'smoke', '--json', '--no-progress']);
  t.is(a.status, 0, a.stderr);
  const doc = JSON.parse(a.stdout) as { passed: boolean; hash: string; hosts: number; detection: { count: number } };
  t.true(doc.passed);
  t.is(doc.hosts, 1_000);
  t.is(doc.detection.count, 5);
  t.regex(doc.hash, /^[0-9a-f]{64}$/);
  const b = run(['run', 'smoke', '--json', '--no-progress']);
  t.is((JSON.parse(b.stdout) as { hash: string }).hash, doc.hash);
});

test('run with --seed, --hosts and --out: human summary, report.json and plot.svg', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ringsim-'));
  const r = run(['run', 'smoke', '--seed', '9', '--hosts', '300', '--out', dir, '--no-progress']);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /^scenario smoke {2}seed 9 {2}hosts 300 /);
  t.regex(r.stdout, /event-log hash [0-9a-f]{64}/);
  t.regex(r.stdout, /PASSED$/m);
  t.is((JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { seed: number }).seed, 9);
  const svg = readFileSync(join(dir, 'plot.svg'), 'utf8');
  t.regex(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  t.regex(svg, /detection latency CDF/);
  t.regex(svg, /<polyline points=/);
});

test('a failed expectation prints the report and exits 1', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ringsim-'));
  const file = join(dir, 's.json');
  writeFileSync(file, JSON.stringify({ name: 'strict', durationMs: 60_000, world: { hosts: 200 }, faults: [{ kind: 'kill-host', atMs: 30_000, hosts: 2 }], expect: { deaths: { min: 3, max: 3 } } }));
  const r = run(['run', file, '--no-progress']);
  t.is(r.status, 1);
  t.regex(r.stdout, /FAIL deaths \(killed \/ cut-off hosts\): 2 \(expected in \[3, 3\]\)/);
  t.regex(r.stderr.trim(), /^error: scenario strict: expectations not met: deaths/);
});

test('a bad scenario file is one error line and exit 2', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ringsim-'));
  const file = join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify({ name: 'bad', durationMs: 60_000, faults: [{ kind: 'kill-host', atMs: 1_000, hosts: 0 }] }));
  for (const args of [['run', file], ['run', 'no-such-scenario'], ['run', 'smoke', '--hosts', 'many']]) {
    const r = run(args);
    t.is(r.status, 2, args.join(' '));
    const lines = r.stderr.trim().split('\n');
    t.is(lines.length, 1, r.stderr);
    t.regex(lines[0] ?? '', /^error: /);
    t.is(r.stdout, '');
  }
});

test('scenarios lists the built-in scenarios', (t) => {
  const r = run(['scenarios']);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /^smoke\s+1000 hosts/m);
  t.regex(r.stdout, /^switch-failure\s/m);
  const doc = JSON.parse(run(['scenarios', '--json']).stdout) as { name: string; faults: string[] }[];
  t.deepEqual(doc.find((s) => s.name === 'cma-failover')?.faults, ['cma-failover']);
});
