// The dependency derivation's scope (cma/store/cypher-derive.ts SCOPED_LISTENERS) on a real Neo4j 5.26: a batch
// re-derives only the replica groups of the listeners and connections it changed, not every provider of a name the
// fleet shares (sshd:22), and nothing for a report that changed nothing; and through seeded random churn (servers stopping and restarting, clients
// moving between replicas, so that clusters form, split, re-form and keep or lose their keys) the scoped
// derivation leaves after every batch exactly what the derivation over the whole graph leaves.
import test from 'ava';
import neo4j from 'neo4j-driver';
import type { DiscoveryFacts } from '../../cma/discovery/index.ts';
import type { Neo4jGraphStore, StoreBatch } from '../../cma/store/index.ts';
import { SeededRng } from '../../runtime/index.ts';
import { factsOf, hostN, inventory } from '../helpers/discovery-payloads.ts';
import { DERIVED_LINES, fullDerivationLines } from '../helpers/full-derivation.ts';
import { useTestNeo4j } from '../helpers/neo4j-server.ts';
import { withWipedStore } from '../helpers/wiped-store.ts';
import { hostRecord } from '../unit/cma/store-contract.ts';

const db = useTestNeo4j(test);
const STALE_MS = 500;

const batch = (patch: Partial<StoreBatch>): StoreBatch => ({ hosts: [], ringChanges: [], events: [], discovery: [], ...patch });
const proc = (pid: number, exe: string): object => ({ pid, startTimeTicks: pid * 10, name: exe.split('/').pop(), exe, cmdline: [exe], uid: 0 });
const ip = (n: number): string => `198.18.0.${n}`;

/** A server program: its executable, port, and the hosts that run it. */
interface Role {
  readonly exe: string;
  readonly port: number;
  readonly hosts: readonly number[];
}

const HOSTS = [1, 2, 3, 4, 5, 6, 7, 8];
const ROLES: readonly Role[] = [
  { exe: '/usr/sbin/sshd', port: 22, hosts: HOSTS },
  { exe: '/usr/lib/postgresql/16/bin/postgres', port: 5432, hosts: [5, 6, 7, 8] },
  { exe: '/usr/bin/redis-server', port: 6379, hosts: [3, 4, 5, 6, 7, 8] },
];

/** What one host runs now: per role, the pid of its server (0: stopped); per client process, the servers it uses. */
interface HostState {
  readonly servers: number[];
  readonly clients: { pid: number; targets: { host: number; port: number }[] }[];
}

function netstat(n: number, s: HostState): object {
  const processes: object[] = [];
  const listeners: object[] = [];
  ROLES.forEach((role, r) => {
    const pid = s.servers[r] ?? 0;
    if (!role.hosts.includes(n) || pid === 0) return;
    processes.push(proc(pid, role.exe));
    listeners.push({ proto: 'tcp', address: '0.0.0.0', port: role.port, pids: [pid] });
  });
  const connections: object[] = [];
  for (const c of s.clients) {
    processes.push(proc(c.pid, '/usr/bin/python3'));
    for (const t of c.targets) connections.push({ proto: 'tcp', localAddress: ip(n), remoteAddress: ip(t.host), remotePort: t.port, count: 1, pids: [c.pid] });
  }
  return { processes, listeners, connections };
}

/** A client's servers: most of one role's hosts (a pool over the replicas), sometimes one host of another. */
function pickTargets(rng: SeededRng, self: number): { host: number; port: number }[] {
  const role = ROLES[rng.int(ROLES.length)] ?? ROLES[0];
  if (role === undefined) return [];
  const targets = role.hosts.filter((h) => h !== self && rng.next() < 0.7).map((host) => ({ host, port: role.port }));
  if (rng.next() < 0.3) {
    const other = ROLES[rng.int(ROLES.length)];
    const host = other?.hosts[rng.int(other.hosts.length)];
    if (other !== undefined && host !== undefined && host !== self) targets.push({ host, port: other.port });
  }
  return targets;
}

function initialState(rng: SeededRng, n: number): HostState {
  return {
    servers: ROLES.map((_, r) => 1000 + r * 100),
    clients: n <= 4 ? [0, 1, 2].map((i) => ({ pid: 2000 + i, targets: pickTargets(rng, n) })) : [],
  };
}

/** One host's change: a server stops, starts or restarts (new pid), or a client moves to other servers. */
function churn(rng: SeededRng, n: number, s: HostState): void {
  const what = rng.next();
  if (what < 0.3 || s.clients.length === 0) {
    const r = rng.int(ROLES.length);
    const pid = s.servers[r] ?? 0;
    s.servers[r] = pid === 0 || rng.next() < 0.5 ? 1000 + r * 100 + rng.int(99) + 1 : 0;
  } else {
    const c = s.clients[rng.int(s.clients.length)];
    if (c !== undefined) c.targets = pickTargets(rng, n);
  }
}

const withStore = (body: (store: Neo4jGraphStore) => Promise<void>): Promise<void> => withWipedStore(db, STALE_MS, body);

