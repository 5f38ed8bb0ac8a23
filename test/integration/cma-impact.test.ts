// The dependency and impact queries end to end: one embedded Neo4j 5.26 for the file, the known multi-tier world of
// test/helpers/impact-graph.ts written with plain Cypher, and the built CLI run as a child process for every query
// (exact rows), `--graph dot|svg` and its errors.
import test from 'ava';
import neo4j from 'neo4j-driver';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Launch from '../../scripts/neo4j-launch.mjs';
import { ID, SERVICES, seedImpactGraph } from '../helpers/impact-graph.ts';

// The .mjs is not compiled into dist/: load it from the repository (dist/test/integration → ../../../scripts).
const launch = (await import(new URL('../../../scripts/neo4j-launch.mjs', import.meta.url).href)) as typeof Launch;

const PASSWORD = 'impact-pass-1';
const dir = mkdtempSync(join(tmpdir(), 'ringwatch-cma-impact-'));
let neo: Launch.Neo4jHandle | undefined;
let uri = '';

test.before(async (t) => {
  t.timeout(300_000); // the first run may build the launcher with Maven
  neo = await launch.startNeo4j({ dataDir: join(dir, 'neo4j'), password: PASSWORD });
  uri = neo.boltUri;
  await seedImpactGraph(uri, neo4j.auth.basic('neo4j', PASSWORD));
});

