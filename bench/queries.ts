// The named queries (cma/queries) on a large generated graph in a real embedded Neo4j: batched UNWIND loads of
// hosts, processes and DEPENDS_ON edges (load time reported), then every query's p50/p99 over runs with random
// targets, run the way `cma query` runs them (runReadQuery: a fresh driver and one read transaction per run).
// Run: npm run bench -- queries   (BENCH_QUERIES_HOSTS=20000 for a smaller graph; heap via NEO4J_JAVA_OPTS)
import neo4j from 'neo4j-driver';
import type { Driver } from 'neo4j-driver';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { translateDiscovery } from '../cma/discovery/index.ts';
import { bindParams, findQuery, loadQueries } from '../cma/queries/index.ts';
import { batchStatements, DEFAULT_DEPENDENCY_STALE_MS, runBatchWork, runReadQuery, type BatchStep, type StoreBatch } from '../cma/store/index.ts';
import { BACKFILL_CLIENTS, BACKFILL_PROVIDERS } from '../cma/store/cypher-derive.ts';
import { BACKFILL_HOST_SWITCHES } from '../cma/store/cypher-facts.ts';
import { FULL_DERIVATION } from '../test/helpers/full-derivation.ts';
import type * as Launch from '../scripts/neo4j-launch.mjs';
import { IMPACT_SCHEMA } from '../test/helpers/impact-graph.ts';
import type { BenchFigure } from './report.ts';

// The .mjs is not compiled into dist/: load it from the repository (dist/bench → ../../scripts).
const launch = (await import(new URL('../../scripts/neo4j-launch.mjs', import.meta.url).href)) as typeof Launch;

/** Scale of the run. */
export interface QueriesBenchInit {
  readonly hosts: number;
  /** Processes per host (the first one of each host is a server that provides its cluster's service). */
  readonly processesPerHost: number;
  /** DEPENDS_ON edges in all. */
  readonly dependsOn: number;
  /** Runs per query with a target (random each time); global queries run a fifth as often (at least 3). */
  readonly runs: number;
  /** Neo4j page cache (launcher --pagecache). */
  readonly pageCache: string;
}

export const FULL_INIT: QueriesBenchInit = { hosts: 100_000, processesPerHost: 10, dependsOn: 2_000_000, runs: 40, pageCache: '3g' };

/** The store's key constraints on Process and Endpoint (cma/store/neo4j-schema.ts), for the facts transaction. */
const STORE_KEYS = [
  'CREATE CONSTRAINT process_key_unique IF NOT EXISTS FOR (n:Process) REQUIRE n.key IS UNIQUE',
  'CREATE CONSTRAINT endpoint_key_unique IF NOT EXISTS FOR (n:Endpoint) REQUIRE n.key IS UNIQUE',
];

const HOSTS_PER_CLUSTER = 4;
const HOSTS_PER_SWITCH = 48;
const TIERS = 5;
const BATCH = 20_000;
/** Untimed runs of each case before its timed ones (not in the one-run smoke variant). */
const WARMUP_RUNS = 3;

