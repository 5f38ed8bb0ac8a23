// Neo4jGraphStore against a real embedded Neo4j 5.26: the GraphStore contract (the same suite MemoryGraphStore
// passes), the schema of docs/graph-model.md, the graph shape the queries rely on, coalesced ring changes equal
// to in-order application, and the failure codes.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { RingSet, planJoin, planLeave, type GraphChange } from '../../cma/ring/index.ts';
import { bindParams, findQuery, loadQueries } from '../../cma/queries/index.ts';
import { MemoryGraphStore, Neo4jGraphStore, StoreError, mergeBatches, runReadQuery, type StoreBatch } from '../../cma/store/index.ts';
import { useTestNeo4j } from '../helpers/neo4j-server.ts';
import { graphStoreContract, hostRecord } from '../unit/cma/store-contract.ts';
import { neo4jFactLines } from '../helpers/neo4j-fact-lines.ts';
import { DB1, SWITCH, WEB, factsOf, inventory, mac, webLldp } from '../helpers/discovery-payloads.ts';
import { hostSwitches } from '../../cma/store/cypher-facts.ts';

const db = useTestNeo4j(test);

const open = (): Promise<Neo4jGraphStore> => Neo4jGraphStore.open({ uri: db.uri, password: db.password });
const fresh = async (): Promise<Neo4jGraphStore> => {
  await db.wipe();
  return open();
};
const batch = (patch: Partial<StoreBatch>): StoreBatch => ({ hosts: [], ringChanges: [], events: [], discovery: [], ...patch });
const hid = (n: number): string => n.toString(16).padStart(32, '0');

graphStoreContract('Neo4jGraphStore', fresh, () => neo4jFactLines(db));

/** The node keys and indexes docs/graph-model.md lists (its tables are the source; nothing hard-coded here); `T(a, b)` is a composite index. */
function documentedSchema(): { constraints: string[]; indexes: string[] } {
  const doc = readFileSync('docs/graph-model.md', 'utf8');
  const nodes = doc.slice(doc.indexOf('## Nodes'), doc.indexOf('## Relationships'));
  const constraints = nodes
    .split('\n')
    .filter((l) => /^\| `\w+` \|/.test(l))
    .map((l) => {
      const cells = l.split('|').map((c) => c.trim());
      const label = /`(\w+)`/.exec(cells[1] ?? '')?.[1];
      const key = /`(\w+)`/.exec(cells[2] ?? '')?.[1];
      return `${label}.${key}`;
    });
  const indexLine = nodes.slice(nodes.indexOf('Indexes'));
  const indexes = [...indexLine.slice(0, indexLine.indexOf('\n\n')).matchAll(/`(\w+)\((\w+(?:, \w+)*)\)`/g)].map((m) => `${m[1]}.${(m[2] ?? '').split(', ').join()}`);
  return { constraints: constraints.sort(), indexes: indexes.sort() };
}

test.serial('the schema Neo4j reports is exactly the one docs/graph-model.md lists, and creating it again changes nothing', async (t) => {
  const doc = documentedSchema();
  t.true(doc.constraints.length >= 12, JSON.stringify(doc));
  t.true(doc.indexes.length >= 5, JSON.stringify(doc));
  const store = await fresh();
  await store.ensureSchema(); // second time: IF NOT EXISTS
  await store.close();
  const constraints = await db.query('SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties RETURN type, labelsOrTypes, properties');
  t.true(constraints.every((c) => c.type === 'UNIQUENESS'), JSON.stringify(constraints));
  t.deepEqual(constraints.map((c) => `${(c.labelsOrTypes as string[]).join()}.${(c.properties as string[]).join()}`).sort(), doc.constraints);
  const indexes = await db.query("SHOW INDEXES YIELD type, labelsOrTypes, properties, owningConstraint, state WHERE type = 'RANGE' AND owningConstraint IS NULL RETURN labelsOrTypes, properties, state");
  t.deepEqual(indexes.map((i) => `${(i.labelsOrTypes as string[]).join()}.${(i.properties as string[]).join()}`).sort(), doc.indexes);
  t.true(indexes.every((i) => i.state === 'ONLINE'));
});

