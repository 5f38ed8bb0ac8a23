// Dependency derivation on a real Neo4j 5.26: three hosts' hand-built discovery (web's app connected to postgres
// on db1 and db2, and to an outside address) become Services, PROVIDED_BY and DEPENDS_ON; a shared postgres is
// one logical service; edges no longer seen go stale (kept); the derivation is idempotent; scoped to the batch's
// hosts, it leaves exactly what a derivation over the whole graph leaves.
import test from 'ava';
import neo4j from 'neo4j-driver';
import type { Neo4jGraphStore, StoreBatch } from '../../cma/store/index.ts';
import { DB1, DB2, SWITCH, WEB, dbNetstat, factsOf, inventory, mac, threeHosts, webLldp, webNetstat } from '../helpers/discovery-payloads.ts';
import { DERIVED_LINES, fullDerivationLines } from '../helpers/full-derivation.ts';
import { neo4jFactLines } from '../helpers/neo4j-fact-lines.ts';
import { useTestNeo4j } from '../helpers/neo4j-server.ts';
import { withWipedStore } from '../helpers/wiped-store.ts';
import { hostRecord } from '../unit/cma/store-contract.ts';

const db = useTestNeo4j(test);

const batch = (patch: Partial<StoreBatch>): StoreBatch => ({ hosts: [], ringChanges: [], events: [], discovery: [], ...patch });
const APP = `["${WEB}",200,2000]`;
const CLUSTER = `postgres:5432@cluster:${DB1}`;
const derived = (lines: readonly string[]): string[] => lines.filter((l) => /^(Service|PROVIDED_BY|DEPENDS_ON) /.test(l));

const withStore = (body: (store: Neo4jGraphStore) => Promise<void>): Promise<void> => withWipedStore(db, 500, body);

test.serial('a client connection to a listener on another host is a DEPENDS_ON its Service; a postgres two hosts serve to the same client is one cluster service', async (t) => {
  await withStore(async (store) => {
    await store.apply(batch({ hosts: [hostRecord(1), hostRecord(2), hostRecord(3)], facts: threeHosts(1_000) }));
    const lines = await neo4jFactLines(db);
    t.deepEqual(derived(lines), [
      `DEPENDS_ON Process ${APP} -> Service ${CLUSTER} stale=false`,
      `PROVIDED_BY Service nginx:80@${WEB} -> Process ["${WEB}",100,1000]`,
      `PROVIDED_BY Service ${CLUSTER} -> Process ["${DB1}",300,3000]`,
      `PROVIDED_BY Service ${CLUSTER} -> Process ["${DB2}",400,4000]`,
      `Service nginx:80@${WEB} name="nginx:80" port=80 proto="tcp"`,
      `Service ${CLUSTER} name="postgres:5432" port=5432 proto="tcp"`,
    ]);
    t.true(lines.includes('Endpoint ["203.0.113.9",443,"tcp"] ip="203.0.113.9" port=443 proto="tcp" external=true'));
    // the shape the dependency queries (docs/queries.md) walk: host → process → DEPENDS_ON → service → PROVIDED_BY → process ← host
    const rows = await db.query(`
      MATCH (:Host {hostId: $web})-[:RUNS]->(c:Process)-[d:DEPENDS_ON]->(s:Service)-[:PROVIDED_BY]->(p:Process)<-[:RUNS]-(h:Host)
      WHERE NOT d.stale AND NOT p.gone RETURN s.name AS service, h.hostId AS host ORDER BY host`, { web: WEB });
    t.deepEqual(rows, [{ service: 'postgres:5432', host: DB1 }, { service: 'postgres:5432', host: DB2 }]);
    await store.apply(batch({ facts: threeHosts(1_000) }));
    t.deepEqual(await neo4jFactLines(db), lines, 'idempotent');
  });
});

