// The GraphStore contract: any implementation (MemoryGraphStore now, the Neo4j store later) must pass these.
// Usage: graphStoreContract('MemoryGraphStore', () => new MemoryGraphStore()).
import test from 'ava';
import { RingSet, planJoin, planLeave, type RingMemberRecord } from '../../../cma/ring/index.ts';
import { StoreError, type EventRecord, type GraphStore, type HostRecord, type StoreBatch } from '../../../cma/store/index.ts';

const hid = (n: number): string => n.toString(16).padStart(32, '0');

/** A host record of test host n. */
export function hostRecord(n: number, patch: Partial<HostRecord> = {}): HostRecord {
  return {
    hostId: hid(n),
    publicKey: new Uint8Array(32).fill(n),
    hostname: `host${n}`,
    addresses: [{ host: `198.18.0.${n}`, port: 1984 }],
    machineId: '',
    version: '0.1.0',
    sessionId: 1,
    startedWallMs: 1_000,
    firstSeenWallMs: 2_000,
    lastSeenWallMs: 2_000,
    status: 'up',
    statusSinceWallMs: 2_000,
    placement: 'subnet:198.18.0.0/24',
    deadAtWallMs: null,
    deadReason: '',
    lateCount: 0,
    ...patch,
  };
}

const event = (id: string, wallMs: number): EventRecord => ({ id, wallMs, type: 'host-join', hostId: hid(1), ringId: null, detail: { note: id } });
const batch = (patch: Partial<StoreBatch>): StoreBatch => ({ hosts: [], ringChanges: [], events: [], discovery: [], ...patch });
const sortMembers = (m: readonly RingMemberRecord[]): RingMemberRecord[] =>
  [...m].sort((x, y) => (x.ringId < y.ringId ? -1 : x.ringId > y.ringId ? 1 : x.position - y.position));

/** Registers the contract tests for one GraphStore implementation. */
export function graphStoreContract(name: string, factory: () => GraphStore | Promise<GraphStore>): void {
  const withStore = async (body: (store: GraphStore) => Promise<void>): Promise<void> => {
    const store = await factory();
    try {
      await body(store);
    } finally {
      await store.close();
    }
  };

  test.serial(`${name}: apply then load round-trips hosts, ring memberships and events`, async (t) => {
    await withStore(async (store) => {
      const rings = new RingSet();
      const changes = [1, 2, 3, 4].flatMap((n) => planJoin(rings, { id: hid(n), placement: 'subnet:198.18.0.0/24' }).graphChanges);
      const hosts = [hostRecord(2), hostRecord(1, { status: 'dead', deadAtWallMs: 5_000, deadReason: 'two observers' })];
      await store.apply(batch({ hosts, ringChanges: changes, events: [event('e1', 10), event('e2', 20)] }));
      t.deepEqual(await store.loadHosts(), [hosts[1], hosts[0]], 'sorted by hostId, every field kept');
      t.deepEqual(sortMembers(await store.loadRingMembers()), sortMembers(rings.records()));
      t.deepEqual(await store.events(0), [event('e1', 10), event('e2', 20)]);
      // a leave: memberships follow
      await store.apply(batch({ ringChanges: planLeave(rings, hid(2), 'dead').graphChanges }));
      t.deepEqual(sortMembers(await store.loadRingMembers()), sortMembers(rings.records()));
    });
  });

  test.serial(`${name}: upserts replace whole records and applying a batch twice changes nothing`, async (t) => {
    await withStore(async (store) => {
      const rings = new RingSet();
      const join = planJoin(rings, { id: hid(1), placement: 'subnet:198.18.0.0/24' }).graphChanges;
      const b = batch({ hosts: [hostRecord(1)], ringChanges: join, events: [event('e1', 10)], discovery: [{ hostId: hid(1), kind: 'os', hash: 'h', full: true, payload: { a: 1 }, wallMs: 10 }] });
      await store.apply(b);
      await store.apply(b);
      t.is((await store.loadHosts()).length, 1);
      t.deepEqual(sortMembers(await store.loadRingMembers()), sortMembers(rings.records()));
      t.is((await store.events(0)).length, 1);
      await store.apply(batch({ hosts: [hostRecord(1, { status: 'shutdown', lateCount: 3 })] }));
      t.like((await store.loadHosts())[0], { status: 'shutdown', lateCount: 3, hostname: 'host1' });
    });
  });

  test.serial(`${name}: events(since) returns events at or after the time, oldest first`, async (t) => {
    await withStore(async (store) => {
      await store.apply(batch({ events: [event('a', 100), event('b', 200)] }));
      await store.apply(batch({ events: [event('c', 300)] }));
      t.deepEqual((await store.events(200)).map((e) => e.id), ['b', 'c']);
      t.deepEqual((await store.events(301)).map((e) => e.id), []);
      t.deepEqual((await store.events(0)).map((e) => e.id), ['a', 'b', 'c']);
    });
  });

  test.serial(`${name}: records handed out are copies`, async (t) => {
    await withStore(async (store) => {
      const record = hostRecord(1);
      await store.apply(batch({ hosts: [record] }));
      const loaded = await store.loadHosts();
      (loaded[0]?.publicKey ?? new Uint8Array(1))[0] = 99;
      t.is((await store.loadHosts())[0]?.publicKey[0], 1);
    });
  });

  test.serial(`${name}: a malformed batch is rejected whole with STORE_BAD_BATCH`, async (t) => {
    await withStore(async (store) => {
      const bad = batch({ hosts: [hostRecord(1)], events: [{ ...event('x', 1), type: 'nonsense' as EventRecord['type'] }] });
      const err = await t.throwsAsync(store.apply(bad), { instanceOf: StoreError });
      t.is(err.code, 'STORE_BAD_BATCH');
      t.false(err.retriable);
      t.deepEqual(await store.loadHosts(), [], 'nothing of it was applied');
    });
  });

  test.serial(`${name}: after close every call rejects with STORE_CLOSED; close is idempotent`, async (t) => {
    const store = await factory();
    await store.close();
    await store.close();
    for (const call of [() => store.loadHosts(), () => store.loadRingMembers(), () => store.events(0), () => store.apply(batch({}))]) {
      const err = await t.throwsAsync(call(), { instanceOf: StoreError });
      t.is(err.code, 'STORE_CLOSED');
    }
  });
}