test.serial('the graph has the documented shape: Host properties as integers, MEMBER_OF {position}, WATCHES {ringId} both ways, Event-[:ABOUT]->Host, Discovery latest per host and kind', async (t) => {
  const store = await fresh();
  try {
    const rings = new RingSet();
    const changes = [1, 2, 3].flatMap((n) => planJoin(rings, { id: hid(n), placement: 'subnet:198.18.0.0/24' }).graphChanges);
    const d = (hash: string, wallMs: number) => ({ hostId: hid(1), kind: 'os', hash, full: true, payload: { hash, big: 2n ** 70n }, wallMs });
    await store.apply(batch({
      hosts: [1, 2, 3].map((n) => hostRecord(n, { addresses: [{ host: `198.18.0.${n}`, port: 1984 }, { host: '2001:db8::1', port: 7 }] })),
      ringChanges: changes,
      events: [{ id: 'x-1', wallMs: 1_700_000_000_000, type: 'host-join', hostId: hid(1), ringId: 'subnet:198.18.0.0/24', detail: { n: 1 } }],
      discovery: [d('a', 1), d('b', 2)],
    }));
    const [host] = await db.query(`MATCH (h:Host {hostId: $id}) RETURN valueType(h.firstSeenMs) AS t, h.statusSinceMs AS since, h.addresses AS addresses, h.deadAtMs AS dead`, { id: hid(1) });
    t.deepEqual(host, { t: 'INTEGER NOT NULL', since: 2_000, addresses: ['198.18.0.1:1984', '[2001:db8::1]:7'], dead: null });
    t.deepEqual((await store.loadHosts())[0]?.addresses, [{ host: '198.18.0.1', port: 1984 }, { host: '2001:db8::1', port: 7 }]);
    const members = await db.query("MATCH (h:Host)-[m:MEMBER_OF]->(r:Ring) WHERE r.ringId <> 'top' RETURN r.ringId AS ring, r.placement AS placement, h.hostId AS host, m.position AS position ORDER BY position");
    t.deepEqual(members.map((m) => m.position), [0, 1, 2]);
    t.is(members.length, 3);
    t.true(members.every((m) => m.ring === 'subnet:198.18.0.0/24' && m.placement === 'subnet:198.18.0.0/24'));
    const watches = await db.query("MATCH (a:Host)-[w:WATCHES]->(b:Host) WHERE w.ringId <> 'top' RETURN a.hostId AS a, b.hostId AS b, w.ringId AS ring");
    t.is(watches.length, 6, 'a ring of 3: 3 edges, each in both directions');
    t.true(watches.every((w) => w.ring === 'subnet:198.18.0.0/24' && watches.some((v) => v.a === w.b && v.b === w.a)));
    t.deepEqual(await db.query('MATCH (e:Event)-[:ABOUT]->(h:Host) RETURN e.id AS id, h.hostId AS host, valueType(e.wallMs) AS t'), [{ id: 'x-1', host: hid(1), t: 'INTEGER NOT NULL' }]);
    const disc = await db.query('MATCH (h:Host)-[:HAS_DISCOVERY]->(d:Discovery) RETURN d.key AS key, d.kind AS kind, d.hash AS hash, d.payload AS payload');
    t.deepEqual(disc, [{ key: JSON.stringify([hid(1), 'os']), kind: 'os', hash: 'b', payload: JSON.stringify({ hash: 'b', big: (2n ** 70n).toString() }) }]);
  } finally {
    await store.close();
  }
});

