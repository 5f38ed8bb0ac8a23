// The benchmarks must not rot: run each one at toy size (BENCH_SMOKE=1) and check it writes its figures.
// Their numbers mean nothing here; `npm run bench` measures for real into bench/results/.
// One test per benchmark, run one after another: each reports on its own, so ava's inactivity timeout never sees
// the whole set as one silent multi-minute step on a loaded machine.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Every benchmark `npm run bench` runs by default (bench/run.ts BENCHMARKS), with its smoke budget in ms. */
const SMOKES: Record<string, number> = {
  codec: 60_000,
  detection: 150_000, // a real fleet in namespaces
  'discovery-collect': 60_000,
  'discovery-frames': 60_000,
  'discovery-procfs': 60_000,
  footprint: 150_000, // a real fleet in namespaces
  queries: 150_000, // an embedded Neo4j and a toy graph (≈50 s on a shared 2-core machine)
  ring: 60_000,
  sim: 90_000, // the virtual-time simulator
  store: 150_000, // an embedded Neo4j
};

for (const [name, budgetMs] of Object.entries(SMOKES)) {
  test.serial(`npm run bench -- ${name} works at smoke size and writes its JSON result`, (t) => {
    t.timeout(budgetMs + 10_000);
    const r = spawnSync(process.execPath, ['dist/bench/run.js', name], { encoding: 'utf8', timeout: budgetMs, env: { ...process.env, BENCH_SMOKE: '1' } });
    t.is(r.status, 0, r.stderr);
    const doc = JSON.parse(readFileSync(`dist/bench-smoke/${name}.json`, 'utf8')) as { benchmark: string; figures: { name: string; value: number }[]; machine: { cpus: number } };
    t.is(doc.benchmark, name);
    t.true(doc.figures.length >= 2);
    t.true(doc.figures.every((f) => Number.isFinite(f.value)));
    t.true(doc.machine.cpus >= 1);
  });
}

test('an unknown benchmark name is one error line and exit 2', (t) => {
  const r = spawnSync(process.execPath, ['dist/bench/run.js', 'nope'], { encoding: 'utf8', timeout: 30_000 });
  t.is(r.status, 2);
  t.regex(r.stderr.trim(), /^error: unknown benchmark nope/);
});

test('the smoke list is every default benchmark', (t) => {
  const source = readFileSync('bench/run.ts', 'utf8');
  const block = /const BENCHMARKS[^{]*\{([\s\S]*?)\n\};/.exec(source)?.[1] ?? '';
  const names = [...block.matchAll(/^ {2}'?([a-z-]+)'?: /gm)].map((m) => m[1]);
  t.deepEqual(names.sort(), Object.keys(SMOKES).sort());
});
