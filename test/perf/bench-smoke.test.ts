// The benchmarks must not rot: run each one at toy size (BENCH_SMOKE=1) and check it writes its figures.
// Their numbers mean nothing here; `npm run bench` measures for real into bench/results/.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

test('npm run bench works at smoke size and writes one JSON result per benchmark', (t) => {
  const r = spawnSync(process.execPath, ['dist/bench/run.js'], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, BENCH_SMOKE: '1' } });
  t.is(r.status, 0, r.stderr);
  for (const name of ['codec', 'detection', 'discovery-frames', 'discovery-procfs', 'ring', 'sim']) {
    const doc = JSON.parse(readFileSync(`dist/bench-smoke/${name}.json`, 'utf8')) as { benchmark: string; figures: { name: string; value: number }[]; machine: { cpus: number } };
    t.is(doc.benchmark, name);
    t.true(doc.figures.length >= 2);
    t.true(doc.figures.every((f) => Number.isFinite(f.value)));
    t.true(doc.machine.cpus >= 1);
  }
});

test('an unknown benchmark name is one error line and exit 2', (t) => {
  const r = spawnSync(process.execPath, ['dist/bench/run.js', 'nope'], { encoding: 'utf8', timeout: 30_000 });
  t.is(r.status, 2);
  t.regex(r.stderr.trim(), /^error: unknown benchmark nope/);
});