/** mulberry32: a small seeded PRNG so that every run generates the same graph and targets. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex32 = (i: number): string => i.toString(16).padStart(32, '0');
const mac = (prefix: number, i: number): string => [2, prefix, (i >>> 24) & 255, (i >>> 16) & 255, (i >>> 8) & 255, i & 255].map((b) => b.toString(16).padStart(2, '0')).join(':');
/** Host i's address in 10.0.0.0/8 (bench data only, never on a wire). */
const ipOf = (i: number): string => `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
const switchOf = (i: number): number => Math.floor(i / HOSTS_PER_SWITCH);
const clusterOf = (i: number): number => Math.floor(i / HOSTS_PER_CLUSTER);
const tierOf = (cluster: number): number => cluster % TIERS;
const serviceKey = (c: number): string => `app${c}:8000@cluster:${c}`;

async function inBatches(driver: Driver, cypher: string, count: number, row: (i: number) => unknown, extra: Record<string, unknown> = {}): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    const rows: unknown[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) rows.push(row(i));
    await driver.executeQuery(cypher, { rows, ...extra });
  }
}

interface LoadFigures {
  readonly seconds: Record<string, number>;
  readonly counts: { readonly hosts: number; readonly processes: number; readonly dependsOn: number; readonly services: number; readonly switches: number; readonly unknownIps: number };
}

/** Generates and loads the graph; returns per-stage seconds and what was created. */
async function load(driver: Driver, init: QueriesBenchInit, nowMs: number): Promise<LoadFigures> {
  const { hosts, processesPerHost } = init;
  const clusters = Math.ceil(hosts / HOSTS_PER_CLUSTER);
  const switches = Math.ceil(hosts / HOSTS_PER_SWITCH);
  const random = rng(7);
  const seconds: Record<string, number> = {};
  const stage = async (name: string, fn: () => Promise<void>): Promise<void> => {
    const t0 = performance.now();
    await fn();
    seconds[name] = Math.round((performance.now() - t0) / 100) / 10;
    console.error(`bench queries: loaded ${name} in ${seconds[name]} s`);
  };
  const int = (n: number) => neo4j.int(n);
  await stage('schema', async () => {
    for (const s of IMPACT_SCHEMA) await driver.executeQuery(s);
    await driver.executeQuery('CALL db.awaitIndexes(600)');
  });
  await stage('hosts, NICs, IPs', () =>
    inBatches(
      driver,
      `UNWIND $rows AS row
       CREATE (h:Host {hostId: row.id, hostname: row.name, status: 'up', owner: row.owner, contact: row.owner + '@example.com', firstSeenMs: $now, lastSeenMs: $now})
       CREATE (n:NIC {mac: row.mac, name: 'eth0', mtu: 1500, hostId: row.id, gone: false})
       CREATE (i:IPAddress {ip: row.ip, family: 4, gone: false, firstSeenMs: $now, lastSeenMs: $now})
       CREATE (h)-[:HAS_NIC]->(n), (n)-[:HAS_IP {prefixLength: 8}]->(i)`,
      hosts,
      (i) => ({ id: hex32(i + 1), name: `h${i}`, owner: `team-${clusterOf(i) % 50}`, mac: mac(0x10, i), ip: ipOf(i) }),
      { now: int(nowMs) },
    ),
  );
  await stage('switches, ports, wiring', async () => {
    await inBatches(driver, `UNWIND $rows AS row CREATE (:Switch {chassisId: row.id, name: row.name, chassisIdSubtype: 'mac', protocol: 'lldp'})`, switches, (s) => ({ id: mac(0x20, s), name: `sw${s}` }));
    await inBatches(
      driver,
      `UNWIND $rows AS row
       MATCH (s:Switch {chassisId: row.sw}), (n:NIC {mac: row.mac})
       CREATE (p:SwitchPort {chassisId: row.sw, portId: row.port, description: row.port, vlans: [10], pvid: 10})
       CREATE (s)-[:HAS_PORT]->(p), (n)-[:WIRED_TO {protocol: 'lldp'}]->(p)`,
      hosts,
      (i) => ({ sw: mac(0x20, switchOf(i)), mac: mac(0x10, i), port: `ge-0/0/${(i % HOSTS_PER_SWITCH) + 1}` }),
    );
  });
  await stage('Host.switches', async () => {
    await driver.executeQuery(BACKFILL_HOST_SWITCHES);
  });
  const processes = hosts * processesPerHost;
  const goneEvery = 100; // 1 % of the non-server processes are gone
  await stage('processes', () =>
    inBatches(
      driver,
      `UNWIND $rows AS row
       MATCH (h:Host {hostId: row.host})
       CREATE (h)-[:RUNS]->(:Process {hostId: row.host, pid: row.pid, startTime: row.pid, name: row.name, exe: '/usr/bin/' + row.name,
                                      user: 'svc', firstSeenMs: $now, lastSeenMs: $now, gone: row.gone, goneAtMs: row.goneAt})`,
      processes,
      (k) => {
        const i = Math.floor(k / processesPerHost);
        const j = k % processesPerHost;
        const gone = j > 0 && k % goneEvery === 1;
        return { host: hex32(i + 1), pid: int(1000 + j), name: j === 0 ? `app${clusterOf(i)}` : `worker${j}`, gone, goneAt: gone ? int(nowMs - (k % 86_400_000)) : null };
      },
      { now: int(nowMs) },
    ),
  );
  await stage('services, listeners, monitors', async () => {
    await inBatches(driver, `UNWIND $rows AS row CREATE (:Service {key: row.key, name: row.name, port: 8000, proto: 'tcp', exe: '/usr/bin/' + row.name, owner: row.owner})`, clusters, (c) => ({
      key: serviceKey(c),
      name: `app${c}:8000`,
      owner: `team-${c % 50}`,
    }));
    await inBatches(
      driver,
      `UNWIND $rows AS row
       MATCH (p:Process {hostId: row.host, pid: 1000, startTime: 1000}), (s:Service {key: row.key})
       CREATE (s)-[:PROVIDED_BY]->(p)
       CREATE (p)-[:LISTENS_ON {gone: false}]->(:Endpoint {ip: row.ip, port: 8000, proto: 'tcp', external: false})
       FOREACH (_ IN CASE WHEN row.monitored THEN [1] ELSE [] END | CREATE (:Monitor {id: row.host, kind: 'tcp', target: row.ip + ':8000', state: 'ok'})-[:CHECKS]->(p))`,
      hosts,
      (i) => ({ host: hex32(i + 1), key: serviceKey(clusterOf(i)), ip: ipOf(i), monitored: clusterOf(i) % 2 === 0 }),
    );
  });
  // DEPENDS_ON: each server of tier t < 4 uses one service of tier t + 1 (the chains impact follows); the other
  // processes use services of their own tier or deeper, round robin until the total is reached.
  /** A random service (cluster) of `tier`. */
  const pickService = (tier: number): number => {
    const c = Math.floor(random() * clusters);
    const aligned = c - tierOf(c) + tier;
    return aligned < clusters ? aligned : aligned - TIERS;
  };
  const servers: { host: number; to: number }[] = [];
  for (let i = 0; i < hosts; i++) {
    const tier = tierOf(clusterOf(i));
    if (tier < TIERS - 1) servers.push({ host: i, to: pickService(tier + 1) });
  }
  const clientEdges = Math.max(0, init.dependsOn - servers.length);
  const nonServers = hosts * (processesPerHost - 1);
  await stage('DEPENDS_ON', async () => {
    const cypher = `UNWIND $rows AS row
       MATCH (p:Process {hostId: row.host, pid: row.pid, startTime: row.pid}), (s:Service {key: row.key})
       CREATE (p)-[:DEPENDS_ON {firstSeenMs: $now, lastSeenMs: $now, stale: row.stale}]->(s)`;
    await inBatches(driver, cypher, servers.length, (k) => {
      const s = servers[k] ?? { host: 0, to: 0 };
      return { host: hex32(s.host + 1), pid: int(1000), key: serviceKey(s.to), stale: false };
    }, { now: int(nowMs) });
    await inBatches(driver, cypher, clientEdges, (k) => {
      const p = k % nonServers;
      const i = Math.floor(p / (processesPerHost - 1));
      return { host: hex32(i + 1), pid: int(1001 + (p % (processesPerHost - 1))), key: serviceKey(pickService(tierOf(clusterOf(i)) + Math.floor(random() * (TIERS - tierOf(clusterOf(i)))))), stale: k % 50 === 0 };
    }, { now: int(nowMs) });
  });
  await stage('Service.clients', async () => {
    await driver.executeQuery(BACKFILL_CLIENTS);
  });
  await stage('Service providers', async () => {
    await driver.executeQuery(BACKFILL_PROVIDERS);
  });
  const unknown = Math.max(10, Math.floor(hosts / 10));
  await stage('ARP and external connections', async () => {
    await inBatches(
      driver,
      `UNWIND $rows AS row
       MATCH (h:Host {hostId: row.host})
       MERGE (i:IPAddress {ip: row.ip}) ON CREATE SET i.family = 4, i.gone = false
       CREATE (h)-[:SEES {mac: row.mac, source: 'arp', lastSeenMs: $now}]->(i)`,
      unknown,
      (k) => ({ host: hex32(Math.floor(random() * hosts) + 1), ip: `172.16.${(k >>> 8) & 255}.${k & 255}`, mac: mac(0x30, k) }),
      { now: int(nowMs) },
    );
    await inBatches(
      driver,
      `UNWIND $rows AS row
       MATCH (p:Process {hostId: row.host, pid: row.pid, startTime: row.pid})
       MERGE (e:Endpoint {ip: row.ip, port: 443, proto: 'tcp'}) ON CREATE SET e.external = true
       CREATE (p)-[:CONNECTS_TO {gone: false}]->(e)`,
      unknown,
      (k) => ({ host: hex32(Math.floor(random() * hosts) + 1), pid: int(1001 + (k % (processesPerHost - 1))), ip: `192.0.2.${k % 250}` }),
    );
  });
  return {
    seconds,
    counts: { hosts, processes, dependsOn: servers.length + clientEdges, services: clusters, switches, unknownIps: unknown },
  };
}

/**
 * sshd on port 22 on every host, as the store writes it (keyed Process and Endpoint, a per-host Service
 * `sshd:22@<hostId>` PROVIDED_BY it: nobody's client is shared): the name every host of a real fleet listens on,
 * which a facts transaction's derivation must not re-derive fleet-wide. Added once to a graph that lacks it (a
 * graph kept by an older version of this bench too).
 */
async function addFleetWideSshd(driver: Driver, hosts: number): Promise<void> {
  const have = (await driver.executeQuery(`MATCH (s:Service) WHERE s.key STARTS WITH 'sshd:22@' RETURN count(s) AS n`)).records[0]?.get('n') as { toNumber(): number } | undefined;
  if ((have?.toNumber() ?? 0) >= hosts) return;
  const t0 = performance.now();
  await inBatches(
    driver,
    `UNWIND $rows AS row
     MATCH (h:Host {hostId: row.host})
     MERGE (p:Process {key: row.pkey}) ON CREATE SET p.hostId = row.host, p.pid = 22, p.startTime = 22, p.name = 'sshd', p.exe = '/usr/sbin/sshd', p.user = 'root', p.gone = false
     MERGE (h)-[:RUNS]->(p)
     MERGE (e:Endpoint {key: row.ekey}) ON CREATE SET e.ip = row.ip, e.port = 22, e.proto = 'tcp', e.external = false
     MERGE (p)-[:LISTENS_ON {gone: false}]->(e)
     MERGE (s:Service {key: 'sshd:22@' + row.host}) ON CREATE SET s.name = 'sshd:22', s.port = 22, s.proto = 'tcp', s.exe = 'sshd', s.clients = 0,
       s.providerHosts = 1, s.providerHostId = row.host
     MERGE (s)-[:PROVIDED_BY {derivedAtMs: 0}]->(p)`,
    hosts,
    (i) => ({ host: hex32(i + 1), pkey: JSON.stringify([hex32(i + 1), 22, 22]), ekey: JSON.stringify([ipOf(i), 22, 'tcp']), ip: ipOf(i) }),
  );
  console.error(`bench queries: added sshd:22 on every host in ${Math.round(performance.now() - t0) / 1000} s`);
}

/** Hosts running the scrapers of the fleet-wide monitored service (addFleetWideScraped). */
const SCRAPERS = [0, 1];

/**
 * node_exporter on port 9100 on every host, scraped by Prometheus on two hosts (a live connection from each to every
 * node_exporter), as the store derives it: ONE replica group, `node_exporter:9100@cluster:<smallest hostId>`
 * PROVIDED_BY every host's node_exporter, both Prometheus processes DEPENDS_ON it. The fleet-wide group a facts
 * transaction must not re-derive when the report changed nothing of it. Added once to a graph that lacks it.
 */
async function addFleetWideScraped(driver: Driver, hosts: number): Promise<void> {
  const have = (await driver.executeQuery(`MATCH (s:Service {name: 'node_exporter:9100'})-[:PROVIDED_BY]->(p) RETURN count(p) AS n`)).records[0]?.get('n') as { toNumber(): number } | undefined;
  if ((have?.toNumber() ?? 0) >= hosts) return;
  const t0 = performance.now();
  const key = `node_exporter:9100@cluster:${hex32(1)}`;
  await driver.executeQuery(
    `MERGE (s:Service {key: $key}) ON CREATE SET s.name = 'node_exporter:9100', s.port = 9100, s.proto = 'tcp', s.exe = 'node_exporter', s.clients = size($scrapers)
     WITH s UNWIND $scrapers AS i
     MATCH (h:Host {hostId: i.host})
     MERGE (p:Process {key: i.pkey}) ON CREATE SET p.hostId = i.host, p.pid = 9090, p.startTime = 9090, p.name = 'prometheus', p.exe = '/usr/bin/prometheus', p.user = 'prometheus', p.gone = false
     MERGE (h)-[:RUNS]->(p)
     MERGE (p)-[:DEPENDS_ON {firstSeenMs: 0, lastSeenMs: 0, stale: false}]->(s)`,
    { key, scrapers: SCRAPERS.map((i) => ({ host: hex32(i + 1), pkey: JSON.stringify([hex32(i + 1), 9090, 9090]) })) },
  );
  await inBatches(
    driver,
    `UNWIND $rows AS row
     MATCH (h:Host {hostId: row.host}), (s:Service {key: $key})
     MERGE (p:Process {key: row.pkey}) ON CREATE SET p.hostId = row.host, p.pid = 9100, p.startTime = 9100, p.name = 'node_exporter', p.exe = '/usr/bin/node_exporter', p.user = 'prometheus', p.gone = false
     MERGE (h)-[:RUNS]->(p)
     MERGE (e:Endpoint {key: row.ekey}) ON CREATE SET e.ip = row.ip, e.port = 9100, e.proto = 'tcp', e.external = false
     MERGE (p)-[:LISTENS_ON {gone: false}]->(e)
     MERGE (s)-[:PROVIDED_BY {derivedAtMs: 0}]->(p)
     WITH e UNWIND $scrapers AS scraper
     MATCH (c:Process {key: scraper})
     MERGE (c)-[:CONNECTS_TO {gone: false}]->(e)`,
    hosts,
    (i) => ({ host: hex32(i + 1), pkey: JSON.stringify([hex32(i + 1), 9100, 9100]), ekey: JSON.stringify([ipOf(i), 9100, 'tcp']), ip: ipOf(i) }),
    { key, scrapers: SCRAPERS.map((i) => JSON.stringify([hex32(i + 1), 9090, 9090])) },
  );
  console.error(`bench queries: added node_exporter:9100 on every host, scraped by ${SCRAPERS.length} Prometheus, in ${Math.round(performance.now() - t0) / 1000} s`);
}

/**
 * One facts transaction as the CMA's store writes it (Neo4jGraphStore.apply's statements): a netstat report of host
 * `i` (its app listening on 8000, connected to a service of the next tier; sshd on 22, as every host), timed, then rolled back so the graph
 * stays as loaded. `whole` replaces the scoped derivation with the whole-graph one it replaced (FULL_DERIVATION);
 * `restarted`: the report's node_exporter is a new process (a restart), so its fleet-wide replica group is re-derived.
 */
async function factsTransactionMs(driver: Driver, hosts: number, i: number, wallMs: number, whole: boolean, restarted = false): Promise<number> {
  const exporterPid = restarted ? 9101 : 9100;
  const next = (i + HOSTS_PER_CLUSTER * 7) % hosts;
  const payload = {
    processes: [
      { pid: 1000, startTimeTicks: 1000, name: `app${clusterOf(i)}`, exe: `/usr/bin/app${clusterOf(i)}`, cmdline: ['app'], uid: 1000 },
      { pid: 22, startTimeTicks: 22, name: 'sshd', exe: '/usr/sbin/sshd', cmdline: ['sshd'], uid: 0 },
      { pid: exporterPid, startTimeTicks: exporterPid, name: 'node_exporter', exe: '/usr/bin/node_exporter', cmdline: ['node_exporter'], uid: 999 },
    ],
    listeners: [
      { proto: 'tcp', address: ipOf(i), port: 8000, pids: [1000] },
      { proto: 'tcp', address: ipOf(i), port: 22, pids: [22] },
      { proto: 'tcp', address: ipOf(i), port: 9100, pids: [exporterPid] },
    ],
    connections: [{ proto: 'tcp', localAddress: ipOf(i), remoteAddress: ipOf(next), remotePort: 8000, count: 2, pids: [1000] }],
  };
  // The loader's nodes carry their key parts only: give the ones this report names their store `key` (committed,
  // harmless) so that the report MERGEs onto them as it would in a store-written graph.
  await driver.executeQuery(`MATCH (p:Process {hostId: $host, pid: 1000, startTime: 1000}) SET p.key = $key`, { host: hex32(i + 1), key: JSON.stringify([hex32(i + 1), 1000, 1000]) });
  await driver.executeQuery(`UNWIND $ips AS ip MATCH (e:Endpoint {ip: ip, port: 8000, proto: 'tcp'}) SET e.key = '["' + ip + '",8000,"tcp"]'`, { ips: [ipOf(i), ipOf(next)] });
  const facts = translateDiscovery('netstat', payload, { hostId: hex32(i + 1), addresses: [ipOf(i)] }, wallMs);
  if (facts === undefined) throw new Error('no netstat facts');
  const batch: StoreBatch = { hosts: [], ringChanges: [], events: [], discovery: [], facts: [facts] };
  const statements = batchStatements(batch, DEFAULT_DEPENDENCY_STALE_MS).filter(([, rows]) => rows.length > 0);
  const work = whole
    ? [...statements.filter(([q]) => typeof q === 'string' && !/UNWIND \$rows AS run\b/.test(q)), ...FULL_DERIVATION.map((q): BatchStep => [q, [{ now: neo4j.int(wallMs), staleAfterMs: neo4j.int(DEFAULT_DEPENDENCY_STALE_MS) }]])]
    : statements;
  const session = driver.session();
  const tx = session.beginTransaction();
  try {
    const t0 = performance.now();
    await runBatchWork(tx, work);
    return performance.now() - t0;
  } finally {
    await tx.rollback();
    await session.close();
  }
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/** Runs the benchmark (starts and stops its own Neo4j) and returns its figures and notes. */
export async function runQueriesBench(init: QueriesBenchInit = FULL_INIT, keepDir?: string): Promise<{ figures: BenchFigure[]; notes: string }> {
  const loadAtStart = loadavg().map((x) => x.toFixed(1)).join(' ');
  // keepDir (BENCH_QUERIES_DIR): keep the loaded database there and reuse it on the next run of the same size.
  const dir = keepDir ?? mkdtempSync(join(tmpdir(), 'ringwatch-bench-queries-'));
  mkdirSync(dir, { recursive: true });
  const loadedFile = join(dir, 'loaded.json');
  const sameSize = (doc: { init?: QueriesBenchInit }): boolean => doc.init?.hosts === init.hosts && doc.init.dependsOn === init.dependsOn && doc.init.processesPerHost === init.processesPerHost;
  process.env.NEO4J_JAVA_OPTS ??= '-Xmx3g';
  // Neo4j must not outlive the bench, also when the bench is interrupted or fails: kill it on every way out.
  let neoPid = -1;
  const killNeo = (): void => {
    if (neoPid > 0) {
      try {
        process.kill(neoPid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    killNeo();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', killNeo);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  const neo = await launch.startNeo4j({ dataDir: join(dir, 'neo4j'), pagecache: init.pageCache, readyTimeoutMs: 300_000, onSpawn: (pid) => (neoPid = pid) });
  const driver = neo4j.driver(neo.boltUri);
  const connection = { uri: neo.boltUri, user: 'neo4j', password: undefined };
  try {
    const previous = existsSync(loadedFile) ? (JSON.parse(readFileSync(loadedFile, 'utf8')) as { init?: QueriesBenchInit; loaded: LoadFigures; loadSeconds: number }) : undefined;
    let loaded: LoadFigures;
    let loadSeconds: number;
    if (previous !== undefined && sameSize(previous)) {
      ({ loaded, loadSeconds } = previous);
      console.error(`bench queries: reusing the graph loaded in ${dir} (${loadSeconds} s then)`);
    } else {
      const t0 = performance.now();
      loaded = await load(driver, init, Date.now());
      loadSeconds = Math.round((performance.now() - t0) / 100) / 10;
      if (keepDir !== undefined) writeFileSync(loadedFile, JSON.stringify({ init, loaded, loadSeconds }));
    }
    // A graph loaded by an older version of this bench: the schema, Service.clients, Host.switches and the Services'
    // provider properties it may lack (the CMA's start backfills them the same way); and the store's
    // key constraints the facts transaction MERGEs on (the loader's nodes have no key: the constraint allows that).
    for (const statement of [...IMPACT_SCHEMA, ...STORE_KEYS]) await driver.executeQuery(statement);
    await driver.executeQuery('CALL db.awaitIndexes(1200)');
    await addFleetWideSshd(driver, init.hosts);
    await addFleetWideScraped(driver, init.hosts);
    await driver.executeQuery(BACKFILL_CLIENTS);
    await driver.executeQuery(BACKFILL_HOST_SWITCHES);
    await driver.executeQuery(BACKFILL_PROVIDERS);
    // Steady state, as in a CMA's Neo4j that has served for a while: the page cache holds the graph (it fits), so every
    // node and relationship is read once with its properties before any query is timed.
    const warm0 = performance.now();
    await driver.executeQuery('MATCH (n) RETURN count(properties(n)) AS n');
    await driver.executeQuery('MATCH ()-[r]->() RETURN count(properties(r)) AS n');
    const warmSeconds = Math.round((performance.now() - warm0) / 100) / 10;
    console.error(`bench queries: page cache warmed in ${warmSeconds} s`);
    const catalogue = await loadQueries();
    const random = rng(11);
    // Warm-up runs draw their targets from a generator of their own: the timed runs' targets do not depend on them.
    const warmRandom = rng(13);
    let warming = false;
    const pick = (n: number): number => Math.floor((warming ? warmRandom : random)() * n);
    const hostName = (): string => `h${pick(init.hosts)}`;
    const switches = Math.ceil(init.hosts / HOSTS_PER_SWITCH);
    const clusters = Math.ceil(init.hosts / HOSTS_PER_CLUSTER);
    /** Query name (and a label) → parameters for one run; null = a global query. */
    const cases: { name: string; label: string; params: (() => string[]) | null }[] = [
      { name: 'impact', label: 'impact host', params: () => [`target=${hostName()}`, 'kind=host'] },
      { name: 'impact', label: 'impact host (kind auto)', params: () => [`target=${hostName()}`] },
      { name: 'impact', label: 'impact service', params: () => [`target=app${pick(clusters)}:8000`, 'kind=service'] },
      { name: 'impact', label: 'impact switch', params: () => [`target=sw${pick(switches)}`, 'kind=switch'] },
      { name: 'impact', label: 'impact switch port', params: () => { const i = pick(init.hosts); return [`target=sw${switchOf(i)}/ge-0/0/${(i % HOSTS_PER_SWITCH) + 1}`, 'kind=port']; } },
      { name: 'impact', label: 'impact ip', params: () => [`target=${ipOf(pick(init.hosts))}`, 'kind=ip'] },
      { name: 'spof', label: 'spof', params: null },
      { name: 'stakeholders', label: 'stakeholders host', params: () => [`target=${hostName()}`, 'kind=host'] },
      { name: 'dependencies', label: 'dependencies host depth 3', params: () => [`target=${hostName()}`, 'depth=3'] },
      { name: 'dependents', label: 'dependents host depth 3', params: () => [`target=${hostName()}`, 'depth=3'] },
      { name: 'findip', label: 'findip', params: () => [`ip=${ipOf(pick(init.hosts))}`] },
      { name: 'findmac', label: 'findmac', params: () => [`mac=${mac(0x10, pick(init.hosts))}`] },
      { name: 'switchports', label: 'switchports', params: () => [`switch=sw${pick(switches)}`] },
      { name: 'hostswitchports', label: 'hostswitchports', params: () => [`host=${hostName()}`] },
      { name: 'gone-processes', label: 'gone-processes since 1h', params: () => ['since=1h'] },
      { name: 'unknownips', label: 'unknownips', params: null },
      { name: 'unmonitored', label: 'unmonitored', params: null },
      { name: 'allservices', label: 'allservices', params: null },
      { name: 'nodecount', label: 'nodecount', params: null },
      { name: 'hosts', label: 'hosts', params: null },
    ];
    // BENCH_QUERIES_CASES: only the cases whose label starts with one of these (comma-separated; empty: load only).
    const only = process.env.BENCH_QUERIES_CASES?.split(',').map((x) => x.trim());
    const chosen = only === undefined ? cases : cases.filter((c) => only.some((o) => o !== '' && c.label.startsWith(o)));
    const figures: BenchFigure[] = [];
    const scale = `${init.hosts / 1000}k hosts`;
    for (const c of chosen) {
      const query = findQuery(catalogue, c.name);
      const runs = c.params === null ? Math.max(Math.min(3, init.runs), Math.floor(init.runs / 5)) : init.runs;
      // One run (the smoke run): no warm-up either; else WARMUP_RUNS with other targets (plan cache, JIT).
      const first = init.runs === 1 ? 0 : -WARMUP_RUNS;
      const once = async (warmUp: boolean): Promise<{ ms: number; rows: number }> => {
        warming = warmUp;
        const params = bindParams(query, c.params === null ? [] : c.params(), Date.now());
        warming = false;
        const start = performance.now();
        const result = await runReadQuery(connection, query.cypher, params);
        return { ms: performance.now() - start, rows: result.rows.length };
      };
      const times: number[] = [];
      const rows: number[] = [];
      const errors: string[] = [];
      // Every run counts: a run that fails (e.g. Neo4j's transaction memory limit) is recorded, not retried.
      for (let r = first; r < runs; r++) {
        try {
          const { ms, rows: n } = await once(r < 0);
          if (r < 0) continue; // warm-up
          times.push(ms);
          rows.push(n);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          errors.push(message);
          console.error(`bench queries: ${c.label} run ${r + 1} failed: ${message.slice(0, 160)}`);
        }
      }
      if (times.length === 0) {
        figures.push({ name: `${c.label} FAILED, ${scale}`, value: -1, unit: 'ms', extra: { runs, failed: errors.length, error: errors[0] } });
        continue;
      }
      times.sort((a, b) => a - b);
      rows.sort((a, b) => a - b);
      const round = (ms: number): number => Math.round(ms * 10) / 10;
      const targeted = c.name === 'impact' || c.name === 'spof';
      const extra = { runs, failedRuns: errors.length, ...(errors.length > 0 ? { firstError: errors[0]?.slice(0, 200) } : {}), p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)), maxMs: round(times[times.length - 1] ?? 0), medianRows: percentile(rows, 50), maxRows: rows[rows.length - 1] ?? 0 };
      console.error(`bench queries: ${c.label}: p50 ${extra.p50Ms} ms, p99 ${extra.p99Ms} ms, rows median ${extra.medianRows} max ${extra.maxRows}`);
      figures.push({ name: `${c.label} p50, ${scale}`, value: extra.p50Ms, unit: 'ms', extra });
      figures.push({ name: `${c.label} p99${errors.length > 0 ? ` of the successful runs (${errors.length} of ${runs + 1} failed)` : ''}, ${scale}`, value: extra.p99Ms, unit: 'ms', ...(targeted ? { target: { op: '<=' as const, value: 1000 } } : {}) });
    }
    // A facts transaction (one host's netstat) with the scoped derivation and with the whole-graph one, rolled back.
    if (only === undefined || only.includes('facts')) {
      const loadedAt = (await driver.executeQuery('MATCH (h:Host {hostId: $id}) RETURN h.lastSeenMs AS t', { id: hex32(1) })).records[0]?.get('t') as { toNumber(): number } | undefined;
      const wallMs = (loadedAt?.toNumber() ?? Date.now()) + 1_000;
      for (const mode of ['scoped', 'restarted', 'whole'] as const) {
        const whole = mode === 'whole';
        const times: number[] = [];
        const n = whole ? Math.max(Math.min(2, init.runs), Math.floor(init.runs / 10)) : init.runs;
        const label = whole
          ? 'facts transaction, whole-graph derivation (before)'
          : mode === 'restarted'
            ? 'facts transaction, scoped derivation, node_exporter restarted (its fleet-wide group re-derived)'
            : 'facts transaction, scoped derivation';
        let failed: string | undefined;
        for (let r = init.runs === 1 ? 0 : -1; r < n && failed === undefined; r++) {
          try {
            const ms = await factsTransactionMs(driver, init.hosts, pick(init.hosts), wallMs, whole, mode === 'restarted');
            if (r >= 0) times.push(ms);
          } catch (err) {
            // The whole-graph derivation can exceed the transaction memory of a small Neo4j heap: a figure, not a crash.
            if (!whole) throw err;
            failed = err instanceof Error ? err.message.slice(0, 200) : String(err);
            console.error(`bench queries: ${label} failed: ${failed}`);
          }
        }
        if (failed !== undefined && times.length === 0) {
          figures.push({ name: `${label} p50, ${scale}`, value: Number.NaN, unit: 'ms', extra: { runs: 0, failed } });
          continue;
        }
        times.sort((a, b) => a - b);
        const extra = { runs: times.length, p50Ms: Math.round(percentile(times, 50) * 10) / 10, p99Ms: Math.round(percentile(times, 99) * 10) / 10, ...(failed === undefined ? {} : { failed }) };
        console.error(`bench queries: ${label}: p50 ${extra.p50Ms} ms, p99 ${extra.p99Ms} ms`);
        figures.push({ name: `${label} p50, ${scale}`, value: extra.p50Ms, unit: 'ms', extra });
      }
    }
    figures.unshift(
      { name: `load ${scale}, ${loaded.counts.processes / 1e6}M processes, ${loaded.counts.dependsOn / 1e6}M DEPENDS_ON`, value: loadSeconds, unit: 's', extra: { stages: loaded.seconds, counts: loaded.counts } },
      { name: 'load rate (nodes + relationships)', value: Math.round((loaded.counts.processes * 2 + loaded.counts.dependsOn + loaded.counts.hosts * 6) / loadSeconds), unit: 'items/s' },
    );
    const full = init.hosts === FULL_INIT.hosts && init.dependsOn === FULL_INIT.dependsOn && init.processesPerHost === FULL_INIT.processesPerHost;
    const loadAtEnd = loadavg().map((x) => x.toFixed(1)).join(' ');
    const notes =
      `load average (1, 5, 15 min) ${loadAtStart} at the start, ${loadAtEnd} at the end (a machine shared with other jobs: wall times are inflated accordingly); ` +
      `embedded Neo4j 5.26 (heap ${process.env.NEO4J_JAVA_OPTS}, page cache ${init.pageCache}) on this machine; ${full ? 'full size' : `REDUCED size (issue asks 100k hosts / 1M processes / 2M DEPENDS_ON)`}: ` +
      `${init.hosts} hosts in clusters of ${HOSTS_PER_CLUSTER} (one service each, ${TIERS} tiers, each tier's servers use a service of the next), ${init.processesPerHost} processes per host, ` +
      `${HOSTS_PER_SWITCH} hosts per switch; loaded with UNWIND batches of ${BATCH} rows in one client; each query run through runReadQuery (new driver + read transaction, as cma query) ` +
      `with random targets, ${init.runs} runs per targeted query (global ones fewer), after ${WARMUP_RUNS} warm-up runs with other targets; ` +
      `the page cache warmed first by reading every node and relationship once (${warmSeconds} s)`;
    return { figures, notes };
  } finally {
    await driver.close();
    await neo.stop();
    neoPid = -1;
    process.off('exit', killNeo);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    if (keepDir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}
