// Config resolution, identity checks, timing presets and the pure deadline arithmetic.
import test from 'ava';
import {
  DEFAULT_NANOPROBE_CONFIG,
  NanoprobeCore,
  TIMING_PRESETS,
  dueAlarm,
  isStall,
  nextAlarm,
  nextSendMs,
  resolveNanoprobeConfig,
  silenceOriginMs,
  stallThresholdMs,
  strictestTiming,
  timingProblem,
} from '../../../nanoprobe/core/index.ts';
import type { NanoprobeConfig } from '../../../nanoprobe/core/index.ts';
import { initFor } from '../../helpers/nanoprobe-fixtures.ts';

const LAN = TIMING_PRESETS.lan;

test('defaults and presets are the documented values, frozen', (t) => {
  t.deepEqual(TIMING_PRESETS, { lan: { intervalMs: 1000, lateMs: 2000, deadMs: 3000 }, wan: { intervalMs: 3000, lateMs: 10_000, deadMs: 30_000 } });
  t.like(DEFAULT_NANOPROBE_CONFIG, { startupRetryMs: 5000, martianReportIntervalMs: 10_000, martianGraceMs: 3_000, maxStrangers: 1024, maxPeers: 64 });
  t.deepEqual(DEFAULT_NANOPROBE_CONFIG.timing, LAN);
  const c = resolveNanoprobeConfig({ maxPeers: 8, timing: TIMING_PRESETS.wan });
  t.is(c.maxPeers, 8);
  t.true(Object.isFrozen(c) && Object.isFrozen(c.timing));
});

const badConfigs: [string, Partial<NanoprobeConfig>][] = [
  ['startupRetryMs too small', { startupRetryMs: 5 }],
  ['maxPeers zero', { maxPeers: 0 }],
  ['maxStrangers fractional', { maxStrangers: 1.5 }],
  ['jitter over 0.5', { startupRetryJitter: 0.9 }],
  ['NaN interval', { martianReportIntervalMs: Number.NaN }],
  ['timing out of order', { timing: { intervalMs: 1000, lateMs: 3000, deadMs: 2000 } }],
];
for (const [name, partial] of badConfigs) {
  test(`resolveNanoprobeConfig rejects ${name} with NANO_BAD_CONFIG`, (t) => {
    const err = t.throws(() => resolveNanoprobeConfig(partial));
    t.is((err as { code?: string }).code, 'NANO_BAD_CONFIG');
  });
}

test('a bad identity is rejected at construction', (t) => {
  for (const bad of [{ hostId: 'XYZ' }, { publicKey: new Uint8Array(5) }, { addresses: [] }, { sessionId: -1 }, { addresses: [{ host: '10.0.0.1', port: 70_000 }] }]) {
    const err = t.throws(() => new NanoprobeCore({ ...initFor(1), ...bad }));
    t.is((err as { code?: string }).code, 'NANO_BAD_CONFIG');
  }
});

test('timingProblem and strictestTiming', (t) => {
  t.is(timingProblem(LAN), undefined);
  t.regex(timingProblem({ intervalMs: 0, lateMs: 1, deadMs: 2 }) ?? '', /intervalMs/);
  t.regex(timingProblem({ intervalMs: 5, lateMs: 5, deadMs: 9 }) ?? '', /intervalMs < lateMs < deadMs/);
  t.deepEqual(strictestTiming([TIMING_PRESETS.wan, { intervalMs: 2000, lateMs: 20_000, deadMs: 25_000 }]), { intervalMs: 2000, lateMs: 10_000, deadMs: 25_000 });
});

// Deadline table, lan timing, silence origin 10 s:
// t(s)    10 11 12 13 14
// alarm   .  .  L  D  .
const alarmCases: [number, { late: boolean; dead: boolean }, string | undefined][] = [
  [11_999, { late: false, dead: false }, undefined],
  [12_000, { late: false, dead: false }, 'late'],
  [12_500, { late: true, dead: false }, undefined],
  [13_000, { late: true, dead: false }, 'dead'],
  [13_000, { late: false, dead: false }, 'dead'], // both crossed at once: dead supersedes late
  [99_000, { late: true, dead: true }, undefined],
];
for (const [now, reported, want] of alarmCases) {
  test(`dueAlarm at ${now} with ${JSON.stringify(reported)} → ${want ?? 'none'}`, (t) => {
    t.is(dueAlarm(10_000, LAN, reported, now), want as never);
  });
}

test('nextAlarm, silenceOriginMs, stall threshold, nextSendMs', (t) => {
  t.deepEqual(nextAlarm(10_000, LAN, { late: false, dead: false }), { alarm: 'late', atMs: 12_000 });
  t.deepEqual(nextAlarm(10_000, LAN, { late: true, dead: false }), { alarm: 'dead', atMs: 13_000 });
  t.is(nextAlarm(10_000, LAN, { late: true, dead: true }), undefined);
  t.is(silenceOriginMs(5000, 7000), 7000);
  t.is(stallThresholdMs(LAN), 2000);
  t.is(stallThresholdMs(TIMING_PRESETS.wan), 10_000);
  t.is(stallThresholdMs({ intervalMs: 1000, lateMs: 1500, deadMs: 3000 }), 2000);
  t.false(isStall(2000, LAN));
  t.true(isStall(2001, LAN));
  t.is(nextSendMs(12_345, 1000), 13_345);
});
