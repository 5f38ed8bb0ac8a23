// CmaCore death confirmation (DESIGN §4): two observers, probes, the CMA's own pings, signs of life, the SIGSTOP
// scenario, shutdown, martians, back-alive and the ring-unreachable rule. Every time is explicit.
//
// Single-observer timeline at the defaults (probeTimeoutMs 1500, confirmWindowMs 2500, 3 pings):
//   t0 ping1+PROBE   t0+500 ping2   t0+1000 ping3   t0+1500 no watcher / probe failed → dead   t0+2500 → dead
// but while another watcher has not reported it (it still hears it) the CMA keeps pinging and waits for a second
// observer, up to 4 × confirmWindowMs. Two observers: dead at max(t0 + interval, second + interval / 2).
import test from 'ava';
import { checkRingInvariants } from '../../../cma/ring/index.ts';
import { CmaBench, effectsOf, hid, sends, startupOf } from '../../helpers/cma-harness.ts';

/** A bench with hosts 1..n registered in one subnet ring (ring order 1, 2, …, n). */
function ring(n: number): CmaBench {
  const bench = new CmaBench();
  for (let i = 1; i <= n; i++) bench.register(i);
  bench.at(10_000);
  return bench;
}

function sound(t: { deepEqual: (a: unknown, b: unknown, m?: string) => void }, bench: CmaBench): void {
  t.deepEqual(checkRingInvariants(bench.core.ringSet), [], 'ring invariants');
  t.deepEqual(bench.viewProblems(), [], 'nanoprobe edges match the rings');
  t.deepEqual(bench.problems, [], 'commit rules');
}

test('two observers: dead one heartbeat interval after the first report, ring repaired (neighbours told), the dead host gets nothing', (t) => {
  const bench = ring(5);
  const first = bench.dead(2, 3, 10_000);
  t.is(bench.status(3), 'up');
  t.deepEqual(effectsOf(first, 'ping').map((p) => [p.target, p.attempt]), [[hid(3), 1]]);
  const confirmed = bench.dead(4, 3, 10_050);
  t.deepEqual(effectsOf(confirmed, 'ping').map((p) => [p.target, p.attempt]), [[hid(3), 2]], 'one more ping at once');
  t.is(bench.status(3), 'up', 'held for a sign of life');
  t.is(bench.wakeAtMs, 10_250, 'and one every 200 ms of the hold');
  t.deepEqual(effectsOf(bench.advance(10_999), 'ping').map((p) => p.attempt), [3, 4, 5, 6]);
  t.is(bench.status(3), 'up');
  const second = bench.timer(11_000);
  t.is(bench.status(3), 'dead');
  t.false(bench.core.ringSet.has(hid(3)));
  const store = effectsOf(second, 'store')[0];
  t.deepEqual(store?.batch.events.map((e) => e.type), ['host-dead']);
  t.true((store?.batch.ringChanges.length ?? 0) > 0);
  t.like(store?.batch.hosts.find((h) => h.hostId === hid(3)), { status: 'dead', deadReason: `reported dead by ${hid(2)} and ${hid(4)}; no sign of life within 1000 ms` });
  t.deepEqual(sends(second).sort(), ['SENDEXPECTHB h2→h4@subnet:198.18.0.0/24', 'SENDEXPECTHB h4→h2@subnet:198.18.0.0/24', 'STOPSENDEXPECTHB h2→h3@subnet:198.18.0.0/24', 'STOPSENDEXPECTHB h4→h3@subnet:198.18.0.0/24'].sort());
  t.false(effectsOf(second, 'send').some((e) => e.to === hid(3)), 'nothing goes to the dead host');
  t.deepEqual(effectsOf(second, 'event').map((e) => e.event.type), ['host-dead']);
  t.deepEqual(effectsOf(second, 'log').filter((l) => l.level === 'info').map((l) => l.message), ['host declared dead']);
  t.is(bench.wakeAtMs, undefined, 'nothing pending');
  sound(t, bench);
});

