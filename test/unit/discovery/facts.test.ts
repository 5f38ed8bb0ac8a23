/**
 * Host facts drop-ins: the pure merge (factsPayload) and the collector over a real directory with JSON files and
 * real executables (one good, one printing garbage, one too slow, one failing), the `facts` kind of
 * HostCollectors (each problem warned once), and `nanoprobe discover facts [--json]`.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import * as fc from 'fast-check';
import { collectFacts, DEFAULT_FACTS_COLLECTOR } from '../../../discovery/collectors/facts.ts';
import { factsPayload } from '../../../discovery/index.ts';
import { DEFAULT_HOST_COLLECTORS, HostCollectors } from '../../../nanoprobe/discovery/host-collectors.ts';
import { factValueProblem, HOST_FACT_KEYS, isHostFactKey } from '../../../protocol/index.ts';
import { ManualScheduler, type Logger } from '../../../runtime/index.ts';
import { factsDir } from '../../helpers/facts-dir.ts';

test('sources merge in order, later keys win; unknown keys, bad values and non-objects are warnings', (t) => {
  const r = factsPayload([
    { name: '10-base.json', text: '{"owner": " team-web ", "rack": 12, "zone": "a", "hostId": "x", "status": "dead"}' },
    { name: '20-site.json', text: '{"zone": "b", "contact": ["not", "scalar"], "role": "", "environment": true}' },
    { name: '30-broken.json', text: '{"owner": ' },
    { name: '40-array.json', text: '[1]' },
  ]);
  t.deepEqual(r.value, { owner: 'team-web', environment: true, rack: 12, zone: 'b' });
  t.deepEqual(
    r.warnings.map((w) => w.message.split(' (known')[0]),
    ['10-base.json: unknown fact "hostId" ignored', '10-base.json: unknown fact "status" ignored', '20-site.json: fact contact ignored: not a string, number or boolean (array)', '20-site.json: fact role ignored: empty string', '30-broken.json: not JSON', '40-array.json: not a JSON object'],
  );
});

test('random sources: never throws, and only known keys with valid values come out', (t) => {
  const source = fc.record({ name: fc.string({ maxLength: 8 }), text: fc.oneof(fc.string(), fc.json(), fc.dictionary(fc.oneof(fc.constantFrom(...HOST_FACT_KEYS), fc.string()), fc.jsonValue()).map((o) => JSON.stringify(o))) });
  fc.assert(
    fc.property(fc.array(source, { maxLength: 5 }), (sources) => {
      const r = factsPayload(sources);
      return Object.entries(r.value).every(([k, v]) => isHostFactKey(k) && factValueProblem(v) === undefined);
    }),
    { numRuns: 2_000 },
  );
  t.pass();
});

test('collectFacts: JSON files and executables in name order; a bad, failing or slow drop-in is one warning each', async (t) => {
  const dir = factsDir({
    '10-owner.json': '{"owner": "team-web", "rack": "r1"}',
    '20-contact': '#!/bin/sh\necho \'{"contact": "web@example.org", "rack": "r2"}\'\n',
    '30-garbage': '#!/bin/sh\necho not json\n',
    '40-slow': '#!/bin/sh\nsleep 5\necho \'{"owner": "late"}\'\n',
    '50-fails': '#!/bin/sh\necho \'{"owner": "failed"}\'\nexit 3\n',
    '60-site.yaml': 'site: lab\n',
    'README': 'not executable, not JSON: ignored',
    '.hidden.json': '{"owner": "hidden"}',
    '70-role.json~': '{"role": "backup file"}',
  });
  try {
    const c = await collectFacts({ ...DEFAULT_FACTS_COLLECTOR, dir, execTimeoutMs: 500 });
    t.deepEqual(c.payload, { owner: 'team-web', contact: 'web@example.org', rack: 'r2' });
    t.is(c.warnings.length, 4, c.warnings.join('\n'));
    t.true(c.warnings.some((w) => w.startsWith('30-garbage: not JSON')));
    t.true(c.warnings.some((w) => w.startsWith('40-slow: ')));
    t.true(c.warnings.some((w) => w.startsWith('50-fails: ')));
    t.true(c.warnings.some((w) => w.startsWith('60-site.yaml: YAML drop-ins are not read, write JSON')));
    t.deepEqual(await collectFacts({ ...DEFAULT_FACTS_COLLECTOR, dir: join(dir, 'absent') }), { payload: {}, warnings: [] }, 'no directory: no facts, no warning');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('HostCollectors facts kind: the payload with its hash; each drop-in problem is warned once, not every run', async (t) => {
  const dir = factsDir({ '10.json': '{"owner": "team-db", "role": "db"}', '20-bad': '#!/bin/sh\necho nope\n' });
  const warned: string[] = [];
  const noop = (): void => undefined;
  const logger: Logger = { error: noop, warn: (m, c) => warned.push(`${m} ${JSON.stringify(c)}`), info: noop, debug: noop, trace: noop, child: () => logger };
  const hc = new HostCollectors({ ...DEFAULT_HOST_COLLECTORS, facts: { ...DEFAULT_FACTS_COLLECTOR, dir } }, { scheduler: new ManualScheduler(), logger });
  try {
    const task = { kind: 'facts', intervalMs: 60_000, timeoutMs: 10_000, args: [] };
    const a = await hc.run(task, new AbortController().signal);
    const b = await hc.run(task, new AbortController().signal);
    t.like(a, { ok: true, payload: { owner: 'team-db', role: 'db' } });
    t.true(a.ok && b.ok && a.hash === b.hash);
    t.is(warned.length, 1, warned.join('\n'));
    t.regex(warned[0] ?? '', /20-bad: not JSON/);
  } finally {
    hc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nanoprobe discover facts [--json] prints what the facts kind sends; warnings on stderr', (t) => {
  const dir = factsDir({ '10.json': '{"owner": "team-web", "contact": "web@example.org"}', '20.json': '{"nonsense": 1}' });
  try {
    const run = (args: string[]) => spawnSync(process.execPath, ['dist/nanoprobe/cli.js', 'discover', 'facts', '--facts-dir', dir, ...args], { encoding: 'utf8', timeout: 30_000 });
    const human = run([]);
    t.is(human.status, 0, human.stderr);
    t.regex(human.stdout, /^owner\s+team-web\ncontact\s+web@example\.org\n$/);
    t.regex(human.stderr, /warning: 20\.json: unknown fact "nonsense" ignored/);
    const json = run(['--json']);
    t.deepEqual(JSON.parse(json.stdout), { owner: 'team-web', contact: 'web@example.org' });
    const none = spawnSync(process.execPath, ['dist/nanoprobe/cli.js', 'discover', 'facts', '--facts-dir', join(dir, 'absent')], { encoding: 'utf8', timeout: 30_000 });
    t.regex(none.stdout, /^no facts in /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