test.serial('per-host services nobody depended on give way to the cluster service their providers form: none is left without a provider', async (t) => {
  await withStore(async (store) => {
    const dbs = [factsOf(2, 'inventory', inventory(2), 1_000), factsOf(3, 'inventory', inventory(3), 1_000), factsOf(2, 'netstat', dbNetstat(2, 300), 1_000), factsOf(3, 'netstat', dbNetstat(3, 400), 1_000)];
    await store.apply(batch({ hosts: [hostRecord(1), hostRecord(2), hostRecord(3)], facts: dbs }));
    const before = derived(await neo4jFactLines(db)).filter((l) => l.startsWith('Service '));
    t.deepEqual(before, [`Service postgres:5432@${DB1} name="postgres:5432" port=5432 proto="tcp"`, `Service postgres:5432@${DB2} name="postgres:5432" port=5432 proto="tcp"`]);
    // web connects to both: one cluster service; the per-host ones had no client and go
    await store.apply(batch({ facts: threeHosts(2_000) }));
    const services = derived(await neo4jFactLines(db)).filter((l) => l.startsWith('Service '));
    t.deepEqual(services, [`Service nginx:80@${WEB} name="nginx:80" port=80 proto="tcp"`, `Service ${CLUSTER} name="postgres:5432" port=5432 proto="tcp"`]);
  });
});

test.serial('a connection that goes away leaves its DEPENDS_ON stale after dependencyStaleMs; a provider left alone is its own service again', async (t) => {
  await withStore(async (store) => {
    await store.apply(batch({ hosts: [hostRecord(1), hostRecord(2), hostRecord(3)], facts: threeHosts(1_000) }));
    // web's app drops its db2 connection: db1 and db2 no longer share a client
    await store.apply(batch({ facts: [factsOf(1, 'netstat', webNetstat({ withDb2: false }), 2_000)] }));
    const lines = derived(await neo4jFactLines(db));
    t.true(lines.includes(`DEPENDS_ON Process ${APP} -> Service postgres:5432@${DB1} stale=false`), lines.join('\n'));
    t.true(lines.includes(`DEPENDS_ON Process ${APP} -> Service ${CLUSTER} stale=true`), 'kept, stale');
    t.true(lines.includes(`PROVIDED_BY Service postgres:5432@${DB2} -> Process ["${DB2}",400,4000]`));
    t.false(lines.some((l) => l.startsWith(`PROVIDED_BY Service ${CLUSTER}`)), 'the cluster has no providers left');
    // db1's postgres restarts (new pid): the dependency follows the service, the old process is gone
    await store.apply(batch({ facts: [factsOf(2, 'netstat', dbNetstat(2, 301), 2_100)] }));
    const after = await neo4jFactLines(db);
    t.true(after.includes(`PROVIDED_BY Service postgres:5432@${DB1} -> Process ["${DB1}",301,3010]`), after.join('\n'));
    t.true(after.includes(`DEPENDS_ON Process ${APP} -> Service postgres:5432@${DB1} stale=false`));
    t.true(after.some((l) => l.startsWith(`Process ["${DB1}",300,3000]`) && l.endsWith('gone=true')));
  });
});

test.serial('a connection to an address no known host owns is an external Endpoint, not a dependency; loopback is never recorded', async (t) => {
  await withStore(async (store) => {
    await store.apply(batch({ hosts: [hostRecord(1)], facts: [factsOf(1, 'netstat', webNetstat(), 1_000)] }));
    const lines = await neo4jFactLines(db);
    t.false(lines.some((l) => l.startsWith('DEPENDS_ON')), lines.join('\n'));
    // without the db hosts' inventories their addresses are unknown: external
    t.true(lines.includes('Endpoint ["198.18.0.2",5432,"tcp"] ip="198.18.0.2" port=5432 proto="tcp" external=true'));
    t.false(lines.some((l) => l.includes('6379')));
  });
});