test('one observer, no other watcher: pings spread over probeTimeoutMs, dead exactly at the deadline', (t) => {
  const bench = ring(2); // h1–h2 is the only edge (local ring and top ring): h2 has one watcher
  const opened = bench.dead(1, 2, 10_000);
  t.deepEqual(sends(opened), [], 'no PROBE: nobody else watches h2');
  t.deepEqual(effectsOf(opened, 'ping').map((p) => p.attempt), [1]);
  t.is(bench.wakeAtMs, 10_500);
  t.deepEqual(effectsOf(bench.timer(10_500), 'ping').map((p) => p.attempt), [2]);
  t.deepEqual(effectsOf(bench.timer(11_000), 'ping').map((p) => p.attempt), [3]);
  t.is(bench.wakeAtMs, 11_500);
  bench.timer(11_499);
  t.is(bench.status(2), 'up');
  const decided = bench.timer(11_500);
  t.is(bench.status(2), 'dead');
  t.regex(bench.core.hosts()[1]?.deadReason ?? '', /no other watcher; 3 pings unanswered/);
  t.deepEqual(effectsOf(decided, 'store')[0]?.batch.events.map((e) => e.type), ['host-dead']);
  sound(t, bench);
});

test('one observer + PROBERESULT alive: not dead, suspicion closed', (t) => {
  const bench = ring(5);
  const opened = bench.dead(2, 3, 10_000);
  const probe = effectsOf(opened, 'send').find((e) => e.msg.type === 'PROBE');
  t.is(probe?.to, hid(4), 'the other watcher is asked');
  t.like(probe?.msg, { type: 'PROBE', targetId: hid(3), timeoutMs: 1500, address: { host: '198.18.0.4', port: 1984 } });
  const probeId = probe?.msg.type === 'PROBE' ? probe.msg.probeId : -1;
  bench.report(4, { type: 'PROBERESULT', probeId, targetId: hid(3), alive: true, rttMs: 2 }, 10_300);
  t.is(bench.core.status().suspects, 0);
  t.is(bench.wakeAtMs, undefined);
  bench.advance(20_000);
  t.is(bench.status(3), 'up');
  sound(t, bench);
});

test('one observer + pong: not dead', (t) => {
  const bench = ring(5);
  bench.dead(2, 3, 10_000);
  bench.run({ kind: 'pong', from: hid(3) }, 10_020);
  t.is(bench.wakeAtMs, undefined);
  bench.advance(20_000);
  t.is(bench.status(3), 'up');
  sound(t, bench);
});

test('one observer + PROBERESULT dead: the other watcher has not reported it, so the CMA waits for it', (t) => {
  const bench = ring(5);
  const probe = effectsOf(bench.dead(2, 3, 10_000), 'send').find((e) => e.msg.type === 'PROBE');
  const probeId = probe?.msg.type === 'PROBE' ? probe.msg.probeId : -1;
  bench.report(4, { type: 'PROBERESULT', probeId: probeId + 1, targetId: hid(3), alive: true, rttMs: 1 }, 10_900);
  bench.report(5, { type: 'PROBERESULT', probeId, targetId: hid(3), alive: true, rttMs: 1 }, 10_950);
  t.true(bench.core.hosts()[2]?.suspected, 'results with another probe id or from another host do not count');
  bench.report(4, { type: 'PROBERESULT', probeId, targetId: hid(3), alive: false, rttMs: 0 }, 11_000);
  t.is(bench.status(3), 'up', 'a pong may still come');
  bench.advance(11_500);
  t.is(bench.status(3), 'up', 'h4 still hears it: it has not reported it dead');
  bench.dead(4, 3, 11_600);
  bench.advance(12_099);
  t.is(bench.status(3), 'up');
  bench.advance(12_100);
  t.is(bench.status(3), 'dead');
  t.regex(bench.core.hosts()[2]?.deadReason ?? '', /reported dead by .* and .*; no sign of life/);
  sound(t, bench);
});

