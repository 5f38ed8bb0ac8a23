// HBMARTIAN: a stranger heartbeating at us is reported at most once per martianReportIntervalMs (10 s), per
// stranger, with a bounded memory of strangers.
import test from 'ava';
import { MartianLimiter } from '../../../nanoprobe/core/index.ts';
import { addrOf, configuredDriver, expect as expectHb, heartbeatFrom, heartbeats, hostId } from '../../helpers/nanoprobe-fixtures.ts';

// t(s)      0 1 2 ... 9 10 11 ... 19 20 ... 25
// stranger9 h h h ... h h  h  ... h  h  ... h
// report    M           M            M          (one per 10 s)
test('a stranger heartbeating every second is reported once per 10 s', (t) => {
  const d = configuredDriver(1, []);
  d.run(25_000, heartbeats(9, 0, 25_000));
  const reports = d.reports();
  t.deepEqual(reports.map((r) => r.atMs), [0, 10_000, 20_000]);
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
      [0, hostId(8)],
      [500, hostId(9)],
    ],
  );
});

test('a stranger that becomes a peer is no longer a martian', (t) => {
  const d = configuredDriver(1, []);
  d.feed(heartbeatFrom(9), 0);
  d.feed(expectHb(9), 100);
  d.run(5000, heartbeats(9, 1000, 5000));
  t.is(d.reports().length, 1);
  t.is(d.core.status(5000).counters.heartbeatsReceived, 5);
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

// t(s)   0 … 4   5 (STOP h9)  6 … 14   15 16 …
// h9     h   h   h             h   h    h  h      (h9 has not got its own STOP yet)
// report                                 M        (quiet for one interval after removal, then reported)
test('a just-removed peer is not reported as martian for one interval, then is', (t) => {
  const d = configuredDriver(1, []);
  d.feed(expectHb(9), 0);
  d.run(5_000, heartbeats(9, 0, 5_000));
  d.feed({ kind: 'cma', msg: { type: 'STOPSENDEXPECTHB', peerId: hostId(9), ringId: 'ring-a' } }, 5_000);
  d.run(16_000, heartbeats(9, 5_500, 16_000));
  t.deepEqual(
    d.reports().filter((r) => r.msg.type === 'HBMARTIAN').map((r) => r.atMs),
    [15_500],
  );
});