test.serial('scoped to the hosts a batch is about, the derivation leaves what a derivation over the whole graph leaves (clients counts and providers included)', async (t) => {
  await withStore(async (store) => {
    const driver = neo4j.driver(db.uri, neo4j.auth.basic('neo4j', db.password));
    try {
      /** Applies the batch, then checks that the whole-graph derivation (in a transaction rolled back) changes nothing. */
      const step = async (what: string, b: StoreBatch): Promise<string[]> => {
        await store.apply(b);
        const now = Math.max(...(b.facts ?? []).map((f) => f.wallMs));
        const scoped = (await db.query(DERIVED_LINES)).map((r) => r['line'] as string);
        t.deepEqual(scoped, await fullDerivationLines(driver, now, 500), what);
        return scoped;
      };
      const first = await step('three hosts', batch({ hosts: [hostRecord(1), hostRecord(2), hostRecord(3)], facts: threeHosts(1_000) }));
      t.true(first.includes(`Service ${CLUSTER} clients=1 providers=2 host=- switch=-`), first.join('\n'));
      t.true(first.includes(`Service nginx:80@${WEB} clients=0 providers=1 host=${WEB} switch=${SWITCH}`), first.join('\n'));
      // the cluster's providers are wired to sw1 one after the other (the batch of the second is about db2 only)
      await step('db1 wired to sw1', batch({ facts: [factsOf(2, 'lldp', webLldp('Gi0/2'), 1_100)] }));
      const wired = await step('db2 wired to sw1', batch({ facts: [factsOf(3, 'lldp', webLldp('Gi0/3'), 1_200)] }));
      t.true(wired.includes(`Service ${CLUSTER} clients=1 providers=2 host=- switch=${SWITCH}`), wired.join('\n'));
      // web drops db2 (db2 does not report): the cluster splits, db2's PROVIDED_BY is re-derived all the same
      const split = await step('web drops db2', batch({ facts: [factsOf(1, 'netstat', webNetstat({ withDb2: false }), 2_000)] }));
      t.true(split.includes(`PROVIDED_BY postgres:5432@${DB2} -> ["${DB2}",400,4000]`), split.join('\n'));
      await step('db1 restarts postgres', batch({ facts: [factsOf(2, 'netstat', dbNetstat(2, 301), 2_100)] }));
      // past the stale age: the cluster edge goes stale, the live one to db1 stays (refreshed, not re-reported)
      const aged = await step('db2 reports again, later', batch({ facts: [factsOf(3, 'netstat', dbNetstat(3, 400), 2_700)] }));
      t.true(aged.includes(`DEPENDS_ON ${APP} -> postgres:5432@${DB1} stale=false`), aged.join('\n'));
      t.true(aged.includes(`DEPENDS_ON ${APP} -> ${CLUSTER} stale=true`));
      await step('db2 again, the db1 edge past the stale age but still connected', batch({ facts: [factsOf(3, 'netstat', dbNetstat(3, 400), 3_300)] }));
      // web's app goes away: its edges keep their state until aged, the client count drops at once
      const gone = await step('web app gone', batch({ facts: [factsOf(1, 'netstat', webNetstat({ withApp: false }), 3_400)] }));
      t.true(gone.includes(`Service postgres:5432@${DB1} clients=0 providers=1 host=${DB1} switch=${SWITCH}`), gone.join('\n'));
      const later = await step('db1 reports, much later', batch({ facts: [factsOf(2, 'netstat', dbNetstat(2, 301), 4_500)] }));
      t.true(later.includes(`DEPENDS_ON ${APP} -> postgres:5432@${DB1} stale=true`), later.join('\n'));
      // db2 takes db1's wired NIC (a batch about db2 only): db1 is wired to nothing, its service has no switch
      const moved = await step("db2 takes db1's wired NIC", batch({ facts: [factsOf(3, 'inventory', inventory(3, [{ name: 'eth1', mac: mac(2), mtuBytes: 1500, operstate: 'up', addresses: [] }]), 4_600)] }));
      t.true(moved.includes(`Service postgres:5432@${DB1} clients=0 providers=1 host=${DB1} switch=-`), moved.join('\n'));
      t.true(moved.includes(`Service postgres:5432@${DB2} clients=0 providers=1 host=${DB2} switch=${SWITCH}`), moved.join('\n'));
      const back = await step('db1 gets it back', batch({ facts: [factsOf(2, 'inventory', inventory(2), 4_700)] }));
      t.true(back.includes(`Service postgres:5432@${DB1} clients=0 providers=1 host=${DB1} switch=${SWITCH}`), back.join('\n'));
      // db2's postgres stops: its service has no live provider left
      const stopped = await step("db2's postgres stops", batch({ facts: [factsOf(3, 'netstat', { processes: [], listeners: [], connections: [] }, 4_800)] }));
      t.true(stopped.includes(`Service postgres:5432@${DB2} clients=0 providers=0 host=- switch=-`), stopped.join('\n'));
    } finally {
      await driver.close();
    }
  });
});