test('one observer, nobody else reports: the CMA pings on and decides after 4 confirmation windows', (t) => {
  const bench = ring(5);
  bench.dead(2, 3, 10_000);
  const pings = effectsOf(bench.advance(19_999), 'ping');
  t.is(bench.status(3), 'up');
  t.is(pings.length, 19, 'a ping every 500 ms');
  bench.advance(20_000);
  t.is(bench.status(3), 'dead');
  t.regex(bench.core.hosts()[2]?.deadReason ?? '', /no second observer and 20 pings unanswered in 10000 ms/);
  sound(t, bench);
});

test('an HBDEAD from a host that does not watch the target does not count, and its stale edge is stopped', (t) => {
  const bench = ring(6);
  const effects = bench.report(1, { type: 'HBDEAD', peerId: hid(4), ringId: 'subnet:198.18.0.0/24', silentForMs: 3000 }, 10_000);
  t.deepEqual(effectsOf(effects, 'ping'), []);
  t.deepEqual(sends(effects), ['STOPSENDEXPECTHB h1→h4@subnet:198.18.0.0/24']);
  t.is(bench.core.status().suspects, 0);
  t.like(effectsOf(effects, 'store')[0]?.batch.events[0]?.detail, { counted: false, discount: 'reporter does not watch it' });
});

test('SIGSTOP: the stalled host is declared dead; woken with a stale view it cannot kill its neighbours; it comes back into a ring', (t) => {
  const bench = ring(6);
  // h3 stops at 7 s; its neighbours h2 and h4 report it dead at 10 s.
  bench.dead(2, 3, 10_000);
  bench.dead(4, 3, 10_020);
  bench.advance(11_000);
  t.is(bench.status(3), 'dead');
  // 12 s: h3 wakes. Its view: h2 and h4 silent for 5 s. Its reports do not count (it is dead to the CMA).
  const staleView = [...bench.dead(3, 2, 12_000), ...bench.dead(3, 4, 12_001)];
  t.deepEqual(effectsOf(staleView, 'ping'), []);
  t.false(effectsOf(staleView, 'send').some((e) => e.msg.type === 'PROBE'));
  t.is(bench.core.status().suspects, 0);
  // h2 hears h3's heartbeats although it was told to stop expecting them: martian → h3 comes back.
  const back = bench.report(2, { type: 'HBMARTIAN', peerId: hid(3), address: { host: '198.18.0.4', port: 1984 }, ringId: 'subnet:198.18.0.0/24' }, 12_100);
  t.is(bench.status(3), 'up');
  t.true(bench.core.ringSet.has(hid(3)));
  t.deepEqual(effectsOf(back, 'event').map((e) => e.event.type), ['host-up']);
  t.true(sends(back).includes('STOPSENDEXPECTHB h3→h2@subnet:198.18.0.0/24'), 'h3 is told to stop its old edges');
  // Within confirmWindowMs of its return its stale reports still do not count.
  const late = [...bench.dead(3, 2, 12_200), ...bench.dead(3, 4, 12_300)];
  t.deepEqual(effectsOf(late, 'ping'), []);
  bench.advance(30_000);
  t.is(bench.status(2), 'up');
  t.is(bench.status(4), 'up');
  t.is(bench.core.status().hosts.dead, 0);
  sound(t, bench);
});

test('SIGSTOP shorter: only one neighbour reported; the woken host pongs, its own reports while suspected do not count', (t) => {
  const bench = ring(6);
  bench.dead(2, 3, 10_000);
  const whileSuspected = bench.dead(3, 4, 10_100);
  t.deepEqual(effectsOf(whileSuspected, 'ping'), [], 'a suspected reporter does not count');
  bench.run({ kind: 'pong', from: hid(3) }, 10_200);
  t.is(bench.status(3), 'up');
  // Its report about h2, now that it is cleared, counts as ONE observer: checked, and h2 answers.
  const checked = bench.dead(3, 2, 10_300);
  t.deepEqual(effectsOf(checked, 'ping').map((p) => p.target), [hid(2)]);
  t.true(effectsOf(checked, 'send').some((e) => e.msg.type === 'PROBE' && e.to === hid(1)));
  bench.run({ kind: 'pong', from: hid(2) }, 10_400);
  bench.advance(30_000);
  t.is(bench.core.status().hosts.dead, 0);
  sound(t, bench);
});

