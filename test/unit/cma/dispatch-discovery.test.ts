// CmaCore and discovery: the plan SETCONFIG carries, DODISCOVER for kinds whose STARTUP hash the store does not
// hold (a CMA that lost its data gets it again), LLDP placement. Explicit times, no clock.
import test from 'ava';
import { CmaCore, CmaError, DEFAULT_DISCOVERY_PLAN, type CmaEffect } from '../../../cma/dispatch/index.ts';
import { MemoryGraphStore } from '../../../cma/store/index.ts';
import type { DiscoveryPlanItem, Startup } from '../../../protocol/index.ts';
import { CMA_ID, CmaBench, effectsOf, hid, startupOf } from '../../helpers/cma-harness.ts';

const withHashes = (n: number, hashes: Record<string, string>, sessionId = 1): Startup => ({
  ...startupOf(n, 0, sessionId),
  discoveryHashes: Object.entries(hashes).map(([kind, hash]) => ({ kind, hash })),
});

const doDiscovers = (effects: readonly CmaEffect[]): string[] =>
  effectsOf(effects, 'send').flatMap((e) => (e.msg.type === 'DODISCOVER' ? [`${e.to === hid(1) ? 1 : e.to} ${e.msg.kind} ${e.msg.intervalMs}/${e.msg.timeoutMs}`] : []));

test('SETCONFIG carries the default plan: netstat 60 s/10 s, arp 60 s/5 s, inventory 1 h/30 s, lldp 30 s/10 s', (t) => {
  const bench = new CmaBench();
  const setConfig = effectsOf(bench.register(1), 'send').find((e) => e.msg.type === 'SETCONFIG')?.msg;
  t.deepEqual(setConfig?.type === 'SETCONFIG' ? setConfig.discovery : undefined, [
    { kind: 'netstat', intervalMs: 60_000, timeoutMs: 10_000 },
    { kind: 'arp', intervalMs: 60_000, timeoutMs: 5_000 },
    { kind: 'inventory', intervalMs: 3_600_000, timeoutMs: 30_000 },
    { kind: 'lldp', intervalMs: 30_000, timeoutMs: 10_000 },
  ]);
  t.deepEqual(DEFAULT_DISCOVERY_PLAN.map((d) => d.kind), ['netstat', 'arp', 'inventory', 'lldp']);
});

test('a configured plan (or none) is what SETCONFIG carries', (t) => {
  const plan: DiscoveryPlanItem[] = [{ kind: 'netstat', intervalMs: 5_000, timeoutMs: 1_000 }];
  const one = new CmaBench({ discovery: plan });
  const msg = effectsOf(one.register(1), 'send')[0]?.msg;
  t.deepEqual(msg?.type === 'SETCONFIG' ? msg.discovery : undefined, plan);
  const none = new CmaBench({ discovery: [] });
  const empty = effectsOf(none.register(1), 'send')[0]?.msg;
  t.deepEqual(empty?.type === 'SETCONFIG' ? empty.discovery : undefined, []);
});

test('a bad plan is CMA_BAD_CONFIG: duplicate kind, timeout longer than interval, bad name', (t) => {
  for (const discovery of [
    [{ kind: 'arp', intervalMs: 1_000, timeoutMs: 500 }, { kind: 'arp', intervalMs: 2_000, timeoutMs: 500 }],
    [{ kind: 'arp', intervalMs: 1_000, timeoutMs: 2_000 }],
    [{ kind: 'ARP x', intervalMs: 1_000, timeoutMs: 500 }],
    [{ kind: 'arp', intervalMs: 0, timeoutMs: 0 }],
  ]) {
    const err = t.throws(() => new CmaCore({ cmaId: CMA_ID, discovery }), { instanceOf: CmaError });
    t.is(err.code, 'CMA_BAD_CONFIG');
  }
});