test.serial("a batch re-derives what it changed: a restarted sshd:22 its own Service, not every host's; an unchanged report nothing", async (t) => {
  await withStore(async (store) => {
    const hosts = Array.from({ length: 12 }, (_, i) => i + 1);
    const sshd = (n: number, wallMs: number, pid = 10): DiscoveryFacts => factsOf(n, 'netstat', { processes: [proc(pid, '/usr/sbin/sshd')], listeners: [{ proto: 'tcp', address: '0.0.0.0', port: 22, pids: [pid] }], connections: [] }, wallMs);
    await store.apply(batch({ hosts: hosts.map((n) => hostRecord(n)), facts: [...hosts.map((n) => factsOf(n, 'inventory', inventory(n), 1_000)), ...hosts.map((n) => sshd(n, 1_000))] }));
    const derivedAt = async (): Promise<unknown[][]> =>
      (await db.query(`MATCH (s:Service {name: 'sshd:22'})-[b:PROVIDED_BY]->(p:Process)<-[:RUNS]-(h:Host) WHERE NOT p.gone RETURN h.hostId AS host, s.key AS key, b.derivedAtMs AS at ORDER BY host`)).map((r) => [
        r['host'],
        r['key'],
        Number(r['at']),
      ]);
    // host 1 restarts sshd (a new process): its Service is re-derived, no other host's
    await store.apply(batch({ facts: [sshd(1, 2_000, 11)] }));
    t.deepEqual(await derivedAt(), hosts.map((n) => [hostN(n), `sshd:22@${hostN(n)}`, n === 1 ? 2_000 : 1_000]));
    // host 2 reports the same again: nothing to re-derive
    await store.apply(batch({ facts: [sshd(2, 3_000)] }));
    t.deepEqual(await derivedAt(), hosts.map((n) => [hostN(n), `sshd:22@${hostN(n)}`, n === 1 ? 2_000 : 1_000]));
    // the marks of what a batch changed do not outlive its transaction
    const marks = await db.query(`CALL () { MATCH (p:Process) WHERE p.changed IS NOT NULL RETURN p AS x UNION MATCH ()-[r]->() WHERE r.changed IS NOT NULL RETURN r AS x } RETURN count(x) AS n`);
    t.is(Number(marks[0]?.['n']), 0);
  });
});

test.serial('a fleet-wide replica group behind the same scraper is re-derived only when a member or a connection to it changes', async (t) => {
  await withStore(async (store) => {
    const driver = neo4j.driver(db.uri, neo4j.auth.basic('neo4j', db.password));
    try {
      const hosts = Array.from({ length: 10 }, (_, i) => i + 1);
      const exporter = (n: number, wallMs: number, pid = 91): DiscoveryFacts =>
        factsOf(n, 'netstat', { processes: [proc(pid, '/usr/bin/node_exporter')], listeners: [{ proto: 'tcp', address: '0.0.0.0', port: 9100, pids: [pid] }], connections: [] }, wallMs);
      // host 1 runs the scraper: one connection to every other host's node_exporter
      const scraper = (wallMs: number, targets: readonly number[]): DiscoveryFacts =>
        factsOf(1, 'netstat', { processes: [proc(90, '/usr/bin/prometheus')], listeners: [], connections: targets.map((n) => ({ proto: 'tcp', localAddress: ip(1), remoteAddress: ip(n), remotePort: 9100, count: 1, pids: [90] })) }, wallMs);
      const members = hosts.slice(1);
      await store.apply(batch({ hosts: hosts.map((n) => hostRecord(n)), facts: [...hosts.map((n) => factsOf(n, 'inventory', inventory(n), 1_000)), ...members.map((n) => exporter(n, 1_000)), scraper(1_000, members)] }));
      const group = async (): Promise<string[]> =>
        (await db.query(`MATCH (s:Service {name: 'node_exporter:9100'})-[b:PROVIDED_BY]->(p:Process)<-[:RUNS]-(h:Host) WHERE NOT p.gone RETURN s.key + ' ' + h.hostId + ' ' + toString(b.derivedAtMs) AS line ORDER BY line`)).map((r) => r['line'] as string);
      const key = `node_exporter:9100@cluster:${hostN(2)}`;
      const derivedAt = (at: (n: number) => number): string[] => members.map((n) => `${key} ${hostN(n)} ${at(n)}`);
      t.deepEqual(await group(), derivedAt(() => 1_000));
      // a member reports the same again, and so does the scraper: the group is not re-derived
      await store.apply(batch({ facts: [exporter(5, 2_000), scraper(2_000, members)] }));
      t.deepEqual(await group(), derivedAt(() => 1_000));
      // a member restarts its node_exporter: the group it is in is re-derived, its key kept
      await store.apply(batch({ facts: [exporter(5, 3_000, 92)] }));
      t.deepEqual(await group(), derivedAt(() => 3_000));
      // the scraper stops scraping host 10: a changed connection re-derives the group; host 10 is a service of its own
      await store.apply(batch({ facts: [scraper(4_000, members.slice(0, -1))] }));
      t.deepEqual(await group(), [...members.slice(0, -1).map((n) => `${key} ${hostN(n)} 4000`), `node_exporter:9100@${hostN(10)} ${hostN(10)} 4000`].sort());
      t.deepEqual((await db.query(DERIVED_LINES)).map((r) => r['line'] as string), await fullDerivationLines(driver, 4_000, STALE_MS));
    } finally {
      await driver.close();
    }
  });
});