test.after.always(async () => {
  await neo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Assertions {
  is: (a: unknown, b: unknown, m?: string) => void;
}

function cma(args: readonly string[], env: Readonly<Record<string, string>> = {}) {
  const childEnv: Record<string, string | undefined> = { ...process.env, RINGWATCH_NEO4J_URI: uri, RINGWATCH_NEO4J_PASSWORD: PASSWORD, ...env };
  for (const k of ['RINGWATCH_NEO4J_USER', 'RINGWATCH_QUERIES_DIR']) Reflect.deleteProperty(childEnv, k);
  const r = spawnSync(process.execPath, ['dist/cma/cli.js', 'query', ...args], { encoding: 'utf8', timeout: 60_000, env: childEnv });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(t: Assertions, args: readonly string[]): string {
  const r = cma(args);
  t.is(r.status, 0, r.stderr);
  t.is(r.stderr, '');
  return r.stdout;
}

/** The --json rows of a query as arrays of their values, in column order. */
function rows(t: Assertions, args: readonly string[]): unknown[][] {
  return (JSON.parse(ok(t, [...args, '--json'])) as Record<string, unknown>[]).map((r) => Object.values(r));
}

function fails(t: Assertions, args: readonly string[], exitCode: number, env: Readonly<Record<string, string>> = {}): string {
  const r = cma(args, env);
  t.is(r.status, exitCode, r.stderr);
  t.is(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  t.is(lines.length, 1, r.stderr);
  return lines[0] ?? '';
}

/**
 * Both gunicorns provide gunicorn:8080, so the shortest path through that service may name either one: the
 * explanation of a node beyond it is normalised to `web-?`.
 */
const tie = (text: unknown): unknown =>
  typeof text === 'string' ? text.replace(/web-[12]\/gunicorn\[200\] (→|←) gunicorn:8080/g, 'web-?/gunicorn[200] $1 gunicorn:8080').replace(/gunicorn:8080 → web-[12]\/gunicorn\[200\] → (postgres|198)/g, 'gunicorn:8080 → web-?/gunicorn[200] → $1') : text;
const untie = (table: unknown[][]): unknown[][] => table.map((row) => row.map(tie));
const sameRows = (t: { deepEqual: (a: unknown, b: unknown) => void }, actual: unknown[][], expected: unknown[][]): void => {
  t.deepEqual(untie(actual), untie(expected));
};

const DB_IMPACT = [
  [0, 'host', 'db-1', 'db-1', 'down', 'db-1'],
  [0, 'service', 'postgres:5432', null, 'down', 'db-1 → db-1/postgres[300] → postgres:5432'],
  [0, 'service', 'sshd:22', null, 'down', 'db-1 → db-1/sshd[22] → sshd:22'],
  [0, 'process', 'db-1/postgres[300]', 'db-1', 'down', 'db-1 → db-1/postgres[300]'],
  [0, 'process', 'db-1/sshd[22]', 'db-1', 'down', 'db-1 → db-1/sshd[22]'],
  [1, 'host', 'web-1', 'web-1', 'loses', 'db-1 → db-1/postgres[300] → postgres:5432 → web-1/gunicorn[200]'],
  [1, 'host', 'web-2', 'web-2', 'loses', 'db-1 → db-1/postgres[300] → postgres:5432 → web-2/gunicorn[200]'],
  [1, 'service', 'gunicorn:8080', null, 'loses', 'db-1 → db-1/postgres[300] → postgres:5432 → web-?/gunicorn[200] → gunicorn:8080'],
  [1, 'process', 'web-1/gunicorn[200]', 'web-1', 'loses', 'db-1 → db-1/postgres[300] → postgres:5432 → web-1/gunicorn[200]'],
  [1, 'process', 'web-2/gunicorn[200]', 'web-2', 'loses', 'db-1 → db-1/postgres[300] → postgres:5432 → web-2/gunicorn[200]'],
  [2, 'host', 'lb-1', 'lb-1', 'loses', 'db-1 → db-1/postgres[300] → postgres:5432 → web-?/gunicorn[200] → gunicorn:8080 → lb-1/haproxy[100]'],
  [2, 'service', 'haproxy:443', null, 'loses', 'db-1 → db-1/postgres[300] → postgres:5432 → web-?/gunicorn[200] → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443'],
  [2, 'process', 'lb-1/haproxy[100]', 'lb-1', 'loses', 'db-1 → db-1/postgres[300] → postgres:5432 → web-?/gunicorn[200] → gunicorn:8080 → lb-1/haproxy[100]'],
  [3, 'host', 'client-1', 'client-1', 'loses', 'db-1 → db-1/postgres[300] → postgres:5432 → web-?/gunicorn[200] → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443 → client-1/loadgen[400]'],
  [3, 'host', 'client-2', 'client-2', 'loses', 'db-1 → db-1/postgres[300] → postgres:5432 → web-?/gunicorn[200] → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443 → client-2/loadgen[400]'],
  [3, 'process', 'client-1/loadgen[400]', 'client-1', 'loses', 'db-1 → db-1/postgres[300] → postgres:5432 → web-?/gunicorn[200] → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443 → client-1/loadgen[400]'],
  [3, 'process', 'client-2/loadgen[400]', 'client-2', 'loses', 'db-1 → db-1/postgres[300] → postgres:5432 → web-?/gunicorn[200] → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443 → client-2/loadgen[400]'],
];

// Serial: AVA runs it before the concurrent tests, so the temporary failures it writes (and undoes) are seen by no other.
test.serial('down-services: a service whose every provider is on a dead host or gone, with why and since; served ones are not listed', async (t) => {
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', PASSWORD));
  const deadAt = Date.UTC(2026, 0, 20, 8, 0, 0);
  const goneAt = Date.UTC(2026, 0, 20, 9, 30, 0);
  try {
    t.deepEqual(rows(t, ['down-services']), [], 'all served');
    await driver.executeQuery(`MATCH (h:Host {hostname: 'db-1'}) SET h.status = 'dead', h.statusSinceMs = $deadAt`, { deadAt: neo4j.int(deadAt) });
    await driver.executeQuery(`MATCH (h:Host {hostname: 'web-1'})-[:RUNS]->(p:Process {pid: 200}) SET p.gone = true, p.goneAtMs = $goneAt`, { goneAt: neo4j.int(goneAt) });
    t.deepEqual(rows(t, ['down-services']), [
      ['postgres:5432', SERVICES[2].key, 2, ['db-1/postgres[300]: host dead'], '2026-01-20T08:00:00Z'],
      ['sshd:22', SERVICES[3].key, 0, ['db-1/sshd[22]: host dead'], '2026-01-20T08:00:00Z'],
    ], 'gunicorn:8080 still has web-2');
    await driver.executeQuery(`MATCH (h:Host {hostname: 'web-2'}) SET h.status = 'shutdown', h.statusSinceMs = $goneAt + 60000`, { goneAt: neo4j.int(goneAt) });
    const three = rows(t, ['down-services']);
    t.deepEqual(three.map((r) => r[0]), ['postgres:5432', 'gunicorn:8080', 'sshd:22'], 'most clients first');
    t.deepEqual(three[1], ['gunicorn:8080', 'gunicorn:8080@cluster:web', 1, ['web-1/gunicorn[200]: process gone', 'web-2/gunicorn[200]: host shutdown'], '2026-01-20T09:31:00Z']);
  } finally {
    await driver.executeQuery(`MATCH (h:Host) WHERE h.hostname IN ['db-1', 'web-2'] SET h.status = 'up' REMOVE h.statusSinceMs`);
    await driver.executeQuery(`MATCH (h:Host {hostname: 'web-1'})-[:RUNS]->(p:Process {pid: 200}) SET p.gone = false, p.goneAtMs = null`);
    await driver.close();
  }
  t.deepEqual(rows(t, ['down-services']), [], 'undone');
});

test('impact of the db host: both webs and, transitively, the lb and its clients lose; by hostname, host id and kind=host alike', (t) => {
  sameRows(t, rows(t, ['impact', '-p', 'target=db-1']), DB_IMPACT);
  t.deepEqual(untie(rows(t, ['impact', '-p', `target=${ID['db-1']}`, '-p', 'kind=host'])), DB_IMPACT);
  t.deepEqual(rows(t, ['impact', '-p', 'target=db-1', '-p', 'kind=switch']), [], 'a host is not a switch');
  const table = ok(t, ['impact', '-p', 'target=db-1']);
  t.is(table.split('\n')[0], 'hops  kind     name                   host      effect  why');
  t.regex(table, /\n {3}2 {2}host {5}lb-1 {19}lb-1 {6}loses {3}db-1 → db-1\/postgres\[300\] → postgres:5432 → web-[12]\/gunicorn\[200\] → gunicorn:8080 → lb-1\/haproxy\[100\]\n/);
  t.true(table.endsWith('(17 rows)\n'));
  t.false(table.includes('_path'), 'the graph column is not printed');
});

test('impact depth: depth=1 stops at the direct dependents, depth=0 at what fails with the target', (t) => {
  t.deepEqual(
    untie(rows(t, ['impact', '-p', 'target=db-1', '-p', 'depth=1'])),
    DB_IMPACT.filter((r) => (r[0] as number) <= 1),
  );
  t.deepEqual(
    rows(t, ['impact', '-p', 'target=db-1', '-p', 'depth=0']).map((r) => r.slice(0, 3)),
    DB_IMPACT.filter((r) => r[0] === 0).map((r) => r.slice(0, 3)),
  );
});

test('impact of a switch: the hosts behind it are down, then their dependents transitively (a web on the other switch loses the db)', (t) => {
  sameRows(t, rows(t, ['impact', '-p', 'target=sw2']), [
    [0, 'host', 'db-1', 'db-1', 'down', 'sw2 → Gi1/0/2 → eth0 → db-1'],
    [0, 'host', 'web-2', 'web-2', 'down', 'sw2 → Gi1/0/1 → eth0 → web-2'],
    [0, 'service', 'gunicorn:8080', null, 'loses', 'sw2 → Gi1/0/1 → eth0 → web-2 → web-2/gunicorn[200] → gunicorn:8080'],
    [0, 'service', 'postgres:5432', null, 'down', 'sw2 → Gi1/0/2 → eth0 → db-1 → db-1/postgres[300] → postgres:5432'],
    [0, 'service', 'sshd:22', null, 'down', 'sw2 → Gi1/0/2 → eth0 → db-1 → db-1/sshd[22] → sshd:22'],
    [0, 'process', 'db-1/postgres[300]', 'db-1', 'down', 'sw2 → Gi1/0/2 → eth0 → db-1 → db-1/postgres[300]'],
    [0, 'process', 'db-1/sshd[22]', 'db-1', 'down', 'sw2 → Gi1/0/2 → eth0 → db-1 → db-1/sshd[22]'],
    [0, 'process', 'web-2/gunicorn[200]', 'web-2', 'down', 'sw2 → Gi1/0/1 → eth0 → web-2 → web-2/gunicorn[200]'],
    [1, 'host', 'lb-1', 'lb-1', 'loses', 'sw2 → Gi1/0/1 → eth0 → web-2 → web-2/gunicorn[200] → gunicorn:8080 → lb-1/haproxy[100]'],
    [1, 'host', 'web-1', 'web-1', 'loses', 'sw2 → Gi1/0/2 → eth0 → db-1 → db-1/postgres[300] → postgres:5432 → web-1/gunicorn[200]'],
    [1, 'service', 'haproxy:443', null, 'loses', 'sw2 → Gi1/0/1 → eth0 → web-2 → web-2/gunicorn[200] → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443'],
    [1, 'process', 'lb-1/haproxy[100]', 'lb-1', 'loses', 'sw2 → Gi1/0/1 → eth0 → web-2 → web-2/gunicorn[200] → gunicorn:8080 → lb-1/haproxy[100]'],
    [1, 'process', 'web-1/gunicorn[200]', 'web-1', 'loses', 'sw2 → Gi1/0/2 → eth0 → db-1 → db-1/postgres[300] → postgres:5432 → web-1/gunicorn[200]'],
    [2, 'host', 'client-1', 'client-1', 'loses', 'sw2 → Gi1/0/1 → eth0 → web-2 → web-2/gunicorn[200] → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443 → client-1/loadgen[400]'],
    [2, 'host', 'client-2', 'client-2', 'loses', 'sw2 → Gi1/0/1 → eth0 → web-2 → web-2/gunicorn[200] → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443 → client-2/loadgen[400]'],
    [2, 'process', 'client-1/loadgen[400]', 'client-1', 'loses', 'sw2 → Gi1/0/1 → eth0 → web-2 → web-2/gunicorn[200] → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443 → client-1/loadgen[400]'],
    [2, 'process', 'client-2/loadgen[400]', 'client-2', 'loses', 'sw2 → Gi1/0/1 → eth0 → web-2 → web-2/gunicorn[200] → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443 → client-2/loadgen[400]'],
  ]);
  // sw1 by chassis id: lb-1 and web-1 are cut off; gunicorn keeps web-2 (degraded), the clients lose the lb.
  t.deepEqual(
    rows(t, ['impact', '-p', 'target=02:00:5e:00:01:00']).map((r) => r.slice(0, 5)),
    [
      [0, 'host', 'lb-1', 'lb-1', 'down'],
      [0, 'host', 'web-1', 'web-1', 'down'],
      [0, 'service', 'gunicorn:8080', null, 'degraded'],
      [0, 'service', 'haproxy:443', null, 'down'],
      [0, 'process', 'lb-1/haproxy[100]', 'lb-1', 'down'],
      [0, 'process', 'web-1/gunicorn[200]', 'web-1', 'down'],
      [1, 'host', 'client-1', 'client-1', 'loses'],
      [1, 'host', 'client-2', 'client-2', 'loses'],
      [1, 'process', 'client-1/loadgen[400]', 'client-1', 'loses'],
      [1, 'process', 'client-2/loadgen[400]', 'client-2', 'loses'],
    ],
  );
});

test('impact of a switch port, a service and an external IP: one web of two only degrades the lb and its clients', (t) => {
  const degraded = [
    [1, 'host', 'lb-1', 'lb-1', 'degraded'],
    [1, 'service', 'haproxy:443', null, 'degraded'],
    [1, 'process', 'lb-1/haproxy[100]', 'lb-1', 'degraded'],
    [2, 'host', 'client-1', 'client-1', 'degraded'],
    [2, 'host', 'client-2', 'client-2', 'degraded'],
    [2, 'process', 'client-1/loadgen[400]', 'client-1', 'degraded'],
    [2, 'process', 'client-2/loadgen[400]', 'client-2', 'degraded'],
  ];
  t.deepEqual(rows(t, ['impact', '-p', 'target=sw2/Gi1/0/1']).map((r) => r.slice(0, 5)), [
    [0, 'host', 'web-2', 'web-2', 'down'],
    [0, 'service', 'gunicorn:8080', null, 'degraded'],
    [0, 'process', 'web-2/gunicorn[200]', 'web-2', 'down'],
    ...degraded,
  ]);
  t.deepEqual(rows(t, ['impact', '-p', 'target=sw1/ge-0/0/3', '-p', 'kind=port']), [], 'an empty port breaks nothing');
  t.deepEqual(
    rows(t, ['impact', '-p', `target=${SERVICES[2].key}`]).map((r) => r.slice(0, 5)),
    [
      [0, 'host', 'db-1', 'db-1', 'down'],
      [0, 'service', 'postgres:5432', null, 'down'],
      [0, 'process', 'db-1/postgres[300]', 'db-1', 'down'],
      ...DB_IMPACT.filter((r) => (r[0] as number) > 0).map((r) => r.slice(0, 5)),
    ],
  );
  sameRows(t, rows(t, ['impact', '-p', 'target=198.19.0.7']), [
    [1, 'host', 'web-1', 'web-1', 'loses', 'web-1/gunicorn[200] → 198.19.0.7:443'],
    [1, 'service', 'gunicorn:8080', null, 'degraded', 'web-1/gunicorn[200] → 198.19.0.7:443 → gunicorn:8080'],
    [1, 'process', 'web-1/gunicorn[200]', 'web-1', 'loses', 'web-1/gunicorn[200] → 198.19.0.7:443'],
    [2, 'host', 'lb-1', 'lb-1', 'degraded', 'web-1/gunicorn[200] → 198.19.0.7:443 → gunicorn:8080 → lb-1/haproxy[100]'],
    [2, 'service', 'haproxy:443', null, 'degraded', 'web-1/gunicorn[200] → 198.19.0.7:443 → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443'],
    [2, 'process', 'lb-1/haproxy[100]', 'lb-1', 'degraded', 'web-1/gunicorn[200] → 198.19.0.7:443 → gunicorn:8080 → lb-1/haproxy[100]'],
    [3, 'host', 'client-1', 'client-1', 'degraded', 'web-1/gunicorn[200] → 198.19.0.7:443 → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443 → client-1/loadgen[400]'],
    [3, 'host', 'client-2', 'client-2', 'degraded', 'web-1/gunicorn[200] → 198.19.0.7:443 → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443 → client-2/loadgen[400]'],
    [3, 'process', 'client-1/loadgen[400]', 'client-1', 'degraded', 'web-1/gunicorn[200] → 198.19.0.7:443 → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443 → client-1/loadgen[400]'],
    [3, 'process', 'client-2/loadgen[400]', 'client-2', 'degraded', 'web-1/gunicorn[200] → 198.19.0.7:443 → gunicorn:8080 → lb-1/haproxy[100] → haproxy:443 → client-2/loadgen[400]'],
  ]);
  t.deepEqual(rows(t, ['impact', '-p', 'target=nothing-here']), []);
});

test('spof: the db service (its host and the switch in front of it) and the lb; the two-provider web service has none', (t) => {
  t.deepEqual(rows(t, ['spof']), [
    ['haproxy:443', 2, 'host', 'lb-1', 'the only provider host'],
    ['haproxy:443', 2, 'switch', 'sw1', 'the only provider host is wired only to it'],
    ['postgres:5432', 2, 'host', 'db-1', 'the only provider host'],
    ['postgres:5432', 2, 'switch', 'sw2', 'the only provider host is wired only to it'],
  ]);
});

test('stakeholders: the owners and contacts of what a db maintenance or a switch reboot touches, unowned last', (t) => {
  t.deepEqual(rows(t, ['stakeholders', '-p', 'target=db-1']), [
    ['dba-team', 'dba@example.com', 'down', ['db-1'], ['postgres:5432']],
    ['alice', 'alice@example.com', 'loses', ['client-1'], []],
    ['netops', 'noc@example.com', 'loses', ['lb-1'], ['haproxy:443']],
    ['web-team', 'web@example.com', 'loses', ['web-1', 'web-2'], ['gunicorn:8080']],
    [null, null, 'down', ['client-2'], ['sshd:22']],
  ]);
  t.deepEqual(rows(t, ['stakeholders', '-p', 'target=sw1']), [
    ['netops', 'noc@example.com', 'down', ['lb-1'], ['haproxy:443']],
    ['web-team', 'web@example.com', 'down', ['web-1'], ['gunicorn:8080']],
    ['alice', 'alice@example.com', 'loses', ['client-1'], []],
    [null, null, 'loses', ['client-2'], []],
  ]);
});

test('dependencies and dependents honour depth and do not follow the stale lb → postgres edge', (t) => {
  t.deepEqual(rows(t, ['dependencies', '-p', 'target=lb-1']), [
    [1, 'host', 'web-1', 'web-1', 'lb-1/haproxy[100] → gunicorn:8080 → web-1/gunicorn[200]'],
    [1, 'host', 'web-2', 'web-2', 'lb-1/haproxy[100] → gunicorn:8080 → web-2/gunicorn[200]'],
    [1, 'service', 'gunicorn:8080', null, 'lb-1/haproxy[100] → gunicorn:8080'],
  ]);
  sameRows(t, rows(t, ['dependencies', '-p', 'target=lb-1', '-p', 'depth=6']), [
    [1, 'host', 'web-1', 'web-1', 'lb-1/haproxy[100] → gunicorn:8080 → web-1/gunicorn[200]'],
    [1, 'host', 'web-2', 'web-2', 'lb-1/haproxy[100] → gunicorn:8080 → web-2/gunicorn[200]'],
    [1, 'service', 'gunicorn:8080', null, 'lb-1/haproxy[100] → gunicorn:8080'],
    [2, 'external', '198.19.0.7:443/tcp', null, 'lb-1/haproxy[100] → gunicorn:8080 → web-1/gunicorn[200] → 198.19.0.7:443'],
    [2, 'host', 'db-1', 'db-1', 'lb-1/haproxy[100] → gunicorn:8080 → web-?/gunicorn[200] → postgres:5432 → db-1/postgres[300]'],
    [2, 'service', 'postgres:5432', null, 'lb-1/haproxy[100] → gunicorn:8080 → web-?/gunicorn[200] → postgres:5432'],
  ]);
  t.deepEqual(rows(t, ['dependencies', '-p', 'target=gunicorn:8080']).map((r) => r.slice(0, 4)), [
    [1, 'external', '198.19.0.7:443/tcp', null],
    [1, 'host', 'db-1', 'db-1'],
    [1, 'service', 'postgres:5432', null],
  ]);
  t.deepEqual(rows(t, ['dependencies', '-p', 'target=db-1', '-p', 'depth=8']), []);
  sameRows(t, rows(t, ['dependents', '-p', 'target=db-1']), [
    [1, 'host', 'web-1', 'web-1', 'db-1/postgres[300] ← postgres:5432 ← web-1/gunicorn[200]'],
    [1, 'host', 'web-2', 'web-2', 'db-1/postgres[300] ← postgres:5432 ← web-2/gunicorn[200]'],
    [1, 'service', 'gunicorn:8080', null, 'db-1/postgres[300] ← postgres:5432 ← web-2/gunicorn[200] ← gunicorn:8080'].map(tie),
  ].map((r) => r.map(tie)));
  t.deepEqual(
    rows(t, ['dependents', '-p', 'target=db-1', '-p', 'depth=2']).map((r) => r.slice(0, 4)),
    [
      [1, 'host', 'web-1', 'web-1'],
      [1, 'host', 'web-2', 'web-2'],
      [1, 'service', 'gunicorn:8080', null],
      [2, 'host', 'lb-1', 'lb-1'],
      [2, 'service', 'haproxy:443', null],
    ],
  );
  t.deepEqual(rows(t, ['dependents', '-p', 'target=haproxy:443', '-p', 'depth=8']).map((r) => r.slice(0, 4)), [
    [1, 'host', 'client-1', 'client-1'],
    [1, 'host', 'client-2', 'client-2'],
  ]);
});

test('unmonitored, allservices: listeners no monitor checks (a host check does not count), every service with providers and clients', (t) => {
  t.deepEqual(rows(t, ['unmonitored']), [
    ['db-1', 'sshd', 22, ['198.18.0.30:22/tcp'], ['sshd:22']],
    ['lb-1', 'haproxy', 100, ['198.18.0.10:443/tcp'], ['haproxy:443']],
    ['web-2', 'gunicorn', 200, ['198.18.0.22:8080/tcp'], ['gunicorn:8080']],
  ]);
  t.deepEqual(rows(t, ['allservices']), [
    ['gunicorn:8080', 'gunicorn:8080@cluster:web', 'tcp', 8080, ['web-1/gunicorn[200]', 'web-2/gunicorn[200]'], 1, true],
    ['haproxy:443', SERVICES[0].key, 'tcp', 443, ['lb-1/haproxy[100]'], 2, false],
    ['postgres:5432', SERVICES[2].key, 'tcp', 5432, ['db-1/postgres[300]'], 2, true],
    ['sshd:22', SERVICES[3].key, 'tcp', 22, ['db-1/sshd[22]'], 0, false],
  ]);
});

test('findip, findmac, unknownips: owned, ARP-only and connection-only addresses', (t) => {
  t.deepEqual(rows(t, ['findip', '-p', 'ip=198.18.0.30']), [['198.18.0.30', 'db-1', 'eth0', '02:00:5e:10:00:30', '198.18.0.0/24', 'sw2', 'Gi1/0/2', ['web-1'], false]]);
  t.deepEqual(rows(t, ['findip', '-p', 'ip=198.18.0.99']), [['198.18.0.99', null, null, null, null, null, null, ['web-1'], false]]);
  t.deepEqual(rows(t, ['findip', '-p', 'ip=198.18.9.9']), []);
  t.deepEqual(rows(t, ['findmac', '-p', 'mac=02:00:5E:10:00:22']), [['02:00:5e:10:00:22', 'web-2', 'eth0', ['198.18.0.22'], 'sw2', 'Gi1/0/1', []]]);
  t.deepEqual(rows(t, ['findmac', '-p', 'mac=02:00:5e:10:00:21']), [['02:00:5e:10:00:21', 'web-1', 'eth0', ['198.18.0.21'], 'sw1', 'ge-0/0/2', ['db-1']]]);
  t.deepEqual(rows(t, ['findmac', '-p', 'mac=02:00:5e:10:00:99']), [['02:00:5e:10:00:99', null, null, ['198.18.0.99'], null, null, ['web-1']]]);
  t.deepEqual(rows(t, ['unknownips']), [
    ['198.18.0.99', 'arp', ['web-1'], ['02:00:5e:10:00:99'], []],
    ['198.19.0.7', 'connection', ['web-1'], [], [443]],
  ]);
});

test('switchports, hostswitchports: the wiring both ways, an empty port included', (t) => {
  t.deepEqual(rows(t, ['switchports', '-p', 'switch=sw1']), [
    ['sw1', 'ge-0/0/1', 'lb uplink', [10], 'lb-1', 'eth0', '02:00:5e:10:00:10', ['198.18.0.10']],
    ['sw1', 'ge-0/0/2', 'web-1', [10], 'web-1', 'eth0', '02:00:5e:10:00:21', ['198.18.0.21']],
    ['sw1', 'ge-0/0/3', 'spare', [10], null, null, null, []],
  ]);
  t.deepEqual(rows(t, ['switchports', '-p', 'switch=02:00:5e:00:02:00']).map((r) => [r[1], r[4]]), [
    ['Gi1/0/1', 'web-2'],
    ['Gi1/0/2', 'db-1'],
  ]);
  t.deepEqual(rows(t, ['hostswitchports', '-p', 'host=web-2']), [['web-2', 'eth0', '02:00:5e:10:00:22', 'sw2', '02:00:5e:00:02:00', 'Gi1/0/1', 'web-2', [10, 20]]]);
  t.deepEqual(rows(t, ['hostswitchports', '-p', `host=${ID['client-1']}`]), [['client-1', 'eth0', '02:00:5e:10:00:41', null, null, null, null, null]]);
});

test('gone-processes: newest first, since and limit honoured', (t) => {
  t.deepEqual(rows(t, ['gone-processes', '-p', 'since=2026-01-01']), [
    ['2026-01-15T08:20:00Z', 'web-2', 'gunicorn', 150, '/usr/bin/gunicorn', '2026-01-15T08:00:00Z'],
    ['2026-01-13T08:00:00Z', 'lb-1', 'haproxy', 90, '/usr/sbin/haproxy', '2026-01-15T08:00:00Z'],
  ]);
  t.deepEqual(rows(t, ['gone-processes', '-p', 'since=2026-01-14']).map((r) => r[1]), ['web-2']);
  t.deepEqual(rows(t, ['gone-processes', '-p', 'since=2026-01-01', '-p', 'limit=1']).map((r) => r[1]), ['web-2']);
  t.deepEqual(rows(t, ['gone-processes']), [], 'the default window (1d) is long after the test graph');
});

test('every dependency query returns exactly its declared columns (the _ ones hidden)', (t) => {
  const defs = JSON.parse(ok(t, ['--list', '--json'])) as { name: string; columns: string[] }[];
  const params: Record<string, string[]> = {
    impact: ['-p', 'target=db-1'],
    stakeholders: ['-p', 'target=db-1'],
    dependencies: ['-p', 'target=lb-1'],
    dependents: ['-p', 'target=db-1'],
    findip: ['-p', 'ip=198.18.0.30'],
    findmac: ['-p', 'mac=02:00:5e:10:00:30'],
    switchports: ['-p', 'switch=sw1'],
    hostswitchports: ['-p', 'host=db-1'],
    'gone-processes': ['-p', 'since=0'],
  };
  for (const name of ['impact', 'spof', 'stakeholders', 'dependencies', 'dependents', 'unmonitored', 'findip', 'findmac', 'switchports', 'hostswitchports', 'unknownips', 'gone-processes', 'allservices']) {
    const columns = defs.find((d) => d.name === name)?.columns.filter((c) => !c.startsWith('_'));
    const out = JSON.parse(ok(t, [name, ...(params[name] ?? []), '--json'])) as Record<string, unknown>[];
    t.true(out.length > 0, name);
    for (const row of out) t.deepEqual(Object.keys(row), columns, name);
  }
});

test('--graph svg: the impact of a switch as a picture with the hosts, services and processes it breaks', (t) => {
  const file = join(dir, 'sw2.svg');
  t.is(ok(t, ['impact', '-p', 'target=sw2', '--graph', 'svg', '--out', file]), '');
  const svg = readFileSync(file, 'utf8').replace(/&#45;/g, '-');
  t.regex(svg, /^<\?xml/);
  t.regex(svg, /<svg /);
  for (const label of ['sw2', 'Gi1/0/2', 'db-1', 'web-2', 'web-1', 'lb-1', 'postgres:5432', 'gunicorn:8080', 'haproxy:443', 'db-1/postgres[300]', 'client-1/loadgen[400]']) {
    t.true(svg.includes(`>${label}</text>`), label);
  }
  t.regex(svg, />DEPENDS_ON<\/text>/);
  t.regex(svg, />PROVIDED_BY<\/text>/);
  t.regex(svg, />cma query impact target=sw2<\/text>/);
  const svgOut = ok(t, ['impact', '-p', 'target=sw2', '--graph', 'svg']);
  t.is(svgOut.replace(/&#45;/g, '-'), svg, 'stdout and --out carry the same drawing');
});

test('--graph dot: DOT text on stdout, one node per graph node and one edge per relationship', (t) => {
  const dot = ok(t, ['dependents', '-p', 'target=haproxy:443', '--graph', 'dot']);
  t.true(dot.startsWith('digraph ringwatch {\n'));
  t.true(dot.endsWith('}\n'));
  // The paths of dependents start at the provider process; a process whose host is not drawn is named by the
  // start of its host id.
  t.regex(dot, /label="10101010\/haproxy\[100\]\\nProcess"/);
  t.regex(dot, /label="haproxy:443\\nService"/);
  t.regex(dot, /label="41414141\/loadgen\[400\]\\nProcess"/);
  t.regex(dot, /label="42424242\/loadgen\[400\]\\nProcess"/);
  t.is((dot.match(/\[label="/g) ?? []).length, 4 + 3, 'four nodes and three edges');
  t.is((dot.match(/ -> .*label="DEPENDS_ON"/g) ?? []).length, 2);
  t.is((dot.match(/ -> .*label="PROVIDED_BY"/g) ?? []).length, 1);
});

test('--graph errors: no dot on PATH is one line and exit 1; --out without --graph and --graph with --json are usage errors', (t) => {
  t.is(
    fails(t, ['impact', '-p', 'target=sw2', '--graph', 'svg'], 1, { PATH: '/nonexistent' }),
    'error: --graph svg needs Graphviz: no `dot` on PATH (Debian: apt-get install graphviz; or use --graph dot)',
  );
  t.is(fails(t, ['impact', '-p', 'target=sw2', '--out', join(dir, 'x.svg')], 2), 'error: --out needs --graph dot|svg');
  t.is(fails(t, ['impact', '-p', 'target=sw2', '--graph', 'svg', '--json'], 2), 'error: --graph and --json are exclusive');
  t.is(fails(t, ['impact', '-p', 'target=sw2', '--graph', 'png'], 2), "error: --graph takes dot or svg, not 'png'");
});
