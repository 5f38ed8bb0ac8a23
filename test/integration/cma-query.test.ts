// `cma query` end to end: one embedded Neo4j 5.26 for the file, a known graph written with plain Cypher in the
// shape of docs/graph-model.md (test/helpers/query-graph.ts), and the built CLI run as a child process for every
// shipped query (exact table and --json rows) and every error exit.
import test from 'ava';
import neo4j from 'neo4j-driver';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Launch from '../../scripts/neo4j-launch.mjs';
import { ID, seedEvents, seedGraph, SUBNET_RING, SWITCH_RING, T0_MS } from '../helpers/query-graph.ts';

// The .mjs is not compiled into dist/: load it from the repository (dist/test/integration → ../../../scripts).
const launch = (await import(new URL('../../../scripts/neo4j-launch.mjs', import.meta.url).href)) as typeof Launch;

const PASSWORD = 'query-pass-1';
const dir = mkdtempSync(join(tmpdir(), 'ringwatch-cma-query-'));
/** The seeding time, on a whole second so that Neo4j's ISO text has no fraction. */
const recentBaseMs = Math.floor(Date.now() / 1000) * 1000;
let neo: Launch.Neo4jHandle | undefined;
let uri = '';

test.before(async (t) => {
  t.timeout(300_000); // the first run may build the launcher with Maven
  neo = await launch.startNeo4j({ dataDir: join(dir, 'neo4j'), password: PASSWORD });
  uri = neo.boltUri;
  await seedGraph(uri, neo4j.auth.basic('neo4j', PASSWORD), recentBaseMs);
});