test.serial('a new replica group named after a host whose old group (out of the batch\'s scope) still has that name gets the next name, not the old group', async (t) => {
  await withStore(async (store) => {
    const driver = neo4j.driver(db.uri, neo4j.auth.basic('neo4j', db.password));
    try {
      const hosts = [1, 2, 3, 4, 5, 6];
      const pg = (n: number): DiscoveryFacts => factsOf(n, 'netstat', { processes: [proc(50, '/usr/lib/postgresql/16/bin/postgres')], listeners: [{ proto: 'tcp', address: '0.0.0.0', port: 5432, pids: [50] }], connections: [] }, 1_000);
      const client = (n: number, servers: readonly number[], wallMs: number): DiscoveryFacts =>
        factsOf(n, 'netstat', netstat(n, { servers: [0, 0, 0], clients: [{ pid: 200, targets: servers.map((host) => ({ host, port: 5432 })) }] }), wallMs);
      await store.apply(batch({ hosts: hosts.map((n) => hostRecord(n)), facts: [...hosts.map((n) => factsOf(n, 'inventory', inventory(n), 1_000)), ...[2, 3, 4, 5].map(pg), client(1, [2, 3, 4], 1_000)] }));
      const keys = async (): Promise<string[]> =>
        (await db.query(`MATCH (s:Service {name: 'postgres:5432'})-[:PROVIDED_BY]->(:Process)<-[:RUNS]-(h:Host) RETURN s.key + ' ' + h.hostId AS line ORDER BY line`)).map((r) => r['line'] as string);
      const cluster = `postgres:5432@cluster:${hostN(2)}`;
      t.deepEqual(await keys(), [`postgres:5432@${hostN(5)} ${hostN(5)}`, `${cluster} ${hostN(2)}`, `${cluster} ${hostN(3)}`, `${cluster} ${hostN(4)}`]);
      // host 1's client drops db 2: the group of 3 and 4 keeps its key (named after 2)
      await store.apply(batch({ facts: [client(1, [3, 4], 1_100)] }));
      // host 6's client joins 2 and 5 (a batch whose scope is 2 and 5 only): a new group, smallest host 2
      await store.apply(batch({ facts: [client(6, [2, 5], 1_200)] }));
      t.deepEqual(await keys(), [`${cluster} ${hostN(3)}`, `${cluster} ${hostN(4)}`, `${cluster}#2 ${hostN(2)}`, `${cluster}#2 ${hostN(5)}`]);
      t.deepEqual((await db.query(DERIVED_LINES)).map((r) => r['line'] as string), await fullDerivationLines(driver, 1_200, STALE_MS));
    } finally {
      await driver.close();
    }
  });
});

for (const seed of [1, 2, 3, 4]) {
  test.serial(`seeded churn ${seed}: after every one-host batch the scoped derivation leaves what the whole-graph derivation leaves`, async (t) => {
    await withStore(async (store) => {
      const driver = neo4j.driver(db.uri, neo4j.auth.basic('neo4j', db.password));
      try {
        const rng = new SeededRng(seed);
        const state = new Map(HOSTS.map((n) => [n, initialState(rng, n)]));
        const report = (n: number, wallMs: number): DiscoveryFacts => factsOf(n, 'netstat', netstat(n, state.get(n) ?? initialState(rng, n)), wallMs);
        await store.apply(batch({ hosts: HOSTS.map((n) => hostRecord(n)), facts: [...HOSTS.map((n) => factsOf(n, 'inventory', inventory(n), 1_000)), ...HOSTS.map((n) => report(n, 1_000))] }));
        const seen = new Set<string>();
        for (let step = 1; step <= 25; step++) {
          const wallMs = 1_000 + step * 150;
          const n = HOSTS[rng.int(HOSTS.length)] ?? 1;
          const s = state.get(n);
          if (s !== undefined) churn(rng, n, s);
          await store.apply(batch({ facts: [report(n, wallMs)] }));
          const scoped = (await db.query(DERIVED_LINES)).map((r) => r['line'] as string);
          t.deepEqual(scoped, await fullDerivationLines(driver, wallMs, STALE_MS), `seed ${seed}, step ${step} (host ${n})`);
          for (const l of scoped) if (l.startsWith('Service ') && l.includes('@cluster:')) seen.add(l.split(' ')[1] ?? '');
        }
        // the churn made replica groups (it tests something): at least one cluster service formed
        t.true(seen.size >= 1, [...seen].join(', '));
      } finally {
        await driver.close();
      }
    });
  });
}
