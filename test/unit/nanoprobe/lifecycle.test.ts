// STARTUP and its retries, SETCONFIG (incl. CMA failover), resync on a new CMA session, shutdown, plans, status.
import test from 'ava';
import { SeededRng } from '../../../runtime/rng.ts';
import { Driver, configuredDriver, expect as expectHb, heartbeats, hostId, initFor, setConfig } from '../../helpers/nanoprobe-fixtures.ts';

// t(s)     0  5  10 12 15 20
// STARTUP  S  S  S           (plain, every 5 s)
// SETCONFIG         C        → retries stop; nothing pending
test('STARTUP is retried every 5 s until SETCONFIG arrives', (t) => {
  const d = new Driver(initFor(1));
  d.feed({ kind: 'start' }, 0);
  d.run(30_000, [{ atMs: 12_000, input: setConfig(1) }]);
  t.deepEqual(
    d.effectsOf('startup').map(({ atMs }) => atMs),
    [0, 5000, 10_000],
  );
  t.is(d.wakeAtMs, undefined);
  const msg = d.effectsOf('startup')[0]?.effect.msg;
  t.is(msg?.hostId, hostId(1));
  t.is(msg?.sessionId, 1001);
  t.deepEqual(d.reports(), [], 'STARTUP before SETCONFIG goes plain, not over the channel');
  t.true(d.core.status(30_000).configured);
});

test('start is idempotent', (t) => {
  const d = new Driver(initFor(1));
  d.feed({ kind: 'start' }, 0);
  d.feed({ kind: 'start' }, 100);
  t.is(d.effectsOf('startup').length, 1);
  t.is(d.wakeAtMs, 5000);
});

test('with an Rng, STARTUP retries are jittered within [retry × (1 − jitter), retry]', (t) => {
  const d = new Driver({ ...initFor(1), rng: new SeededRng(7) });
  d.feed({ kind: 'start' }, 0);
  d.run(200_000);
  const times = d.effectsOf('startup').map(({ atMs }) => atMs);
  const gaps = times.slice(1).map((v, i) => v - (times[i] ?? 0));
  t.true(gaps.length >= 40);
  t.true(gaps.every((g) => g >= 4000 && g <= 5000), gaps.join(','));
  t.true(new Set(gaps).size > 5, 'gaps vary');
});

// t(s)      0    30     31 ...
// CMA       C(7) C(8)            new session = failover: keep everything
// peers 2,3 h h h h h h h ...
// report    (none)
test('SETCONFIG with a new cmaSession keeps peers and heartbeats, re-sends nothing, marks resynced', (t) => {
  const d = configuredDriver(1, [2, 3]);
  d.run(30_000, [...heartbeats(2, 1000, 60_000), ...heartbeats(3, 1000, 60_000)]);
  const before = d.core.status(30_000);
  const effects = d.feed(setConfig(1, 8), 30_000);
  t.deepEqual(effects.filter((e) => e.kind !== 'log'), []);
  d.run(60_000, [...heartbeats(2, 30_001, 60_000), ...heartbeats(3, 30_001, 60_000)]);
  const after = d.core.status(60_000);
  t.deepEqual(d.reports(), []);
  t.is(after.counters.resyncs, 1);
  t.is(after.cma.cmaSession, 8);
  t.is(after.cma.resyncedAtMs, 30_000);
  t.deepEqual(after.peers.map((p) => p.peerId), before.peers.map((p) => p.peerId));
  t.is(after.peers[0]?.lastSeqSent, (before.peers[0]?.lastSeqSent ?? 0) + 30, 'the heartbeat sequence just carries on');
  t.deepEqual(d.effectsOf('startup').length, 1);
});

test('a SETCONFIG for another host or with bad timing is refused', (t) => {
  const d = new Driver(initFor(1));
  d.feed({ kind: 'start' }, 0);
  d.feed(setConfig(2), 10);
  d.feed(setConfig(1, 7, { intervalMs: 1000, lateMs: 1000, deadMs: 3000 }), 20);
  const s = d.core.status(20);
  t.false(s.configured);
  t.is(s.counters.commandsRefused, 2);
  t.is(d.wakeAtMs, 5000, 'STARTUP retries go on');
});

test('cma-session-changed sends STARTUP over the channel; heartbeats continue', (t) => {
  const d = configuredDriver(1, [2]);
  d.run(5000, heartbeats(2, 1000, 5000));
  const effects = d.feed({ kind: 'cma-session-changed' }, 5000);
  const sent = effects.filter((e) => e.kind === 'send-cma').map((e) => e.msg.type);
  t.deepEqual(sent, ['STARTUP']);
  d.run(10_000, heartbeats(2, 6000, 10_000));
  t.is(d.heartbeatTimes(2).length, 11);
  t.is(d.core.status(10_000).counters.cmaSessionChanges, 1);
});

