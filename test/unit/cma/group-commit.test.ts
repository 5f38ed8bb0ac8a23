// GroupCommitter: order is kept, batches queued behind a transaction in flight go together in the next one,
// ACK work runs only after its commit, a refused group is retried batch by batch, and backpressure holds.
import test from 'ava';
import { GroupCommitter } from '../../../cma/group-commit.ts';
import { MemoryGraphStore, type GraphStore, type StoreBatch, type StoreError } from '../../../cma/store/index.ts';
import { hostRecord } from './store-contract.ts';

/** A store whose applies complete only when the test releases them. */
class GatedStore {
  readonly memory = new MemoryGraphStore();
  readonly applied: StoreBatch[] = [];
  readonly #gates: (() => void)[] = [];
  store(): GraphStore {
    return {
      apply: async (b) => {
        await new Promise<void>((resolve) => this.#gates.push(resolve));
        this.applied.push(b);
        await this.memory.apply(b);
      },
      loadHosts: () => this.memory.loadHosts(),
      loadDiscoveryHashes: () => this.memory.loadDiscoveryHashes(),
      loadRingMembers: () => this.memory.loadRingMembers(),
      events: (s) => this.memory.events(s),
      close: () => this.memory.close(),
    };
  }
  /** Lets the oldest pending apply finish. */
  async release(): Promise<void> {
    for (let i = 0; i < 20 && this.#gates.length === 0; i++) await Promise.resolve();
    this.#gates.shift()?.();
    for (let i = 0; i < 20; i++) await Promise.resolve();
  }
}

const hosts = (...n: number[]): StoreBatch => ({ hosts: n.map((i) => hostRecord(i)), ringChanges: [], events: [], discovery: [] });

test('batches queued while one transaction is in flight commit together, in order, and their work runs after', async (t) => {
  const gated = new GatedStore();
  const log: string[] = [];
  const c = new GroupCommitter({}, { store: gated.store(), now: () => 0 });
  c.after(() => log.push('before any store: at once'));
  c.store(hosts(1), () => log.push('ok 1'), () => log.push('fail 1'));
  c.after(() => log.push('send after 1'));
  c.store(hosts(2), () => log.push('ok 2'), () => log.push('fail 2'));
  c.store(hosts(3), () => log.push('ok 3'), () => log.push('fail 3'));
  c.after(() => log.push('send after 3'));
  t.deepEqual(log, ['before any store: at once']);
  t.is(c.backlog, 2);
  await gated.release();
  t.deepEqual(log, ['before any store: at once', 'ok 1', 'send after 1']);
  t.false(c.idle, 'the second group is in flight');
  await gated.release();
  await c.drained();
  t.deepEqual(log.slice(3), ['ok 2', 'ok 3', 'send after 3']);
  t.deepEqual(gated.applied.map((b) => b.hosts.map((h) => h.hostname)), [['host1'], ['host2', 'host3']], 'two transactions for three batches');
  t.is(c.transactions, 2);
  t.true(c.idle);
  c.after(() => log.push('idle again: at once'));
  t.is(log.at(-1), 'idle again: at once');
});

test('a group refused as STORE_BAD_BATCH is retried batch by batch: only the bad one fails', async (t) => {
  const memory = new MemoryGraphStore();
  const outcomes: string[] = [];
  let calls = 0;
  const slow: GraphStore = { apply: async (b) => { calls++; await new Promise((r) => setTimeout(r, 5)); await memory.apply(b); }, loadHosts: () => memory.loadHosts(), loadRingMembers: () => memory.loadRingMembers(), loadDiscoveryHashes: () => memory.loadDiscoveryHashes(), events: (s) => memory.events(s), close: () => memory.close() };
  const c = new GroupCommitter({}, { store: slow, now: () => 0 });
  c.store(hosts(1), () => outcomes.push('ok 1'), () => outcomes.push('fail 1'));
  c.store(hosts(2), () => outcomes.push('ok 2'), () => outcomes.push('fail 2'));
  c.store({ ...hosts(3), events: [{ id: '', wallMs: 1, type: 'host-join', hostId: null, ringId: null, detail: {} }] }, () => outcomes.push('ok 3'), (e) => outcomes.push(`fail 3 ${(e as StoreError).code}`));
  c.store(hosts(4), () => outcomes.push('ok 4'), () => outcomes.push('fail 4'));
  await c.drained();
  t.deepEqual(outcomes, ['ok 1', 'ok 2', 'fail 3 STORE_BAD_BATCH', 'ok 4']);
  t.is(calls, 1 + 1 + 3, 'first alone, then the group of three refused, then each of the three');
  t.deepEqual((await memory.loadHosts()).map((h) => h.hostname), ['host1', 'host2', 'host4']);
});

test('backpressure: waitForRoom holds while a full group waits; groups are cut at maxGroupBatches', async (t) => {
  const gated = new GatedStore();
  const c = new GroupCommitter({ maxGroupBatches: 2 }, { store: gated.store(), now: () => 0 });
  for (let i = 1; i <= 6; i++) c.store(hosts(i), () => undefined, () => undefined);
  t.is(c.backlog, 5);
  let roomy = false;
  const room = c.waitForRoom().then(() => (roomy = true));
  await gated.release(); // 1 done; 2,3 in flight; 4,5,6 wait
  t.false(roomy);
  t.is(c.backlog, 3);
  await gated.release(); // 2,3 done; 4,5 in flight; 6 waits
  await room;
  t.true(roomy);
  await gated.release();
  await gated.release();
  await c.drained();
  t.deepEqual(gated.applied.map((b) => b.hosts.length), [1, 2, 2, 1]);
  t.throws(() => new GroupCommitter({ maxGroupBatches: 0 }, { store: gated.store(), now: () => 0 }), { instanceOf: RangeError });
});

test('a throwing callback is reported and the rest still runs', async (t) => {
  const errors: unknown[] = [];
  const ran: string[] = [];
  const c = new GroupCommitter({}, { store: new MemoryGraphStore(), now: () => 0, onError: (e) => errors.push(e) });
  c.store(hosts(1), () => { throw new Error('boom'); }, () => undefined);
  c.after(() => ran.push('after'));
  await c.drained();
  t.is(errors.length, 1);
  t.deepEqual(ran, ['after']);
});
