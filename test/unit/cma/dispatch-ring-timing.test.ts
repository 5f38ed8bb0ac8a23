// Per-ring timing overrides (`cma run --ring-timing RING=TIMING`): parsing, validation, and the SENDEXPECTHB of an
// edge carrying its ring's timing to both ends (the nanoprobes run what they are told), kept across a restore.
import test from 'ava';
import { CmaCore, CmaError, LAN_TIMING, WAN_TIMING, parseRingTiming, parseTiming, resolveCmaConfig } from '../../../cma/dispatch/index.ts';
import type { CmaEffect } from '../../../cma/dispatch/index.ts';
import { MemoryGraphStore } from '../../../cma/store/index.ts';
import type { Timing } from '../../../protocol/index.ts';
import { CMA_ID, CmaBench, effectsOf, hid } from '../../helpers/cma-harness.ts';

const WAN_SUBNET = 'subnet:198.18.1.0/24';

/** ringId → timings carried by the SENDEXPECTHBs among `effects`. */
function timingsByRing(effects: readonly CmaEffect[]): Map<string, Timing[]> {
  const out = new Map<string, Timing[]>();
  for (const e of effectsOf(effects, 'send')) {
    if (e.msg.type !== 'SENDEXPECTHB') continue;
    out.set(e.msg.ringId, [...(out.get(e.msg.ringId) ?? []), e.msg.timing]);
  }
  return out;
}

test('parseTiming: presets and INTERVAL/LATE/DEAD in ms or seconds', (t) => {
  t.deepEqual(parseTiming('wan'), WAN_TIMING);
  t.deepEqual(parseTiming('lan'), LAN_TIMING);
  t.deepEqual(parseTiming('2000/5000/8000'), { intervalMs: 2_000, lateMs: 5_000, deadMs: 8_000 });
  t.deepEqual(parseTiming('2s/5s/8s'), { intervalMs: 2_000, lateMs: 5_000, deadMs: 8_000 });
  t.deepEqual(parseTiming('500ms/1.5s/2s'), { intervalMs: 500, lateMs: 1_500, deadMs: 2_000 });
});

for (const [spec, why] of [
  ['fast', /want lan, wan or INTERVAL\/LATE\/DEAD/],
  ['1000/2000', /want lan, wan or INTERVAL\/LATE\/DEAD/],
  ['3000/2000/1000', /0 < interval < late < dead/],
  ['0/1/2', /0 < interval < late < dead/],
  ['1/2/-3', /want lan, wan/],
] as const) {
  test(`parseTiming refuses ${JSON.stringify(spec)} with CMA_BAD_CONFIG`, (t) => {
    const err = t.throws(() => parseTiming(spec), { instanceOf: CmaError });
    t.is(err.code, 'CMA_BAD_CONFIG');
    t.regex(err.message, why);
  });
}

test('parseRingTiming: RING=TIMING for subnet, switch and top rings; the last = separates (chassis ids may hold =)', (t) => {
  t.deepEqual(parseRingTiming(`${WAN_SUBNET}=wan`), { ringId: WAN_SUBNET, timing: WAN_TIMING });
  t.deepEqual(parseRingTiming('switch:a=b=2s/5s/8s'), { ringId: 'switch:a=b', timing: { intervalMs: 2_000, lateMs: 5_000, deadMs: 8_000 } });
  t.deepEqual(parseRingTiming('top=lan'), { ringId: 'top', timing: LAN_TIMING });
  for (const bad of ['wan', '=wan', 'rack:7=wan', 'subnet:=wan']) {
    t.throws(() => parseRingTiming(bad), { instanceOf: CmaError, message: /want RING=TIMING/ }, bad);
  }
});

