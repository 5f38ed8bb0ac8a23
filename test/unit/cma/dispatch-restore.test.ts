// CmaCore restore (DESIGN §9): a CMA killed and restarted from its MemoryGraphStore has the same rings, declares
// nobody dead for having restarted, and still detects later deaths. Misplaced or corrupt restores are refused.
import test from 'ava';
import { CmaCore, CmaError } from '../../../cma/dispatch/index.ts';
import { checkRingInvariants } from '../../../cma/ring/index.ts';
import { MemoryGraphStore } from '../../../cma/store/index.ts';
import { CMA_ID, CmaBench, effectsOf, hid, startupOf } from '../../helpers/cma-harness.ts';
import { hostRecord } from './store-contract.ts';

/** 8 hosts in two subnets, h3 dead, h6 shut down, everything written to a MemoryGraphStore. */
async function history(): Promise<{ bench: CmaBench; store: MemoryGraphStore }> {
  const bench = new CmaBench();
  for (let n = 1; n <= 8; n++) bench.register(n, n <= 5 ? 0 : 1);
  bench.dead(2, 3, 10_000);
  bench.dead(4, 3, 10_010);
  bench.report(6, { type: 'HBSHUTDOWN', hostId: hid(6), reason: 'stop' }, 11_000);
  const store = new MemoryGraphStore();
  await bench.flush(store);
  return { bench, store };
}

/** A new CmaCore restored from `store`, in a bench that keeps the old nanoprobes' edges. */
async function restart(old: CmaBench, store: MemoryGraphStore): Promise<{ bench: CmaBench; effects: ReturnType<CmaBench['run']> }> {
  const core = new CmaCore({ cmaId: CMA_ID, cmaSession: 8 });
  const bench = new CmaBench({}, core);
  for (const [host, view] of old.views) bench.views.set(host, new Set(view));
  bench.at(old.nowMs + 60_000);
  const effects = bench.run({ kind: 'restore', hosts: await store.loadHosts(), members: await store.loadRingMembers() });
  return { bench, effects };
}

test('restore after a kill: same rings, same statuses, no ring command re-sent, nobody suspected or dead', async (t) => {
  const { bench: old, store } = await history();
  const { bench, effects } = await restart(old, store);
  t.deepEqual(bench.core.ringSet.records(), old.core.ringSet.records());
  t.deepEqual(bench.core.ringSet.edges(), old.core.ringSet.edges());
  t.deepEqual(
    bench.core.hosts().map((h) => [h.hostId, h.status]),
    old.core.hosts().map((h) => [h.hostId, h.status]),
  );
  const sends = effectsOf(effects, 'send') as { to: string; msg: { type: string; cmaSession?: number } }[];
  t.deepEqual(
    sends.map((e) => e.msg.type),
    Array.from({ length: 6 }, () => 'SETCONFIG'),
    'the nanoprobes already run the stored edges: only the 6 up hosts hear of the new CMA session',
  );
  t.true(sends.every((e) => e.msg.cmaSession === bench.core.config.cmaSession));
  t.deepEqual(effectsOf(effects, 'store'), [], 'nothing to repair');
  t.is(effectsOf(effects, 'add-peer').length, 8, 'the link learns every key again');
  t.is(bench.wakeAtMs, undefined);
  t.deepEqual(bench.core.status().hosts, { total: 8, up: 6, dead: 1, shutdown: 1 });
  bench.advance(bench.nowMs + 60_000);
  t.is(bench.core.status().hosts.dead, 1);
  t.deepEqual(checkRingInvariants(bench.core.ringSet), []);
  t.deepEqual(bench.viewProblems(), []);
});

test('after a restore, resyncing nanoprobes change nothing and later deaths are still detected and repaired', async (t) => {
  const { bench: old, store } = await history();
  const { bench } = await restart(old, store);
  const before = bench.core.ringSet.records();
  for (const n of [1, 2, 4, 5, 7, 8]) bench.run({ kind: 'startup', msg: startupOf(n, n <= 5 ? 0 : 1), viaChannel: true });
  t.deepEqual(bench.core.ringSet.records(), before);
  const t0 = bench.nowMs;
  bench.dead(1, 2, t0);
  bench.dead(4, 2, t0 + 5);
  bench.advance(t0 + 1_000);
  t.is(bench.status(2), 'dead');
  bench.dead(7, 8, t0 + 100); // one observer; the other watcher (top ring) never reports it: pinged for 4 windows
  bench.advance(t0 + 10_099);
  t.is(bench.status(8), 'up');
  bench.advance(t0 + 10_100);
  t.is(bench.status(8), 'dead');
  t.deepEqual(checkRingInvariants(bench.core.ringSet), []);
  t.deepEqual(bench.viewProblems(), []);
  t.deepEqual(bench.problems, []);
  await bench.flush(store);
  t.deepEqual((await store.loadHosts()).filter((h) => h.status === 'dead').map((h) => h.hostId), [hid(2), hid(3), hid(8)]);
});

test('restore repairs an inconsistent store: a dead ring member leaves, an up host outside the rings joins', (t) => {
  const core = new CmaCore({ cmaId: CMA_ID });
  const bench = new CmaBench({}, core);
  const ringId = 'subnet:198.18.0.0/24' as const;
  const members = [1, 2, 3].map((n, i) => ({ hostId: hid(n), ringId, position: i }));
  const hosts = [hostRecord(1), hostRecord(2, { status: 'dead' }), hostRecord(3), hostRecord(4)];
  const effects = bench.run({ kind: 'restore', hosts, members: [...members, { hostId: hid(1), ringId: 'top', position: 0 }, { hostId: hid(2), ringId: 'top', position: 1 }] });
  t.false(core.ringSet.has(hid(2)));
  t.true(core.ringSet.has(hid(4)));
  t.deepEqual(checkRingInvariants(core.ringSet), []);
  t.false(effectsOf(effects, 'send').some((e) => e.to === hid(2)));
  t.true((effectsOf(effects, 'store')[0]?.batch.ringChanges.length ?? 0) > 0);
  t.deepEqual(effectsOf(effects, 'log').filter((l) => l.level === 'warn').length, 2);
});

test('restore must come first, and corrupt memberships are CMA_BAD_RESTORE', (t) => {
  const core = new CmaCore({ cmaId: CMA_ID });
  core.handle({ kind: 'timer' }, 0, 0);
  const late = t.throws(() => core.handle({ kind: 'restore', hosts: [], members: [] }, 1, 1), { instanceOf: CmaError });
  t.is(late.code, 'CMA_ALREADY_STARTED');
  const ringId = 'subnet:198.18.0.0/24' as const;
  const twice = [
    { hostId: hid(1), ringId, position: 0 },
    { hostId: hid(2), ringId, position: 0 },
  ];
  const bad = t.throws(() => new CmaCore({ cmaId: CMA_ID }).handle({ kind: 'restore', hosts: [hostRecord(1), hostRecord(2)], members: twice }, 0, 0), { instanceOf: CmaError });
  t.is(bad.code, 'CMA_BAD_RESTORE');
  t.is((bad.cause as { code?: string } | undefined)?.code, 'RING_BAD_RECORD');
  const placement = t.throws(() => new CmaCore({ cmaId: CMA_ID }).handle({ kind: 'restore', hosts: [hostRecord(1, { placement: 'nowhere' as 'subnet:x' })], members: [] }, 0, 0), { instanceOf: CmaError });
  t.is(placement.code, 'CMA_BAD_RESTORE');
});
