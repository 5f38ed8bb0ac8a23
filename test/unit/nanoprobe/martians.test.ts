// HBMARTIAN: a stranger heartbeating at us is reported at most once per martianReportIntervalMs (10 s), per
// stranger, with a bounded memory of strangers; each report is held martianGraceMs (3 s) and dropped when the
// stranger's SENDEXPECTHB lands meanwhile (a ring edge forming).
import test from 'ava';
import { MartianLimiter } from '../../../nanoprobe/core/index.ts';
import { addrOf, configuredDriver, expect as expectHb, heartbeatFrom, heartbeats, hostId } from '../../helpers/nanoprobe-fixtures.ts';

// t(s)      0 1 2 3 ... 9 10 11 12 13 ... 20 ... 23 24 25
// stranger9 h h h h ... h h  h  h  h  ... h  ... h  h  h
// held      H             H                 H
// report          M             M                 M       (one per 10 s, each 3 s after its first heartbeat)
test('a stranger heartbeating every second is reported once per 10 s, after the grace period', (t) => {
  const d = configuredDriver(1, []);
  d.run(25_000, heartbeats(9, 0, 25_000));
  const reports = d.reports();
  t.deepEqual(reports.map((r) => r.atMs), [3_000, 13_000, 23_000]);
  t.deepEqual(reports[0]?.msg, { type: 'HBMARTIAN', peerId: hostId(9), address: addrOf(9), ringId: 'ring-a' });
  const c = d.core.status(25_000).counters;
  t.is(c.martianHeartbeats, 26);
  t.is(c.martianReports, 3);
});

test('strangers are rate-limited independently', (t) => {
  const d = configuredDriver(1, []);
  d.run(5000, [...heartbeats(8, 0, 5000), ...heartbeats(9, 500, 5500)]);
  t.deepEqual(
    d.reports().map((r) => [r.atMs, 'peerId' in r.msg ? r.msg.peerId : '']),
    [
      [3_000, hostId(8)],
      [3_500, hostId(9)],
    ],
  );
});

// t(ms)   0            100                1000 … 5000
// h9      h (held)     SENDEXPECTHB(h9)   h … h
// report  —            (held report dropped: a forming edge, not a martian)
test('a forming edge is quiet: the stranger\'s SENDEXPECTHB within the grace period drops the held report', (t) => {
  const d = configuredDriver(1, []);
  const first = d.feed(heartbeatFrom(9), 0);
  t.false(first.some((e) => e.kind === 'send-cma'), 'nothing sent on the first heartbeat');
  t.is(d.core.status(0).martianReportsHeld, 1);
  t.is(d.core.status(0).wakeAtMs, 3_000, 'the core wakes when the held report is due');
  d.feed(expectHb(9), 100);
  d.run(10_000, heartbeats(9, 1000, 10_000));
  t.deepEqual(d.reports(), []);
  const s = d.core.status(10_000);
  t.is(s.counters.martiansForgiven, 1);
  t.is(s.counters.martianReports, 0);
  t.is(s.martianReportsHeld, 0);
  t.is(s.counters.heartbeatsReceived, 10);
});

test('a SENDEXPECTHB after the grace period comes too late: the martian was reported once', (t) => {
  const d = configuredDriver(1, []);
  d.feed(heartbeatFrom(9), 0);
  d.run(3_500, heartbeats(9, 1000, 3_000));
  d.feed(expectHb(9), 3_500);
  d.run(6_000, heartbeats(9, 4000, 6_000));
  t.deepEqual(d.reports().map((r) => [r.atMs, r.msg.type]), [[3_000, 'HBMARTIAN']]);
  t.is(d.core.status(6_000).counters.martiansForgiven, 0);
});

test('martianGraceMs 0 reports at once (the behaviour before the grace period)', (t) => {
  const d = configuredDriver(1, [], { martianGraceMs: 0 });
  d.feed(heartbeatFrom(9), 0);
  d.feed(expectHb(9), 100);
  t.deepEqual(d.reports().map((r) => [r.atMs, r.msg.type]), [[0, 'HBMARTIAN']]);
});

test('held reports are bounded by maxStrangers: beyond it the oldest is sent at once', (t) => {
  const limiter = new MartianLimiter(10_000, 2, 3_000);
  const at = { host: '10.0.0.9', port: 1984 };
  for (const [i, id] of ['a', 'b', 'c'].entries()) {
    t.true(limiter.allow(id, i));
    t.is(limiter.hold(id, at, 'ring-a', i), undefined);
  }
  t.deepEqual(limiter.due(2).map((m) => m.peerId), ['a'], 'a third hold pushes out the oldest');
  t.is(limiter.heldCount, 2);
  t.is(limiter.earliestDueMs(), 3_001);
  t.deepEqual(limiter.due(3_002).map((m) => [m.peerId, m.dueMs]), [['b', 3_001], ['c', 3_002]]);
  t.is(limiter.earliestDueMs(), undefined);
});

test('our own heartbeat looped back is ignored, not a martian', (t) => {
  const d = configuredDriver(1, []);
  d.feed(heartbeatFrom(1), 10);
  t.is(d.reports().length, 0);
  t.is(d.core.status(10).counters.inputsIgnored, 1);
});

test('MartianLimiter forgets the stranger reported longest ago beyond maxStrangers', (t) => {
  const limiter = new MartianLimiter(10_000, 3);
  t.true(limiter.allow('a', 0));
  t.true(limiter.allow('b', 1));
  t.true(limiter.allow('c', 2));
  t.false(limiter.allow('a', 3), 'a is remembered and rate-limited');
  t.true(limiter.allow('d', 4), 'a fourth stranger evicts the oldest (a)');
  t.is(limiter.size, 3);
  t.true(limiter.allow('a', 5), 'a was forgotten, so it is reported again');
  t.false(limiter.allow('c', 6));
  t.true(limiter.allow('c', 10_002), 'allowed again after the interval');
});

test('a flood of forged stranger ids keeps the memory bounded', (t) => {
  const d = configuredDriver(1, [], { maxStrangers: 16 });
  for (let i = 0; i < 1000; i++) d.feed(heartbeatFrom(100 + i), i);
  t.is(d.core.status(1000).strangersRemembered, 16);
});

// t(s)   0 … 4   5 (STOP h9)  6 … 14   15 … 18 19
// h9     h   h   h             h   h    h  h      (h9 has not got its own STOP yet)
// report                                     M    (quiet for one interval after removal, held 3 s, then reported)
test('a just-removed peer is not reported as martian for one interval, then is', (t) => {
  const d = configuredDriver(1, []);
  d.feed(expectHb(9), 0);
  d.run(5_000, heartbeats(9, 0, 5_000));
  d.feed({ kind: 'cma', msg: { type: 'STOPSENDEXPECTHB', peerId: hostId(9), ringId: 'ring-a' } }, 5_000);
  d.run(19_000, heartbeats(9, 5_500, 19_000));
  t.deepEqual(
    d.reports().filter((r) => r.msg.type === 'HBMARTIAN').map((r) => r.atMs),
    [18_500],
  );
});