test.after.always(async () => {
  await neo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `node dist/cma/cli.js query …args` against the test Neo4j; `env` overrides (undefined deletes). */
function cma(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}) {
  const childEnv: Record<string, string | undefined> = { ...process.env, RINGWATCH_NEO4J_URI: uri, RINGWATCH_NEO4J_PASSWORD: PASSWORD, RINGWATCH_NEO4J_USER: undefined, RINGWATCH_QUERIES_DIR: undefined, ...env };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) Reflect.deleteProperty(childEnv, k);
  const r = spawnSync(process.execPath, ['dist/cma/cli.js', 'query', ...args], { encoding: 'utf8', timeout: 60_000, env: childEnv });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a query that must succeed with nothing on stderr; returns stdout. */
function ok(t: { is: (a: unknown, b: unknown, m?: string) => void }, args: readonly string[]): string {
  const r = cma(args);
  t.is(r.status, 0, r.stderr);
  t.is(r.stderr, '');
  return r.stdout;
}

/** Runs a query that must fail: exactly one `error: …` line on stderr, nothing on stdout; returns that line. */
function fails(t: { is: (a: unknown, b: unknown, m?: string) => void }, args: readonly string[], exitCode: number, env: Readonly<Record<string, string | undefined>> = {}): string {
  const r = cma(args, env);
  t.is(r.status, exitCode, r.stderr);
  t.is(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  t.is(lines.length, 1, r.stderr);
  return lines[0] ?? '';
}

/** Every shipped query; the dependency queries have their own graph and test (cma-impact.test.ts). */
const ALL_QUERIES = 'allservices, dependencies, dependents, down, down-services, events-since, findip, findmac, gone-processes, hosts, hostswitchports, impact, nodecount, rings, spof, stakeholders, switchports, unknownips, unmonitored, watchers-of'.split(', ');
const RING_QUERIES = ['down', 'events-since', 'hosts', 'nodecount', 'rings', 'watchers-of'];
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const json = (text: string): unknown => JSON.parse(text);

test('hosts: every host with status, local ring, top-ring flag, first address and last seen, by hostname', (t) => {
  t.is(
    ok(t, ['hosts']),
    [
      'hostname  hostId                            status    ring                      top    address           lastSeen',
      'db-1      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  up        subnet:198.18.1.0/24      true   198.18.1.21:1984  2026-01-15T08:33:00Z',
      'db-2      bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb  up        subnet:198.18.1.0/24      false  198.18.1.22:1984  2026-01-15T08:34:00Z',
      'db-3      cccccccccccccccccccccccccccccccc  shutdown  -                         false  198.18.1.23:1984  2026-01-15T08:05:00Z',
      'web-1     11111111111111111111111111111111  up        switch:02:00:5e:00:0a:01  true   198.18.0.11:1984  2026-01-15T08:30:00Z',
      'web-2     22222222222222222222222222222222  up        switch:02:00:5e:00:0a:01  false  198.18.0.12:1984  2026-01-15T08:31:00Z',
      'web-3     33333333333333333333333333333333  up        switch:02:00:5e:00:0a:01  false  198.18.0.13:1984  2026-01-15T08:32:00Z',
      'web-4     44444444444444444444444444444444  dead      -                         false  198.18.0.14:1984  2026-01-15T08:09:00Z',
      '(7 rows)',
      '',
    ].join('\n'),
  );
  const rows = json(ok(t, ['hosts', '--json'])) as Record<string, unknown>[];
  t.is(rows.length, 7);
  t.deepEqual(rows[0], { hostname: 'db-1', hostId: ID['db-1'], status: 'up', ring: SUBNET_RING, top: true, address: '198.18.1.21:1984', lastSeen: '2026-01-15T08:33:00Z' });
  t.deepEqual(rows[6], { hostname: 'web-4', hostId: ID['web-4'], status: 'dead', ring: null, top: false, address: '198.18.0.14:1984', lastSeen: '2026-01-15T08:09:00Z' });
  t.deepEqual(
    rows.map((r) => [r.hostname, r.ring, r.top]),
    [
      ['db-1', SUBNET_RING, true],
      ['db-2', SUBNET_RING, false],
      ['db-3', null, false],
      ['web-1', SWITCH_RING, true],
      ['web-2', SWITCH_RING, false],
      ['web-3', SWITCH_RING, false],
      ['web-4', null, false],
    ],
  );
});

test('down: dead and shut-down hosts, most recent first, with the death reason', (t) => {
  t.is(
    ok(t, ['down']),
    [
      'hostname  hostId                            status    since                 reason',
      'web-4     44444444444444444444444444444444  dead      2026-01-15T08:10:00Z  reported dead by web-3 and web-1; no sign of life within 1500 ms',
      'db-3      cccccccccccccccccccccccccccccccc  shutdown  2026-01-15T08:05:00Z  -',
      '(2 rows)',
      '',
    ].join('\n'),
  );
  t.deepEqual(json(ok(t, ['down', '--json'])), [
    { hostname: 'web-4', hostId: ID['web-4'], status: 'dead', since: '2026-01-15T08:10:00Z', reason: 'reported dead by web-3 and web-1; no sign of life within 1500 ms' },
    { hostname: 'db-3', hostId: ID['db-3'], status: 'shutdown', since: '2026-01-15T08:05:00Z', reason: null },
  ]);
});

test('rings: members in position order, the top ring last', (t) => {
  t.is(
    ok(t, ['rings']),
    [
      'ring                      size  members',
      'subnet:198.18.1.0/24         2  db-1, db-2',
      'switch:02:00:5e:00:0a:01     3  web-1, web-2, web-3',
      'top                          2  web-1, db-1',
      '(3 rows)',
      '',
    ].join('\n'),
  );
  t.deepEqual(json(ok(t, ['rings', '--json'])), [
    { ring: SUBNET_RING, size: 2, members: ['db-1', 'db-2'] },
    { ring: SWITCH_RING, size: 3, members: ['web-1', 'web-2', 'web-3'] },
    { ring: 'top', size: 2, members: ['web-1', 'db-1'] },
  ]);
});

test('watchers-of: the ring neighbours and the top-ring peer, by hostname or host id alike', (t) => {
  const table = [
    'watched  watcher  watcherId                         status  ring',
    'web-1    web-2    22222222222222222222222222222222  up      switch:02:00:5e:00:0a:01',
    'web-1    web-3    33333333333333333333333333333333  up      switch:02:00:5e:00:0a:01',
    'web-1    db-1     aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  up      top',
    '(3 rows)',
    '',
  ].join('\n');
  t.is(ok(t, ['watchers-of', '--param', 'host=web-1']), table);
  t.is(ok(t, ['watchers-of', '-p', `host=${ID['web-1']}`]), table);
  t.deepEqual(json(ok(t, ['watchers-of', '-p', 'host=db-2', '--json'])), [{ watched: 'db-2', watcher: 'db-1', watcherId: ID['db-1'], status: 'up', ring: SUBNET_RING }]);
  t.is(ok(t, ['watchers-of', '-p', 'host=web-4']), 'watched  watcher  watcherId  status  ring\n(0 rows)\n');
  t.is(ok(t, ['watchers-of', '-p', 'host=nobody', '--json']), '[]\n');
});

test('nodecount: every label of the model with its count, zero included', (t) => {
  const counts: Record<string, number> = { Endpoint: 0, Event: 8, Host: 7, IPAddress: 1, Monitor: 0, NIC: 1, Process: 0, Ring: 3, Service: 0, Subnet: 0, Switch: 0, SwitchPort: 0 };
  t.is(
    ok(t, ['nodecount']),
    [
      'label       count',
      'Endpoint        0',
      'Event           8',
      'Host            7',
      'IPAddress       1',
      'Monitor         0',
      'NIC             1',
      'Process         0',
      'Ring            3',
      'Service         0',
      'Subnet          0',
      'Switch          0',
      'SwitchPort      0',
      '(12 rows)',
      '',
    ].join('\n'),
  );
  t.deepEqual(json(ok(t, ['nodecount', '--json'])), Object.entries(counts).map(([label, count]) => ({ label, count })));
});

test('events-since: an ISO time and the same instant in wall ms give the same rows, oldest first, limit caps them', (t) => {
  const since = T0_MS + 5 * 60_000;
  const [late, restart] = seedEvents(recentBaseMs).slice(6);
  const expected = [
    { time: '2026-01-15T08:05:00Z', type: 'host-shutdown', host: 'db-3', ring: SUBNET_RING, detail: '{}' },
    { time: '2026-01-15T08:09:00Z', type: 'report-dead', host: 'web-4', ring: SWITCH_RING, detail: '{"observer":"web-3"}' },
    { time: '2026-01-15T08:10:00Z', type: 'host-dead', host: 'web-4', ring: SWITCH_RING, detail: '{"observers":["web-3","web-1"]}' },
    { time: '2026-01-15T08:12:00Z', type: 'ring-unreachable', host: null, ring: SUBNET_RING, detail: '{"members":2}' },
    { time: iso(late?.wallMs ?? 0), type: 'report-late', host: 'web-2', ring: SWITCH_RING, detail: '{"observer":"web-1"}' },
    { time: iso(restart?.wallMs ?? 0), type: 'host-restart', host: 'web-2', ring: SWITCH_RING, detail: '{"sessionId":7}' },
  ];
  t.deepEqual(json(ok(t, ['events-since', '-p', 'since=2026-01-15T08:05:00Z', '--json'])), expected);
  t.deepEqual(json(ok(t, ['events-since', '-p', `since=${since}`, '--json'])), expected);
  t.deepEqual(json(ok(t, ['events-since', '-p', 'since=2026-01-15T08:05:00.001Z', '-p', 'limit=2', '--json'])), expected.slice(1, 3));
  t.is(
    ok(t, ['events-since', '-p', 'since=2026-01-15T08:05:00Z', '-p', 'limit=3']),
    [
      'time                  type           host   ring                      detail',
      '2026-01-15T08:05:00Z  host-shutdown  db-3   subnet:198.18.1.0/24      {}',
      '2026-01-15T08:09:00Z  report-dead    web-4  switch:02:00:5e:00:0a:01  {"observer":"web-3"}',
      '2026-01-15T08:10:00Z  host-dead      web-4  switch:02:00:5e:00:0a:01  {"observers":["web-3","web-1"]}',
      '(3 rows)',
      '',
    ].join('\n'),
  );
});

test('events-since: an age counts back from now (10m sees the restart 5 min ago, not the late report 20 min ago)', (t) => {
  const [late, restart] = seedEvents(recentBaseMs).slice(6);
  const rows = (ms: number | undefined, type: string, detail: string) => ({ time: iso(ms ?? 0), type, host: 'web-2', ring: SWITCH_RING, detail });
  t.deepEqual(json(ok(t, ['events-since', '-p', 'since=10m', '--json'])), [rows(restart?.wallMs, 'host-restart', '{"sessionId":7}')]);
  t.deepEqual(json(ok(t, ['events-since', '-p', 'since=1h', '--json'])), [rows(late?.wallMs, 'report-late', '{"observer":"web-1"}'), rows(restart?.wallMs, 'host-restart', '{"sessionId":7}')]);
  t.is(ok(t, ['events-since', '-p', 'since=1d', '-p', 'limit=0']), 'time  type  host  ring  detail\n(0 rows)\n');
});

test('--list names every shipped query with its description and parameters; --list --json carries the definitions', (t) => {
  const text = ok(t, ['--list']);
  t.deepEqual(
    text.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.split(/\s+/)[0]),
    ALL_QUERIES,
  );
  t.regex(text, /\n {19}--param since=<time> {2}Start of the window/);
  t.regex(text, /--param limit=<int> \(default 1000\)/);
  const defs = json(ok(t, ['--list', '--json'])) as { name: string; params: { name: string; type: string; required: boolean }[]; columns: string[] }[];
  t.deepEqual(
    defs.find((d) => d.name === 'watchers-of')?.params.map((p) => [p.name, p.type, p.required]),
    [['host', 'string', true]],
  );
  t.deepEqual(defs.find((d) => d.name === 'rings')?.columns, ['ring', 'size', 'members']);
});

test('every ring query returns exactly its declared columns, in order', (t) => {
  const defs = json(ok(t, ['--list', '--json'])) as { name: string; columns: string[] }[];
  const params: Record<string, string[]> = { 'watchers-of': ['-p', 'host=web-1'], 'events-since': ['-p', 'since=0'] };
  t.deepEqual(defs.map((d) => d.name), ALL_QUERIES);
  for (const d of defs.filter((def) => RING_QUERIES.includes(def.name))) {
    const rows = json(ok(t, [d.name, ...(params[d.name] ?? []), '--json'])) as Record<string, unknown>[];
    t.true(rows.length > 0, d.name);
    for (const row of rows) t.deepEqual(Object.keys(row), d.columns, d.name);
  }
});

test('usage errors print one line and exit 2: unknown query, unknown, missing, repeated or mistyped parameter, bad URI', (t) => {
  t.is(fails(t, ['nope'], 2), "error: unknown query 'nope' (known: allservices, dependencies, dependents, down, down-services, events-since, findip, findmac, gone-processes, hosts, hostswitchports, impact, nodecount, rings, spof, stakeholders, switchports, unknownips, unmonitored, watchers-of; cma query --list describes them)");
  t.is(fails(t, ['watchers-of'], 2), "error: query watchers-of: missing parameter 'host' (string: Hostname or host id of the watched host); pass --param host=…");
  t.is(fails(t, ['hosts', '-p', 'x=1'], 2), "error: query hosts: unknown parameter 'x' (it takes no parameters)");
  t.is(fails(t, ['watchers-of', '-p', 'hots=web-1'], 2), "error: query watchers-of: unknown parameter 'hots' (its parameters: host (string))");
  t.is(fails(t, ['watchers-of', '-p', 'host=a', '-p', 'host=b'], 2), "error: query watchers-of: parameter 'host' given twice");
  t.is(fails(t, ['watchers-of', '-p', 'web-1'], 2), "error: query watchers-of: --param 'web-1' is not name=value");
  t.is(
    fails(t, ['events-since', '-p', 'since=yesterday'], 2),
    "error: query events-since: parameter 'since' is time: expected wall ms, an ISO 8601 time (2026-11-23T13:00:00Z) or an age (90s, 10m, 2h, 7d), got 'yesterday'",
  );
  t.is(fails(t, ['events-since', '-p', 'since=1h', '-p', 'limit=ten'], 2), "error: query events-since: parameter 'limit' is int: expected an integer, got 'ten'");
  t.is(fails(t, [], 2), 'error: name a query to run (one of: allservices, dependencies, dependents, down, down-services, events-since, findip, findmac, gone-processes, hosts, hostswitchports, impact, nodecount, rings, spof, stakeholders, switchports, unknownips, unmonitored, watchers-of), or use --list');
  t.is(fails(t, ['hosts', '--list'], 2), 'error: --list takes no query name or --param');
  t.is(fails(t, ['hosts', '--neo4j-uri', 'http://127.0.0.1:7474'], 2), "error: --neo4j-uri 'http://127.0.0.1:7474' is not a Neo4j URI (bolt://host:port, neo4j://host:port, or their +s / +ssc forms)");
});

test('Neo4j unreachable: one line naming the URI and the socket error, exit 1', async (t) => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  t.is(fails(t, ['hosts', '--neo4j-uri', `bolt://127.0.0.1:${port}`], 1), `error: cannot reach Neo4j at bolt://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
});

test('auth: a wrong password and a missing one are refused with one line, exit 1; a password file works', (t) => {
  t.regex(fails(t, ['hosts'], 1, { RINGWATCH_NEO4J_PASSWORD: 'not-the-password' }), new RegExp(`^error: Neo4j at ${uri} refused user 'neo4j': .*unauthorized`, 'i'));
  t.regex(
    fails(t, ['hosts'], 1, { RINGWATCH_NEO4J_PASSWORD: undefined }),
    new RegExp(`^error: Neo4j at ${uri} refused user 'neo4j' \\(no password given: set RINGWATCH_NEO4J_PASSWORD or --neo4j-password-file\\): `),
  );
  const file = join(dir, 'password');
  writeFileSync(file, `${PASSWORD}\n`, { mode: 0o600 });
  const r = cma(['rings', '--json', '--neo4j-password-file', file], { RINGWATCH_NEO4J_PASSWORD: undefined });
  t.is(r.status, 0, r.stderr);
  t.is((json(r.stdout) as unknown[]).length, 3);
  t.is(fails(t, ['rings', '--neo4j-password-file', join(dir, 'absent')], 2), `error: cannot read --neo4j-password-file ${join(dir, 'absent')}: ENOENT: no such file or directory, open '${join(dir, 'absent')}'`);
});

test('--queries-dir: an operator query runs, replaces a shipped one of the same name, and cannot write', (t) => {
  const own = join(dir, 'own-queries');
  mkdirSync(own, { recursive: true });
  writeFileSync(join(own, 'hosts.cypher'), '// description: just the names\nMATCH (h:Host) RETURN h.hostname AS name ORDER BY name LIMIT 2\n// (a comment after the statement is fine)\n');
  writeFileSync(join(own, 'up-in.cypher'), '// description: up hosts of a ring\n// param: ring string  ring id\nMATCH (h:Host {status: "up"})-[:MEMBER_OF]->(:Ring {ringId: $ring}) RETURN h.hostname AS name ORDER BY name;\n');
  writeFileSync(join(own, 'wipe.cypher'), '// description: tries to write\nMATCH (h:Host) DETACH DELETE h RETURN count(*) AS deleted\n');
  const withDir = (args: string[]) => [...args, '--queries-dir', own];
  t.deepEqual(json(ok(t, withDir(['hosts', '--json']))), [{ name: 'db-1' }, { name: 'db-2' }]);
  t.deepEqual(json(ok(t, withDir(['up-in', '-p', `ring=${SUBNET_RING}`, '--json']))), [{ name: 'db-1' }, { name: 'db-2' }]);
  t.regex(fails(t, withDir(['wipe']), 1), /^error: Neo4j failed the query \(Neo\.ClientError\.Statement\.AccessMode\): Writing in read access mode not allowed/);
  t.is((json(ok(t, ['hosts', '--json'])) as unknown[]).length, 7, 'the shipped hosts query is back without --queries-dir, and nothing was deleted');
  writeFileSync(join(own, 'broken.cypher'), '// description: broken\n// param: x integer  a number\nRETURN $x AS x\n');
  t.is(fails(t, withDir(['hosts']), 2), `error: ${join(own, 'broken.cypher')}:2: param x: unknown type 'integer' (known: string, int, float, bool, time)`);
});
