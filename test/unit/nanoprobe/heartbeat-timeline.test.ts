// Timeline tests of the failure detector (STYLE practice 20): one peer, lan timing (interval 1 s, late 2 s,
// dead 3 s), the core driven exactly at its wakeAt and at each heartbeat arrival. Legend: h = heartbeat from the
// peer, . = silence, L = HBLATE, D = HBDEAD, B = HBBACKALIVE (with silentForMs after the time).
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { TIMING_PRESETS } from '../../../nanoprobe/core/index.ts';
import type { Timing } from '../../../protocol/messages.ts';
import { Driver, expect as expectHb, heartbeats, initFor, reportSummary, setConfig } from '../../helpers/nanoprobe-fixtures.ts';
import type { Arrival } from '../../helpers/nanoprobe-fixtures.ts';

const PEER = 2;

interface Case {
  /** Heartbeats from the peer. */
  readonly arrivals: readonly Arrival[];
  readonly untilMs: number;
  /** Expected reports as `"<atMs> <TYPE> <silentForMs>"`. */
  readonly reports: readonly string[];
  readonly timing?: Timing;
}

const timeline = test.macro((t: ExecutionContext, c: Case) => {
  const d = new Driver(initFor(1));
  d.feed({ kind: 'start' }, 0);
  d.feed(setConfig(1), 0);
  d.feed(expectHb(PEER, 'ring-a', c.timing ?? TIMING_PRESETS.lan), 0);
  d.run(c.untilMs, c.arrivals);
  t.deepEqual(reportSummary(d.reports()), [...c.reports]);
});

// t(s)   0 1 2 3 ... 599 600
// peer   . h h h ... h   h
// report (none: when all is well the CMA hears nothing)
test('a peer heartbeating every second stays ok for 10 minutes', timeline, {
  arrivals: heartbeats(PEER, 1000, 600_000),
  untilMs: 600_000,
  reports: [],
});

// Same, with arrivals jittered by up to ±450 ms around each second (gaps up to 1.9 s < late).
test('jittered heartbeats within lateMs never raise a report', timeline, {
  arrivals: heartbeats(PEER, 1000, 600_000).map((a, i) => ({ atMs: a.atMs + ((i * 379) % 900) - 450, input: a.input })),
  untilMs: 600_000,
  reports: [],
});

// t(s)   0 1 2 3 4 5 6 7 8 9 ... 60
// peer   . h h h h h . . . . ... .
// report               L D          (once each; nothing more while it stays dead)
test('silence: exactly one HBLATE at lateMs and one HBDEAD at deadMs', timeline, {
  arrivals: heartbeats(PEER, 1000, 5000),
  untilMs: 60_000,
  reports: ['7000 HBLATE 2000', '8000 HBDEAD 3000'],
});

// t(s)   0 1 2 3
// peer   . . . .     (added at 0 counts as heard at 0)
// report     L D
test('a peer that never heartbeats is late at lateMs and dead at deadMs after being added', timeline, {
  arrivals: [],
  untilMs: 30_000,
  reports: ['2000 HBLATE 2000', '3000 HBDEAD 3000'],
});

// t(s)   0 ... 5 6 7 7.5 8.5 ... 20
// peer   h ... h . . h   h   ... h
// report           L B(2500)          (back before dead: no HBDEAD)
test('late then heard again: HBBACKALIVE once, no HBDEAD', timeline, {
  arrivals: [...heartbeats(PEER, 1000, 5000), ...heartbeats(PEER, 7500, 20_000)],
  untilMs: 20_000,
  reports: ['7000 HBLATE 2000', '7500 HBBACKALIVE 2500'],
});

// t(s)   0 ... 5 6 7 8 ... 20 21 ... 60
// peer   h ... h . . . ... h  h  ... h
// report           L D     B(15000)
test('dead then heard again: HBBACKALIVE once with the whole silence', timeline, {
  arrivals: [...heartbeats(PEER, 1000, 5000), ...heartbeats(PEER, 20_000, 60_000)],
  untilMs: 60_000,
  reports: ['7000 HBLATE 2000', '8000 HBDEAD 3000', '20000 HBBACKALIVE 15000'],
});

// t(s)   0..5 6 7 8 9 10..15 16 17 18 19..30
// peer   h    . . h h h     . . . h
// report        L B         L D   B         (each episode reported once)
test('two silence episodes are reported separately', timeline, {
  arrivals: [...heartbeats(PEER, 1000, 5000), ...heartbeats(PEER, 8000, 15_000), ...heartbeats(PEER, 19_000, 30_000)],
  untilMs: 30_000,
  reports: ['7000 HBLATE 2000', '8000 HBBACKALIVE 3000', '17000 HBLATE 2000', '18000 HBDEAD 3000', '19000 HBBACKALIVE 4000'],
});

// wan timing (3 s / 10 s / 30 s):
// t(s)   0 3 6 ... 30 .. 40 .. 60
// peer   h h h ... h  .. .  .. .
// report              L(10 s)  D(30 s)
test('wan timing: late at 10 s and dead at 30 s of silence', timeline, {
  arrivals: heartbeats(PEER, 3000, 30_000, 3000),
  untilMs: 120_000,
  timing: TIMING_PRESETS.wan,
  reports: ['40000 HBLATE 10000', '60000 HBDEAD 30000'],
});

test('heartbeats to a healthy peer go out once per interval, starting when it is added', (t) => {
  const d = new Driver(initFor(1));
  d.feed(setConfig(1), 0);
  d.feed(expectHb(PEER), 500);
  d.run(10_500, heartbeats(PEER, 1000, 10_500));
  t.deepEqual(d.heartbeatTimes(PEER), [500, 1500, 2500, 3500, 4500, 5500, 6500, 7500, 8500, 9500, 10_500]);
  const seqs = d.effectsOf('send-peer').map(({ effect }) => (effect.msg.type === 'HEARTBEAT' ? effect.msg.seq : -1));
  t.deepEqual(seqs, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
});

test('dead peers keep being heartbeated until STOPSENDEXPECTHB', (t) => {
  const d = new Driver(initFor(1));
  d.feed(setConfig(1), 0);
  d.feed(expectHb(PEER), 0);
  d.run(10_000);
  t.deepEqual(reportSummary(d.reports()), ['2000 HBLATE 2000', '3000 HBDEAD 3000']);
  t.is(d.heartbeatTimes(PEER).length, 11);
  d.feed({ kind: 'cma', msg: { type: 'STOPSENDEXPECTHB', peerId: d.core.status(10_000).peers[0]!.peerId, ringId: 'ring-a' } }, 10_000);
  t.is(d.wakeAtMs, undefined);
  d.run(20_000);
  t.is(d.heartbeatTimes(PEER).length, 11);
});