test('shutdown sends HBSHUTDOWN once, then no heartbeats, no reports, nothing pending', (t) => {
  const d = configuredDriver(1, [2]);
  d.run(3000, heartbeats(2, 1000, 3000));
  const effects = d.feed({ kind: 'shutdown', reason: 'systemctl stop' }, 3000);
  t.deepEqual(
    effects.filter((e) => e.kind === 'send-cma').map((e) => e.msg),
    [{ type: 'HBSHUTDOWN', hostId: hostId(1), reason: 'systemctl stop' }],
  );
  t.is(d.wakeAtMs, undefined);
  const sent = d.heartbeatTimes(2).length;
  for (const [i, input] of [{ kind: 'timer' as const }, { kind: 'shutdown' as const, reason: 'again' }, expectHb(3), { kind: 'start' as const }].entries()) {
    t.deepEqual(d.feed(input, 10_000 + i * 1000), []);
  }
  d.run(60_000);
  t.is(d.heartbeatTimes(2).length, sent);
  t.deepEqual(
    d.reports().map((r) => r.msg.type),
    ['HBSHUTDOWN'],
  );
  t.true(d.core.status(60_000).shuttingDown);
});

test('DODISCOVER / STOPDISCOVER / MONITOR / STOPMONITOR hand the shell the whole plan on each change', (t) => {
  const d = configuredDriver(1, []);
  const cma = (msg: Parameters<typeof d.feed>[0]) => d.feed(msg, 0);
  cma({ kind: 'cma', msg: { type: 'DODISCOVER', kind: 'tcp', intervalMs: 60_000, timeoutMs: 5000, args: [] } });
  cma({ kind: 'cma', msg: { type: 'DODISCOVER', kind: 'lldp', intervalMs: 300_000, timeoutMs: 10_000, args: ['eth0'] } });
  cma({ kind: 'cma', msg: { type: 'STOPDISCOVER', kind: 'tcp' } });
  cma({ kind: 'cma', msg: { type: 'STOPDISCOVER', kind: 'nope' } });
  cma({ kind: 'cma', msg: { type: 'MONITOR', monitorId: 'm1', kind: 'tcp', target: '127.0.0.1:22', intervalMs: 10_000, timeoutMs: 2000, args: [] } });
  cma({ kind: 'cma', msg: { type: 'STOPMONITOR', monitorId: 'm1' } });
  t.deepEqual(
    d.effectsOf('discovery-plan').map(({ effect }) => effect.tasks.map((x) => x.kind)),
    [['tcp'], ['tcp', 'lldp'], ['lldp']],
  );
  t.deepEqual(
    d.effectsOf('monitor-plan').map(({ effect }) => effect.monitors.map((m) => m.monitorId)),
    [['m1'], []],
  );
  t.deepEqual(d.core.status(0).discovery, [{ kind: 'lldp', intervalMs: 300_000, timeoutMs: 10_000, args: ['eth0'] }]);
});

test('SETCONFIG discovery items become the plan', (t) => {
  const d = new Driver(initFor(1));
  const cfg = setConfig(1);
  const effects = d.feed({ kind: 'cma', msg: { ...cfg.msg, discovery: [{ kind: 'procfs', intervalMs: 60_000, timeoutMs: 5000 }] } }, 0);
  t.deepEqual(
    effects.filter((e) => e.kind === 'discovery-plan').map((e) => e.tasks),
    [[{ kind: 'procfs', intervalMs: 60_000, timeoutMs: 5000, args: [] }]],
  );
});

test('status is a plain-data snapshot', (t) => {
  const d = configuredDriver(1, [2]);
  d.run(4000, heartbeats(2, 1000, 2000));
  const s = d.core.status(4500);
  t.is(s.hostId, hostId(1));
  t.true(s.configured);
  t.false(s.shuttingDown);
  t.is(s.cma.cmaSession, 7);
  t.deepEqual(s.timing, { intervalMs: 1000, lateMs: 2000, deadMs: 3000 });
  t.like(s.peers[0], { peerId: hostId(2), health: 'late', lastHeardMs: 2000, silentForMs: 2500, lastSeqSent: 5, heartbeatsReceived: 2 });
  t.deepEqual(s.peers[0]?.nextAlarm, { alarm: 'dead', atMs: 5000 });
  t.is(s.wakeAtMs, 5000);
  t.like(s.counters, { heartbeatsSent: 5, reportsLate: 1, reportsDead: 0 });
  t.deepEqual(JSON.parse(JSON.stringify(s)), JSON.parse(JSON.stringify(d.core.status(4500))));
});

test('time going backwards is clamped and counted; a non-finite time throws NANO_BAD_TIME', (t) => {
  const d = configuredDriver(1, [2]);
  d.feed({ kind: 'timer' }, 1000);
  d.feed({ kind: 'timer' }, 500);
  t.is(d.core.status(1000).counters.clockRegressions, 1);
  t.throws(() => d.core.handle({ kind: 'timer' }, Number.NaN), { code: 'NANO_BAD_TIME' } as never);
});