test('HBBACKALIVE about a dead host resurrects it into a ring; a pong after the deadline does too', (t) => {
  const bench = ring(5);
  bench.dead(2, 3, 10_000);
  bench.dead(4, 3, 10_000);
  bench.advance(11_000);
  const back = bench.report(2, { type: 'HBBACKALIVE', peerId: hid(3), ringId: 'subnet:198.18.0.0/24', silentForMs: 4000 }, 11_100);
  t.is(bench.status(3), 'up');
  t.deepEqual(effectsOf(back, 'store')[0]?.batch.events.map((e) => e.type), ['report-back-alive', 'host-up']);
  sound(t, bench);
  bench.dead(2, 1, 20_000);
  bench.advance(30_000);
  t.is(bench.status(1), 'dead');
  bench.run({ kind: 'pong', from: hid(1) }, 30_100);
  t.is(bench.status(1), 'up');
  sound(t, bench);
});

test('HBMARTIAN about a live host on a stale edge: the host is told to stop; on a current edge nothing happens', (t) => {
  const bench = ring(5);
  const stale = bench.report(1, { type: 'HBMARTIAN', peerId: hid(3), address: { host: '198.18.0.4', port: 1984 }, ringId: 'subnet:198.18.0.0/24' }, 10_000);
  t.deepEqual(sends(stale), ['STOPSENDEXPECTHB h3→h1@subnet:198.18.0.0/24']);
  const current = bench.report(2, { type: 'HBMARTIAN', peerId: hid(3), address: { host: '198.18.0.4', port: 1984 }, ringId: 'subnet:198.18.0.0/24' }, 10_100);
  t.deepEqual(sends(current), []);
});

test('HBSHUTDOWN: status shutdown (not dead), ring repaired, later reports about it ignored', (t) => {
  const bench = ring(5);
  const effects = bench.report(3, { type: 'HBSHUTDOWN', hostId: hid(3), reason: 'systemctl stop' }, 10_000);
  t.is(bench.status(3), 'shutdown');
  t.false(bench.core.ringSet.has(hid(3)));
  t.deepEqual(effectsOf(effects, 'event').map((e) => e.event), [{ type: 'host-shutdown', hostId: hid(3), hostname: 'host3', reason: 'systemctl stop' }]);
  t.false(effectsOf(effects, 'send').some((e) => e.to === hid(3)));
  sound(t, bench);
  const after = bench.dead(2, 3, 10_500);
  t.deepEqual(effectsOf(after, 'ping'), []);
  bench.register(3, 0, 2); // it starts again
  t.is(bench.status(3), 'up');
  sound(t, bench);
});

test('HBLATE is recorded on the late host; no ring action', (t) => {
  const bench = ring(4);
  const effects = bench.report(2, { type: 'HBLATE', peerId: hid(3), ringId: 'subnet:198.18.0.0/24', silentForMs: 2000 }, 10_000);
  t.deepEqual(sends(effects), []);
  t.deepEqual(effectsOf(effects, 'store')[0]?.batch.ringChanges, []);
  t.is(bench.core.hosts()[2]?.lateCount, 1);
  t.deepEqual(bench.problems, []);
});

