// MemoryGraphStore: the GraphStore contract, plus its own bounds and test views.
import test from 'ava';
import { MemoryGraphStore, StoreError } from '../../../cma/store/index.ts';
import { graphStoreContract } from './store-contract.ts';

graphStoreContract('MemoryGraphStore', () => new MemoryGraphStore(), (s) => {
  if (!(s instanceof MemoryGraphStore)) throw new TypeError('not a MemoryGraphStore');
  return Promise.resolve(s.factLines());
});

const event = (id: string, wallMs: number) => ({ id, wallMs, type: 'host-join' as const, hostId: null, ringId: null, detail: {} });

test('event history is bounded: the oldest are dropped', async (t) => {
  const store = new MemoryGraphStore({ maxEvents: 3 });
  await store.apply({ hosts: [], ringChanges: [], events: [1, 2, 3, 4, 5].map((n) => event(`e${n}`, n)), discovery: [] });
  t.deepEqual((await store.events(0)).map((e) => e.id), ['e3', 'e4', 'e5']);
  t.throws(() => new MemoryGraphStore({ maxEvents: 0 }), { instanceOf: RangeError });
});

test('discovery keeps the latest record per host and kind; ring-remove drops the ring and its memberships', async (t) => {
  const store = new MemoryGraphStore();
  const d = (hash: string) => ({ hostId: 'a'.repeat(32), kind: 'os', hash, full: true, payload: { hash }, wallMs: 1 });
  await store.apply({ hosts: [], ringChanges: [], events: [], discovery: [d('1'), d('2')] });
  t.is(store.discoveryOf('a'.repeat(32), 'os')?.hash, '2');
  t.is(store.discoveryOf('a'.repeat(32), 'arp'), undefined);
  await store.apply({
    hosts: [],
    ringChanges: [
      { kind: 'ring-add', ringId: 'switch:x', placement: 'switch:x' },
      { kind: 'member-add', hostId: 'h1', ringId: 'switch:x', position: 0 },
      { kind: 'member-add', hostId: 'h2', ringId: 'switch:x', position: 1 },
      { kind: 'edge-add', a: 'h1', b: 'h2', ringId: 'switch:x' },
    ],
    events: [],
    discovery: [],
  });
  t.deepEqual(store.ringIds(), ['switch:x']);
  t.is(store.edgeKeys().length, 1);
  await store.apply({ hosts: [], ringChanges: [{ kind: 'edge-remove', a: 'h2', b: 'h1', ringId: 'switch:x' }, { kind: 'ring-remove', ringId: 'switch:x', placement: 'switch:x' }], events: [], discovery: [] });
  t.deepEqual(store.ringIds(), []);
  t.deepEqual(store.edgeKeys(), []);
  t.deepEqual(await store.loadRingMembers(), []);
});

test('StoreError: STORE_UNAVAILABLE is retriable, the others are not', (t) => {
  t.true(new StoreError('STORE_UNAVAILABLE', 'x').retriable);
  t.false(new StoreError('STORE_CLOSED', 'x').retriable);
  t.is(new StoreError('STORE_BAD_BATCH', 'bad').message, 'STORE_BAD_BATCH: bad');
});
