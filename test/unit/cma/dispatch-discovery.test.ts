// CmaCore and discovery: the plan SETCONFIG carries, DODISCOVER for kinds whose STARTUP hash the store does not
// hold (a CMA that lost its data gets it again), LLDP placement. Explicit times, no clock.
import test from 'ava';
import { CmaCore, CmaError, DEFAULT_DISCOVERY_PLAN, type CmaConfig, type CmaEffect } from '../../../cma/dispatch/index.ts';
import { MemoryGraphStore } from '../../../cma/store/index.ts';
import { contentHash, indexAndDiff, type Discovery, type DiscoveryPlanItem, type Startup } from '../../../protocol/index.ts';
import { CMA_ID, CmaBench, effectsOf, hid, startupOf } from '../../helpers/cma-harness.ts';
import { SWITCH, inventory, mac, webLldp, webNetstat } from '../../helpers/discovery-payloads.ts';

const withHashes = (n: number, hashes: Record<string, string>, sessionId = 1): Startup => ({
  ...startupOf(n, 0, sessionId),
  discoveryHashes: Object.entries(hashes).map(([kind, hash]) => ({ kind, hash })),
});

const doDiscovers = (effects: readonly CmaEffect[]): string[] =>
  effectsOf(effects, 'send').flatMap((e) => (e.msg.type === 'DODISCOVER' ? [`${e.to === hid(1) ? 1 : e.to} ${e.msg.kind} ${e.msg.intervalMs}/${e.msg.timeoutMs}`] : []));

test('SETCONFIG carries the default plan: netstat 60 s/10 s, arp 60 s/5 s, inventory 1 h/30 s, lldp 30 s/10 s, facts 5 min/30 s', (t) => {
  const bench = new CmaBench();
  const setConfig = effectsOf(bench.register(1), 'send').find((e) => e.msg.type === 'SETCONFIG')?.msg;
  t.deepEqual(setConfig?.type === 'SETCONFIG' ? setConfig.discovery : undefined, [
    { kind: 'netstat', intervalMs: 60_000, timeoutMs: 10_000 },
    { kind: 'arp', intervalMs: 60_000, timeoutMs: 5_000 },
    { kind: 'inventory', intervalMs: 3_600_000, timeoutMs: 30_000 },
    { kind: 'lldp', intervalMs: 30_000, timeoutMs: 10_000 },
    { kind: 'facts', intervalMs: 300_000, timeoutMs: 30_000 },
  ]);
  t.deepEqual(DEFAULT_DISCOVERY_PLAN.map((d) => d.kind), ['netstat', 'arp', 'inventory', 'lldp', 'facts']);
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
  t.is(plan.length, 6);
  t.throws(() => discoveryPlanOption('netstat=fast'), { message: /KIND=INTERVAL/ });
  t.deepEqual(discoveryPlanOption('lldp=off,arp=off').map((d) => d.kind), ['netstat', 'inventory', 'facts']);
});

test('a full DISCOVERY becomes graph facts in the same batch as the record; wildcard listeners use the STARTUP and inventory addresses', (t) => {
  const bench = new CmaBench();
  bench.register(1);
  const inv = bench.report(1, { type: 'DISCOVERY', kind: 'inventory', hash: 'i', full: true, payload: inventory(1, [{ name: 'eth1', mac: mac(0x11), addresses: [{ family: 4, address: '198.18.9.1', prefixLength: 24, scope: 'global' }] }]) });
  const invBatch = effectsOf(inv, 'store')[0]?.batch;
  t.is(invBatch?.discovery[0]?.kind, 'inventory');
  t.deepEqual(invBatch?.facts?.[0]?.ips.map((i) => `${i.ip} ${i.cidr}`), ['198.18.0.1 198.18.0.0/24', '198.18.9.1 198.18.9.0/24']);
  const net = bench.report(1, { type: 'DISCOVERY', kind: 'netstat', hash: 'n', full: true, payload: webNetstat() });
  const facts = effectsOf(net, 'store')[0]?.batch.facts?.[0];
  t.is(facts?.kind, 'netstat');
  // host1's STARTUP address is 198.18.0.2 (startupOf), its inventory says 198.18.0.1 and 198.18.9.1
  t.deepEqual(facts?.listens.map((l) => l.key).sort(), ['["198.18.0.1",80,"tcp"]', '["198.18.0.2",80,"tcp"]', '["198.18.9.1",80,"tcp"]']);
  t.deepEqual(facts?.connects.map((c) => c.key), ['["198.18.0.2",5432,"tcp"]', '["198.18.0.3",5432,"tcp"]', '["203.0.113.9",443,"tcp"]']);
  const diff = bench.report(1, { type: 'DISCOVERY', kind: 'netstat', hash: 'n2', full: false, payload: {} });
  t.deepEqual(effectsOf(diff, 'store')[0]?.batch.discovery ?? [], [], 'a malformed diff is not stored');
  t.deepEqual(doDiscovers(diff), ['1 netstat 60000/10000'], 'and is answered with DODISCOVER');
  t.deepEqual(bench.problems, []);
});