test('a new host announcing hashes the CMA does not hold gets one DODISCOVER per planned kind, after SETCONFIG', (t) => {
  const bench = new CmaBench();
  const effects = bench.run({ kind: 'startup', msg: withHashes(1, { netstat: 'n1', arp: 'a1', unplanned: 'x' }), viaChannel: false });
  const sendsTo1 = effectsOf(effects, 'send').filter((e) => e.to === hid(1)).map((e) => e.msg.type);
  t.is(sendsTo1[0], 'SETCONFIG');
  t.deepEqual(doDiscovers(effects), ['1 netstat 60000/10000', '1 arp 60000/5000'], 'kinds with no hash (nothing sent yet) and unplanned kinds are not asked for');
});

test('hashes the CMA stored are not asked for again; a changed or lost one is', (t) => {
  const bench = new CmaBench();
  bench.register(1);
  bench.report(1, { type: 'DISCOVERY', kind: 'netstat', hash: 'n1', full: true, payload: { processes: [], listeners: [], connections: [] } });
  bench.report(1, { type: 'DISCOVERY', kind: 'arp', hash: 'a1', full: true, payload: { neighbours: [] } });
  const same = bench.run({ kind: 'startup', msg: withHashes(1, { netstat: 'n1', arp: 'a1' }, 2), viaChannel: true, seq: 99 });
  t.deepEqual(doDiscovers(same), []);
  const changed = bench.run({ kind: 'startup', msg: withHashes(1, { netstat: 'n2', arp: 'a1', inventory: 'i1' }, 3), viaChannel: true, seq: 100 });
  t.deepEqual(doDiscovers(changed), ['1 netstat 60000/10000', '1 inventory 3600000/30000']);
});

test('a restored CMA compares with the stored hashes: only what the store lacks is asked for', async (t) => {
  const first = new CmaBench();
  first.register(1);
  first.report(1, { type: 'DISCOVERY', kind: 'netstat', hash: 'n1', full: true, payload: { processes: [], listeners: [], connections: [] } });
  const store = new MemoryGraphStore();
  await first.flush(store);
  t.deepEqual(await store.loadDiscoveryHashes(), [{ hostId: hid(1), kind: 'netstat', hash: 'n1' }]);
  const restored = new CmaBench();
  restored.run({ kind: 'restore', hosts: await store.loadHosts(), members: await store.loadRingMembers(), discoveryHashes: await store.loadDiscoveryHashes() });
  const effects = restored.run({ kind: 'startup', msg: withHashes(1, { netstat: 'n1', arp: 'a1' }, 2), viaChannel: true, seq: 5 });
  t.deepEqual(doDiscovers(effects), ['1 arp 60000/5000']);
  // A CMA that lost everything (restore without hashes) asks for every announced kind.
  const empty = new CmaBench();
  empty.run({ kind: 'restore', hosts: await store.loadHosts(), members: await store.loadRingMembers() });
  t.deepEqual(doDiscovers(empty.run({ kind: 'startup', msg: withHashes(1, { netstat: 'n1', arp: 'a1' }, 2), viaChannel: true, seq: 5 })), ['1 netstat 60000/10000', '1 arp 60000/5000']);
});

test('cma run --discovery: default, none, and KIND=INTERVAL[/TIMEOUT] over the defaults', async (t) => {
  const { discoveryPlanOption } = await import('../../../cma/commands/run.ts');
  t.deepEqual(discoveryPlanOption('default'), [...DEFAULT_DISCOVERY_PLAN]);
  t.deepEqual(discoveryPlanOption('none'), []);
  const plan = discoveryPlanOption('netstat=10s/2s,cdp=1m');
  t.deepEqual(plan.find((d) => d.kind === 'netstat'), { kind: 'netstat', intervalMs: 10_000, timeoutMs: 2_000 });
  t.deepEqual(plan.find((d) => d.kind === 'cdp'), { kind: 'cdp', intervalMs: 60_000, timeoutMs: 15_000 });
  t.is(plan.length, 5);
  t.throws(() => discoveryPlanOption('netstat=fast'), { message: /KIND=INTERVAL/ });
});