test('resolveCmaConfig checks the overrides: each ring once, valid ids and timings; the result is frozen', (t) => {
  const cfg = resolveCmaConfig({ cmaId: CMA_ID, ringTimings: [{ ringId: WAN_SUBNET, timing: WAN_TIMING }] });
  t.deepEqual(cfg.ringTimings, [{ ringId: WAN_SUBNET, timing: WAN_TIMING }]);
  t.true(Object.isFrozen(cfg.ringTimings) && Object.isFrozen(cfg.ringTimings[0]));
  t.throws(() => resolveCmaConfig({ cmaId: CMA_ID, ringTimings: [{ ringId: WAN_SUBNET, timing: WAN_TIMING }, { ringId: WAN_SUBNET, timing: LAN_TIMING }] }), { message: /given twice/ });
  t.throws(() => resolveCmaConfig({ cmaId: CMA_ID, ringTimings: [{ ringId: WAN_SUBNET, timing: { intervalMs: 5, lateMs: 5, deadMs: 9 } }] }), { message: /interval < late < dead/ });
  t.throws(() => resolveCmaConfig({ cmaId: CMA_ID, ringTimings: [{ ringId: 'nowhere' as 'top', timing: WAN_TIMING }] }), { message: /not a ring id/ });
});

test('an overridden ring\'s edges carry its timing to both ends; other rings and the top ring keep the default', (t) => {
  const bench = new CmaBench({ ringTimings: [parseRingTiming(`${WAN_SUBNET}=wan`)] });
  const effects: CmaEffect[] = [];
  for (let n = 1; n <= 4; n++) effects.push(...bench.register(n, 0));
  for (let n = 5; n <= 8; n++) effects.push(...bench.register(n, 1));
  const byRing = timingsByRing(effects);
  t.true((byRing.get(WAN_SUBNET)?.length ?? 0) >= 8, 'both ends of every edge of the wan ring were told');
  t.true(byRing.get(WAN_SUBNET)?.every((x) => x.intervalMs === WAN_TIMING.intervalMs && x.lateMs === WAN_TIMING.lateMs && x.deadMs === WAN_TIMING.deadMs));
  t.true(byRing.get('subnet:198.18.0.0/24')?.every((x) => x.deadMs === LAN_TIMING.deadMs));
  t.true(byRing.get('top')?.every((x) => x.deadMs === LAN_TIMING.deadMs));
  const rings = bench.core.rings();
  t.deepEqual(rings.find((r) => r.ringId === WAN_SUBNET)?.timing, WAN_TIMING, '`cma rings` shows the override');
  t.deepEqual(rings.find((r) => r.ringId === 'subnet:198.18.0.0/24')?.timing, LAN_TIMING);
  // SETCONFIG still carries the CMA's default timing (what a nanoprobe uses before it has any ring).
  const setConfig = effectsOf(effects, 'send').find((e) => e.msg.type === 'SETCONFIG' && e.to === hid(5));
  t.deepEqual(setConfig?.msg.type === 'SETCONFIG' ? setConfig.msg.timing : undefined, LAN_TIMING);
});

test('the override survives a CMA restart: the restored core re-sends the wan timing when a nanoprobe resyncs', async (t) => {
  const overrides = [parseRingTiming(`${WAN_SUBNET}=3s/10s/30s`)];
  const old = new CmaBench({ ringTimings: overrides });
  for (let n = 1; n <= 3; n++) old.register(n, 1);
  const store = new MemoryGraphStore();
  await old.flush(store);
  const bench = new CmaBench({}, new CmaCore({ cmaId: CMA_ID, cmaSession: 8, ringTimings: overrides }));
  bench.at(old.nowMs + 60_000);
  bench.run({ kind: 'restore', hosts: await store.loadHosts(), members: await store.loadRingMembers() });
  t.deepEqual(bench.core.rings().find((r) => r.ringId === WAN_SUBNET)?.timing, WAN_TIMING);
  const resync = bench.register(2, 1, 1); // same session: a resync STARTUP over the channel
  const told = timingsByRing(resync).get(WAN_SUBNET) ?? [];
  t.true(told.length >= 1);
  t.true(told.every((x) => x.deadMs === WAN_TIMING.deadMs));
});