/** A full netstat report, then the diff (as the nanoprobe builds it) to `next`. */
function fullThenDiff(base: object, next: object): { full: Discovery; diff: Discovery } {
  const b = indexAndDiff('netstat', base, contentHash(base), undefined);
  const n = indexAndDiff('netstat', next, contentHash(next), b.index, true);
  return {
    full: { type: 'DISCOVERY', kind: 'netstat', hash: contentHash(base), full: true, payload: base },
    diff: { type: 'DISCOVERY', kind: 'netstat', hash: contentHash(next), full: false, payload: n.diff },
  };
}

test('a diff against the state the CMA holds is applied: stored whole (full: true) and interpreted like a full report', (t) => {
  const bench = new CmaBench();
  bench.register(1);
  const { full, diff } = fullThenDiff(webNetstat({ withDb2: false }), webNetstat());
  bench.report(1, full);
  const out = bench.report(1, diff);
  const batch = effectsOf(out, 'store')[0]?.batch;
  t.like(batch?.discovery[0], { kind: 'netstat', hash: diff.hash, full: true });
  t.is(contentHash(batch?.discovery[0]?.payload), diff.hash);
  t.deepEqual(batch?.facts?.[0]?.connects.map((c) => c.key), ['["198.18.0.2",5432,"tcp"]', '["198.18.0.3",5432,"tcp"]', '["203.0.113.9",443,"tcp"]']);
  t.deepEqual(doDiscovers(out), []);
  // The next diff goes against the rebuilt state.
  const again = fullThenDiff(webNetstat(), webNetstat({ withDb2: false })).diff;
  const out2 = bench.report(1, again);
  t.deepEqual(effectsOf(out2, 'store')[0]?.batch.facts?.[0]?.connects.map((c) => c.key), ['["198.18.0.2",5432,"tcp"]', '["203.0.113.9",443,"tcp"]']);
  t.deepEqual(bench.problems, []);
});

test('a diff of another base, with a wrong result hash, or whose base the CMA does not keep: nothing stored, DODISCOVER', (t) => {
  const { full, diff } = fullThenDiff(webNetstat({ withDb2: false }), webNetstat());
  const cases: [string, Partial<CmaConfig>, Discovery | undefined, Discovery][] = [
    ['unknown base (no full report yet)', {}, undefined, diff],
    ['another base', {}, { ...full, hash: 'f'.repeat(64) }, diff],
    ['wrong result hash', {}, full, { ...diff, hash: '0'.repeat(64) }],
    ['base not kept (budget 0)', { discoveryBaseChars: 0 }, full, diff],
  ];
  for (const [name, cfg, first, second] of cases) {
    const bench = new CmaBench(cfg);
    bench.register(1);
    if (first !== undefined) bench.report(1, first);
    const out = bench.report(1, second);
    t.deepEqual(effectsOf(out, 'store')[0]?.batch.discovery ?? [], [], name);
    t.deepEqual(doDiscovers(out), ['1 netstat 60000/10000'], name);
    t.true(effectsOf(out, 'log').some((l) => l.level === 'warn' && l.message.includes('diff not applied')), name);
  }
});

test('LLDP naming a switch moves the host to ring switch:<chassisId>, watched throughout (new edges before old ones stop)', (t) => {
  const bench = new CmaBench();
  for (let n = 1; n <= 4; n++) bench.register(n);
  t.is(bench.core.ringSet.ringOf(hid(1)), 'subnet:198.18.0.0/24');
  const effects = bench.report(1, { type: 'DISCOVERY', kind: 'lldp', hash: 'l', full: true, payload: webLldp() });
  t.is(bench.core.ringSet.ringOf(hid(1)), `switch:${SWITCH}`);
  t.is(bench.core.hosts().find((h) => h.hostId === hid(1))?.placement, `switch:${SWITCH}`);
  const batch = effectsOf(effects, 'store')[0]?.batch;
  t.deepEqual(batch?.events.map((e) => e.type), ['host-move']);
  t.is(batch?.hosts[0]?.placement, `switch:${SWITCH}`);
  t.is(batch?.facts?.[0]?.kind, 'lldp');
  const kinds = effectsOf(effects, 'send').map((e) => e.msg.type);
  const firstStop = kinds.indexOf('STOPSENDEXPECTHB');
  const lastStart = kinds.lastIndexOf('SENDEXPECTHB');
  t.true(firstStop === -1 || lastStart < firstStop, `no detection gap: ${kinds.join(',')}`);
  t.deepEqual(bench.viewProblems(), []);
  t.deepEqual(bench.problems, []);
  // the same LLDP again: nothing moves
  const again = bench.report(1, { type: 'DISCOVERY', kind: 'lldp', hash: 'l', full: true, payload: webLldp() });
  t.deepEqual(effectsOf(again, 'store')[0]?.batch.events, []);
  // a second host on the same switch joins the first one's ring
  bench.report(2, { type: 'DISCOVERY', kind: 'lldp', hash: 'l2', full: true, payload: webLldp('Gi0/7') });
  t.deepEqual(bench.core.rings().find((r) => r.ringId === `switch:${SWITCH}`)?.members.slice().sort(), [hid(1), hid(2)]);
  t.deepEqual(bench.viewProblems(), []);
});

test('LLDP with no neighbour keeps the placement', (t) => {
  const bench = new CmaBench();
  bench.register(1);
  bench.report(1, { type: 'DISCOVERY', kind: 'lldp', hash: 'l', full: true, payload: { neighbours: [] } });
  t.is(bench.core.ringSet.ringOf(hid(1)), 'subnet:198.18.0.0/24');
});