test.serial('ring changes of many inputs merged into one batch (group commit) end as applying them one by one', async (t) => {
  const store = await fresh();
  const memory = new MemoryGraphStore();
  try {
    const rings = new RingSet();
    const batches: StoreBatch[] = [];
    const placements = ['subnet:198.18.0.0/24', 'subnet:198.18.1.0/24', 'switch:00:11:22:33:44:55'] as const;
    let seed = 7;
    const rand = (n: number): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    const live = new Set<number>();
    for (let step = 0; step < 400; step++) {
      const n = 1 + rand(40);
      let changes: readonly GraphChange[];
      if (live.has(n)) {
        changes = planLeave(rings, hid(n), 'dead').graphChanges;
        live.delete(n);
      } else {
        changes = planJoin(rings, { id: hid(n), placement: placements[rand(3)] ?? 'subnet:198.18.0.0/24' }).graphChanges;
        live.add(n);
      }
      batches.push(batch({ ringChanges: changes }));
    }
    for (const b of batches) await memory.apply(b);
    for (let i = 0; i < batches.length; i += 50) await store.apply(mergeBatches(batches.slice(i, i + 50)));
    t.deepEqual(await store.loadRingMembers(), await memory.loadRingMembers());
    const edges = await db.query('MATCH (a:Host)-[w:WATCHES]->(b:Host) WHERE a.hostId < b.hostId RETURN w.ringId AS ring, a.hostId AS a, b.hostId AS b');
    t.deepEqual(edges.map((e) => `${e.ring as string}\u0000${e.a as string}\u0000${e.b as string}`).sort(), memory.edgeKeys());
    const rings2 = await db.query('MATCH (r:Ring) RETURN r.ringId AS id ORDER BY id');
    t.deepEqual(rings2.map((r) => r.id), memory.ringIds());
  } finally {
    await store.close();
  }
});

test.serial('wrong password → STORE_AUTH; nothing listening → STORE_UNAVAILABLE (fast); both say where', async (t) => {
  const auth = await t.throwsAsync(Neo4jGraphStore.open({ uri: db.uri, password: 'not-the-password' }), { instanceOf: StoreError });
  t.is(auth.code, 'STORE_AUTH');
  t.false(auth.retriable);
  t.true(auth.message.includes(db.uri), auth.message);
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    blocker.close(() => {
      resolve();
    });
  });
  const startedMs = Date.now();
  const down = await t.throwsAsync(Neo4jGraphStore.open({ uri: `bolt://127.0.0.1:${port}`, password: db.password }), { instanceOf: StoreError });
  t.is(down.code, 'STORE_UNAVAILABLE');
  t.true(down.retriable);
  t.true(down.message.includes(`bolt://127.0.0.1:${port}`), down.message);
  t.true(Date.now() - startedMs < 10_000);
});

