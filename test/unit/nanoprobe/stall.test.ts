// The stale-view rule (DESIGN §4, integration test "SIGSTOP an observer for 5 s"): silence the core slept through
// is not evidence against its peers. Legend as in heartbeat-timeline.test.ts; S = the core is not run (stopped).
import test from 'ava';
import { configuredDriver, heartbeatFrom, heartbeats, reportSummary } from '../../helpers/nanoprobe-fixtures.ts';

// t(s)   0 ... 10 [S S S S S] 15 15.1 15.2 16 ...
// peers  h ... h   (queued)   T  h2   h3   h  ...     T = timer fires first on waking
// report (none)
test('a 5 s stall, then peers heartbeat right after the wake: no HBLATE/HBDEAD', (t) => {
  const d = configuredDriver(1, [2, 3]);
  d.run(10_000, [...heartbeats(2, 1000, 10_000), ...heartbeats(3, 1000, 10_000)]);
  const sentBefore = d.heartbeatTimes(2).length;
  // Worst case: the timer is handled before the heartbeats queued in the socket buffer.
  d.feed({ kind: 'timer' }, 15_000);
  d.run(60_000, [
    { atMs: 15_100, input: heartbeatFrom(2, 11) },
    { atMs: 15_200, input: heartbeatFrom(3, 11) },
    ...heartbeats(2, 16_100, 60_000),
    ...heartbeats(3, 16_200, 60_000),
  ]);
  t.deepEqual(reportSummary(d.reports()), []);
  const status = d.core.status(60_000);
  t.is(status.counters.stalls, 1);
  t.true(d.effectsOf('log').some(({ atMs, effect }) => atMs === 15_000 && effect.level === 'warn' && effect.context['gapMs'] === 5_000));
  // One heartbeat on waking, not a burst of the five missed ones.
  t.deepEqual(d.heartbeatTimes(2).slice(sentBefore, sentBefore + 3), [15_000, 16_000, 17_000]);
});

// t(s)   0 ... 10 [S S S S S] 15 16 17 18
// peer2  h ... h              .  .  .  .     silent after the wake too
// report                            L  D     counted from the wake (15 s), not from 10 s
test('a peer that stays silent after a stall is late/dead counted from the wake', (t) => {
  const d = configuredDriver(1, [2]);
  d.run(10_000, heartbeats(2, 1000, 10_000));
  d.feed({ kind: 'timer' }, 15_000);
  d.run(30_000);
  t.deepEqual(reportSummary(d.reports()), ['17000 HBLATE 7000', '18000 HBDEAD 8000']);
});

// t(s)   0 ... 10 [S] 11.5 12 ...       gap 1.5 s ≤ max(2 × 1 s, 2 s): not a stall
// peer2  h ... h       .    .
// report               L(at 12 s, 2 s after the last heartbeat)
test('a gap below the stall threshold is not a stall', (t) => {
  const d = configuredDriver(1, [2]);
  d.run(10_000, heartbeats(2, 1000, 10_000));
  d.feed({ kind: 'timer' }, 11_500);
  d.run(12_000);
  t.is(d.core.status(12_000).counters.stalls, 0);
  t.deepEqual(reportSummary(d.reports()), ['12000 HBLATE 2000']);
});

test('a dead peer stays dead (no new reports) across a stall', (t) => {
  const d = configuredDriver(1, [2]);
  d.run(10_000);
  t.deepEqual(reportSummary(d.reports()), ['2000 HBLATE 2000', '3000 HBDEAD 3000']);
  d.feed({ kind: 'timer' }, 20_000);
  d.run(40_000);
  t.is(d.reports().length, 2);
  t.is(d.core.status(40_000).peers[0]?.health, 'dead');
});

test('without peers a long gap is not a stall (the shell was just sleeping until wakeAt)', (t) => {
  const d = configuredDriver(1, []);
  d.feed({ kind: 'timer' }, 100_000);
  t.is(d.core.status(100_000).counters.stalls, 0);
});