test('DISCOVERY and MONSTATE are recorded opaquely and committed', (t) => {
  const bench = ring(2);
  const d = bench.report(1, { type: 'DISCOVERY', kind: 'os', hash: 'abc', full: true, payload: { kernel: '6.1' } }, 10_000);
  t.deepEqual(effectsOf(d, 'store')[0]?.batch.discovery, [{ hostId: hid(1), kind: 'os', hash: 'abc', full: true, payload: { kernel: '6.1' }, wallMs: bench.wallMs }]);
  const m = bench.report(1, { type: 'MONSTATE', monitorId: 'm1', state: 'down', detail: 'timeout' }, 10_001);
  t.like(effectsOf(m, 'store')[0]?.batch.events[0], { type: 'report-mon-state', hostId: hid(1), detail: { monitorId: 'm1', state: 'down', detail: 'timeout' } });
  t.deepEqual(bench.problems, []);
});

test('a report from an unregistered host is committed without a write', (t) => {
  const bench = ring(2);
  const effects = bench.run({ kind: 'report', from: hid(99), seq: 5, msg: { type: 'HBLATE', peerId: hid(1), ringId: 'top', silentForMs: 1 } }, 10_000);
  t.deepEqual(effects.slice(0, 1), [{ kind: 'commit', from: hid(99), seq: 5 }]);
});

test('half a ring going silent in one window is ONE ring-unreachable event; deaths after it are folded', (t) => {
  const bench = ring(6); // ring order 1..6; hosts 1, 3, 5 die, each watched by two live neighbours
  const all = [
    ...bench.dead(2, 1, 10_000),
    ...bench.dead(6, 1, 10_010),
    ...bench.dead(2, 3, 10_100),
    ...bench.dead(4, 3, 10_110),
    ...bench.dead(4, 5, 10_200),
    ...bench.dead(6, 5, 10_210),
    ...bench.advance(11_300),
  ];
  t.deepEqual([1, 3, 5].map((n) => bench.status(n)), ['dead', 'dead', 'dead']);
  const events = effectsOf(all, 'event').map((e) => e.event);
  t.deepEqual(events.filter((e) => e.type === 'ring-unreachable'), [{ type: 'ring-unreachable', ringId: 'subnet:198.18.0.0/24', hosts: 3 }]);
  t.is(events.filter((e) => e.type === 'host-dead').length, 0, 'the three suspicions made the ring event: every death is folded into it');
  t.is(effectsOf(all, 'log').filter((l) => l.message === 'host declared dead (part of ring-unreachable)').length, 3);
  sound(t, bench);
});

test('deaths spread wider than confirmWindowMs stay separate host deaths', (t) => {
  const bench = ring(6);
  const all = [10_000, 20_000, 30_000].flatMap((at, i) => [...bench.dead(2 * i + 2, 2 * i + 1, at), ...bench.dead((2 * i + 6) % 6 || 6, 2 * i + 1, at), ...bench.advance(at + 1_000)]);
  const types = effectsOf(all, 'event').map((e) => e.event.type);
  t.deepEqual(types, ['host-dead', 'host-dead', 'host-dead']);
});

test('a host back from the dead is not trusted as an observer for confirmWindowMs, even about its new neighbours', (t) => {
  const bench = ring(3); // after its return h3 has the same neighbours h1 and h2 again
  bench.dead(1, 3, 10_000);
  bench.dead(2, 3, 10_000);
  bench.advance(11_000);
  bench.report(1, { type: 'HBBACKALIVE', peerId: hid(3), ringId: 'subnet:198.18.0.0/24', silentForMs: 5000 }, 11_000);
  t.true(bench.core.ringSet.watchersOf(hid(1)).includes(hid(3)));
  const early = bench.dead(3, 1, 13_499);
  t.like(effectsOf(early, 'store')[0]?.batch.events[0]?.detail, { counted: false, discount: 'reporter just came back' });
  t.deepEqual(effectsOf(early, 'ping'), []);
  const later = bench.dead(3, 1, 13_500);
  t.deepEqual(effectsOf(later, 'ping').map((p) => p.target), [hid(1)], 'after the window it is an observer again (still checked)');
});