test.serial('the shipped cma queries read what the store writes (rings, hosts, down, watchers-of, events-since)', async (t) => {
  const store = await fresh();
  const rings = new RingSet();
  try {
    const changes = [1, 2, 3].flatMap((n) => planJoin(rings, { id: hid(n), placement: 'subnet:198.18.0.0/24' }).graphChanges);
    await store.apply(batch({
      hosts: [hostRecord(1), hostRecord(2), hostRecord(3), hostRecord(4, { status: 'dead', statusSinceWallMs: 1_800_000_000_000, deadAtWallMs: 1_800_000_000_000, deadReason: 'two observers' })],
      ringChanges: changes,
      events: [{ id: 's-1', wallMs: 1_800_000_000_000, type: 'host-dead', hostId: hid(4), ringId: 'subnet:198.18.0.0/24', detail: { reasons: ['x'] } }],
    }));
  } finally {
    await store.close();
  }
  const catalogue = await loadQueries();
  const run = async (name: string, args: string[] = []) => {
    const q = findQuery(catalogue, name);
    return (await runReadQuery({ uri: db.uri, user: 'neo4j', password: db.password }, q.cypher, bindParams(q, args, 1_800_000_000_000))).rows;
  };
  const ringRows = await run('rings');
  const local = ringRows.find((r) => r.ring === 'subnet:198.18.0.0/24');
  const order = rings.records().filter((m) => m.ringId === 'subnet:198.18.0.0/24').sort((a, b) => a.position - b.position).map((m) => `host${Number.parseInt(m.hostId, 16)}`);
  t.deepEqual(local, { ring: 'subnet:198.18.0.0/24', size: 3, members: order }, 'members in MEMBER_OF position order');
  const hostRows = await run('hosts');
  t.deepEqual(hostRows.map((h) => [h.hostname, h.status, h.ring, h.address]), [
    ['host1', 'up', 'subnet:198.18.0.0/24', '198.18.0.1:1984'],
    ['host2', 'up', 'subnet:198.18.0.0/24', '198.18.0.2:1984'],
    ['host3', 'up', 'subnet:198.18.0.0/24', '198.18.0.3:1984'],
    ['host4', 'dead', null, '198.18.0.4:1984'],
  ]);
  t.like((await run('down'))[0], { hostname: 'host4', status: 'dead', reason: 'two observers', since: '2027-01-15T08:00:00Z' });
  t.deepEqual((await run('watchers-of', ['host=host2'])).filter((w) => w.ring === 'subnet:198.18.0.0/24').map((w) => w.watcher).sort(), ['host1', 'host3'], 'its two ring neighbours (top-ring edges are listed with ring top)');
  t.like((await run('events-since', ['since=0']))[0], { type: 'host-dead', host: 'host4' });
});

test.serial('Host.switches follows the wiring: LLDP before the inventory, a NIC moving to another host, a NIC gone; the start backfills a host without it', async (t) => {
  const store = await fresh();
  try {
    /** Every host's stored switches (null before its first inventory or LLDP report), checked against the wiring walked. */
    const switches = async (): Promise<Record<string, unknown>> => {
      const rows = await db.query(`MATCH (h:Host) RETURN h.hostId AS id, h.switches AS stored, ${hostSwitches('h')} AS walked ORDER BY id`);
      for (const r of rows) if (r['stored'] !== null) t.deepEqual(r['stored'], r['walked'], `host ${String(r['id'])}`);
      return Object.fromEntries(rows.map((r): [string, unknown] => [String(r['id']), r['stored']]));
    };
    await store.apply(batch({ hosts: [hostRecord(1), hostRecord(2)], facts: [factsOf(1, 'lldp', webLldp(), 1_000)] }));
    t.deepEqual(await switches(), { [WEB]: [], [DB1]: null }, 'LLDP alone wires nothing');
    await store.apply(batch({ facts: [factsOf(1, 'inventory', inventory(1), 2_000), factsOf(2, 'inventory', inventory(2), 2_000)] }));
    t.deepEqual(await switches(), { [WEB]: [SWITCH], [DB1]: [] }, 'the inventory wires eth0');
    const moved = { name: 'eth9', mac: mac(1), mtuBytes: 1500, addresses: [] };
    await store.apply(batch({ facts: [factsOf(2, 'inventory', inventory(2, [moved]), 3_000)] }));
    t.deepEqual(await switches(), { [WEB]: [], [DB1]: [SWITCH] }, 'the wired NIC moved to the db host');
    await store.apply(batch({ facts: [factsOf(2, 'inventory', inventory(2), 4_000)] }));
    t.deepEqual(await switches(), { [WEB]: [], [DB1]: [] }, 'the wired NIC is gone');
    await db.query(`MATCH (n:NIC {mac: $mac}) SET n.gone = false WITH n MATCH (h:Host {hostId: $id}) SET h.switches = null`, { mac: mac(1), id: DB1 });
  } finally {
    await store.close();
  }
  const reopened = await open();
  await reopened.close();
  const rows = await db.query(`MATCH (h:Host {hostId: $id}) RETURN h.switches AS s`, { id: DB1 });
  t.deepEqual(rows[0]?.['s'], [SWITCH], 'backfilled at start');
});
