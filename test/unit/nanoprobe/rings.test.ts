// Peers from SENDEXPECTHB / STOPSENDEXPECTHB: one heartbeat stream per peer whatever the number of rings,
// per-ring timing, link-key effects, limits.
import test from 'ava';
import { TIMING_PRESETS } from '../../../nanoprobe/core/index.ts';
import { Driver, configuredDriver, expect as expectHb, heartbeats, hostId, initFor, keyOf, reportSummary, setConfig } from '../../helpers/nanoprobe-fixtures.ts';

const stop = (peer: number, ringId: string) => ({ kind: 'cma' as const, msg: { type: 'STOPSENDEXPECTHB' as const, peerId: hostId(peer), ringId } });

// t(s)     0 1 2 3 ... 10
// ring-a   +                 peer 2 in the local ring
// top      +                 and in the top ring
// hb to 2  x x x x ... x     ONE stream: one heartbeat per interval
test('two rings with the same peer: one heartbeat per interval', (t) => {
  const d = configuredDriver(1, []);
  d.feed(expectHb(2, 'ring-a'), 0);
  d.feed(expectHb(2, 'top'), 0);
  d.run(10_000, heartbeats(2, 1000, 10_000));
  t.deepEqual(d.heartbeatTimes(2), [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000]);
  const s = d.core.status(10_000);
  t.is(s.peers.length, 1);
  t.deepEqual(s.peers[0]?.rings.map((r) => r.ringId), ['ring-a', 'top']);
  t.is(d.effectsOf('peer-added').length, 1, 'the link key is installed once');
  t.deepEqual(d.reports(), []);
});

test('the stream follows the strictest ring; reports name the ring with the tightest deadMs', (t) => {
  const d = configuredDriver(1, []);
  d.feed(expectHb(2, 'top', TIMING_PRESETS.wan), 0);
  d.feed(expectHb(2, 'ring-a', TIMING_PRESETS.lan), 0);
  const s = d.core.status(0);
  t.deepEqual(s.peers[0]?.timing, TIMING_PRESETS.lan);
  t.is(s.peers[0]?.reportRingId, 'ring-a');
  d.run(5000);
  t.deepEqual(
    d.reports().map((r) => [r.msg.type, 'ringId' in r.msg ? r.msg.ringId : '']),
    [
      ['HBLATE', 'ring-a'],
      ['HBDEAD', 'ring-a'],
    ],
  );
  // Leaving the lan ring relaxes the stream to wan timing.
  d.feed(stop(2, 'ring-a'), 5000);
  t.deepEqual(d.core.status(5000).peers[0]?.timing, TIMING_PRESETS.wan);
  t.is(d.core.status(5000).peers[0]?.reportRingId, 'top');
});

test('STOPSENDEXPECTHB removes a ring; the peer goes (peer-removed) with its last ring', (t) => {
  const d = configuredDriver(1, []);
  d.feed(expectHb(2, 'ring-a'), 0);
  d.feed(expectHb(2, 'top'), 0);
  d.feed(stop(2, 'top'), 100);
  t.is(d.core.status(100).peers.length, 1);
  t.is(d.effectsOf('peer-removed').length, 0);
  const effects = d.feed(stop(2, 'ring-a'), 200);
  t.deepEqual(
    effects.filter((e) => e.kind === 'peer-removed').map((e) => [e.peerId, e.role]),
    [[hostId(2), 'ring']],
  );
  t.is(d.core.status(200).peers.length, 0);
  t.is(d.wakeAtMs, undefined);
  d.feed(stop(2, 'ring-a'), 300);
  t.is(d.core.status(300).counters.inputsIgnored, 1, 'a STOP for an unknown peer is ignored and counted');
});

test('re-sending SENDEXPECTHB for a known ring keeps lastHeard (no fresh grace); a new key re-installs the link', (t) => {
  const d = configuredDriver(1, [2]);
  d.run(1500);
  d.feed(expectHb(2), 1500);
  d.run(3000);
  t.deepEqual(reportSummary(d.reports()), ['2000 HBLATE 2000', '3000 HBDEAD 3000']);
  const rekey = expectHb(2);
  d.feed({ kind: 'cma', msg: { ...rekey.msg, publicKey: keyOf(99) } }, 3500);
  const added = d.effectsOf('peer-added');
  t.is(added.length, 2);
  t.deepEqual(added[1]?.effect.publicKey, keyOf(99));
});

test('SENDEXPECTHB beyond maxPeers, naming this host, or with bad timing is refused and counted', (t) => {
  const d = new Driver(initFor(1, { maxPeers: 2 }));
  d.feed(setConfig(1), 0);
  for (const p of [2, 3, 4]) d.feed(expectHb(p), 0);
  d.feed(expectHb(1), 0);
  d.feed(expectHb(5, 'ring-a', { intervalMs: 2000, lateMs: 1000, deadMs: 3000 }), 0);
  const s = d.core.status(0);
  t.deepEqual(s.peers.map((p) => p.peerId), [hostId(2), hostId(3)]);
  t.is(s.counters.commandsRefused, 3);
  t.is(d.effectsOf('log').filter(({ effect }) => effect.level === 'warn').length, 3);
});

test('a peer in more rings than maxRingsPerPeer: the extra ring is refused', (t) => {
  const d = new Driver(initFor(1, { maxRingsPerPeer: 2 }));
  for (const r of ['a', 'b', 'c']) d.feed(expectHb(2, r), 0);
  t.deepEqual(d.core.status(0).peers[0]?.rings.map((r) => r.ringId), ['a', 'b']);
  t.is(d.core.status(0).counters.commandsRefused, 1);
});