test('the same observer reporting twice (local and top ring) is still one observer: checked, not trusted', (t) => {
  const bench = ring(4); // h1 and h2 are representatives: h2 watches h1 in the local ring and in the top ring
  bench.report(2, { type: 'HBDEAD', peerId: hid(1), ringId: 'subnet:198.18.0.0/24', silentForMs: 3000 }, 10_000);
  bench.report(2, { type: 'HBDEAD', peerId: hid(1), ringId: 'top', silentForMs: 3000 }, 10_001);
  t.is(bench.status(1), 'up');
  t.true(bench.core.hosts()[0]?.suspected);
  bench.run({ kind: 'pong', from: hid(1) }, 10_100);
  bench.advance(20_000);
  t.is(bench.status(1), 'up');
});

test('a host that sent HBSHUTDOWN but resyncs with the same session is told to stop the edges it ran', (t) => {
  const bench = ring(5);
  bench.report(3, { type: 'HBSHUTDOWN', hostId: hid(3), reason: 'stop hung' }, 10_000);
  const effects = bench.run({ kind: 'startup', msg: startupOf(3), viaChannel: true }, 11_000);
  t.is(bench.status(3), 'up');
  t.true(sends(effects).includes('STOPSENDEXPECTHB h3→h2@subnet:198.18.0.0/24'));
  t.deepEqual(bench.viewProblems(), []);
});

/** Hosts 1–3 in subnet 0, 4–8 in subnet 1, 9–11 in subnet 2: three local rings and a top ring of six. */
function threeRings(): CmaBench {
  const bench = new CmaBench();
  for (let i = 1; i <= 11; i++) bench.register(i, i <= 3 ? 0 : i <= 8 ? 1 : 2);
  bench.at(10_000);
  return bench;
}

/** Every live watcher outside subnet 1 reports its representatives dead at `atMs`. */
function repsReported(bench: CmaBench, atMs: number): void {
  const ring1 = [4, 5, 6, 7, 8].map(hid);
  for (const rep of bench.core.ringSet.representatives('subnet:198.18.1.0/24')) {
    for (const w of bench.core.ringSet.watchersOf(rep).filter((x) => !ring1.includes(x))) {
      const from = [1, 2, 3, 9, 10, 11].find((n) => hid(n) === w) ?? 0;
      const about = [4, 5].find((n) => hid(n) === rep) ?? 0;
      bench.dead(from, about, atMs);
    }
  }
}

test('a whole ring going silent (dead switch): its representatives suspected → the CMA sweeps the ring; no answer → all dead as ONE event', (t) => {
  const bench = threeRings();
  t.deepEqual(bench.core.ringSet.representatives('subnet:198.18.1.0/24'), [hid(4), hid(5)]);
  repsReported(bench, 10_000);
  t.is(bench.core.status().suspects, 5, 'the representatives and the three other members');
  const all = bench.advance(11_600);
  t.deepEqual([4, 5, 6, 7, 8].map((n) => bench.status(n)), ['dead', 'dead', 'dead', 'dead', 'dead']);
  const events = effectsOf(all, 'event').map((e) => e.event);
  t.deepEqual(events.filter((e) => e.type === 'ring-unreachable'), [{ type: 'ring-unreachable', ringId: 'subnet:198.18.1.0/24', hosts: 3 }]);
  t.is(events.filter((e) => e.type === 'host-dead').length, 0, 'every death folded into the ring event');
  t.deepEqual([1, 2, 3, 9, 10, 11].map((n) => bench.status(n)), ['up', 'up', 'up', 'up', 'up', 'up']);
  sound(t, bench);
});

test('a ring sweep is dropped by one answer from any member: the ring is not silent', (t) => {
  const bench = threeRings();
  repsReported(bench, 10_000);
  bench.run({ kind: 'pong', from: hid(7) }, 10_100);
  t.deepEqual([6, 7, 8].map((n) => bench.core.hosts()[n - 1]?.suspected), [false, false, false]);
  bench.advance(11_600);
  t.deepEqual([6, 7, 8].map((n) => bench.status(n)), ['up', 'up', 'up']);
  t.is(bench.core.status().hosts.dead, 0, 'the representatives wait too: their ring-mates still watch them and have not reported them');
});
