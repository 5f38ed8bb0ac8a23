// PROBE → PING → PONG → PROBERESULT, and PING → PONG.
import test from 'ava';
import type { Probe, Pong } from '../../../protocol/messages.ts';
import { addrOf, configuredDriver, hostId, keyOf } from '../../helpers/nanoprobe-fixtures.ts';
import type { Driver } from '../../helpers/nanoprobe-fixtures.ts';

function probe(probeId: number, target: number, timeoutMs = 500): { kind: 'cma'; msg: Probe } {
  return { kind: 'cma', msg: { type: 'PROBE', probeId, targetId: hostId(target), address: addrOf(target), publicKey: keyOf(target), timeoutMs } };
}

function pong(from: number, nonce: number): { kind: 'peer'; msg: Pong; from: { host: string; port: number } } {
  return { kind: 'peer', msg: { type: 'PONG', senderId: hostId(from), nonce }, from: addrOf(from) };
}

function pingNonce(d: Driver, target: number): number {
  const ping = d.effectsOf('send-peer').find(({ effect }) => effect.msg.type === 'PING' && effect.peerId === hostId(target));
  if (ping?.effect.msg.type !== 'PING') throw new Error('no PING sent');
  return ping.effect.msg.nonce;
}

// t(ms)   1000      1030
// core    PING ──►  ◄── PONG
// report            PROBERESULT alive rtt 30
test('PROBE alive: PONG within timeout gives alive with the round-trip time', (t) => {
  const d = configuredDriver(1, []);
  const effects = d.feed(probe(42, 5), 1000);
  t.deepEqual(
    effects.map((e) => e.kind),
    ['peer-added', 'send-peer'],
  );
  t.is(d.wakeAtMs, 1500);
  d.feed(pong(5, pingNonce(d, 5)), 1030);
  t.deepEqual(
    d.reports().map((r) => r.msg),
    [{ type: 'PROBERESULT', probeId: 42, targetId: hostId(5), alive: true, rttMs: 30 }],
  );
  t.deepEqual(
    d.effectsOf('peer-removed').map(({ atMs, effect }) => [atMs, effect.role]),
    [[1030, 'probe']],
  );
  t.is(d.wakeAtMs, undefined);
});

// t(ms)   1000   1500
// core    PING   (deadline)  → PROBERESULT not alive
test('PROBE timeout: no PONG by the deadline gives not alive, exactly at the deadline', (t) => {
  const d = configuredDriver(1, []);
  d.feed(probe(43, 5), 1000);
  d.run(10_000);
  t.deepEqual(
    d.reports().map((r) => [r.atMs, r.msg]),
    [[1500, { type: 'PROBERESULT', probeId: 43, targetId: hostId(5), alive: false, rttMs: 0 }]],
  );
  d.feed(pong(5, pingNonce(d, 5)), 10_001);
  t.is(d.reports().length, 1, 'a PONG after the deadline is unmatched');
  t.is(d.core.status(10_001).counters.pongsUnmatched, 1);
});

test('a PONG with the wrong nonce or from the wrong host does not answer the probe', (t) => {
  const d = configuredDriver(1, []);
  d.feed(probe(44, 5), 0);
  const nonce = pingNonce(d, 5);
  d.feed(pong(5, (nonce + 1) >>> 0), 10);
  d.feed(pong(6, nonce), 20);
  t.is(d.reports().length, 0);
  t.is(d.core.status(20).counters.pongsUnmatched, 2);
  d.feed(pong(5, nonce), 30);
  t.deepEqual(d.reports()[0]?.msg, { type: 'PROBERESULT', probeId: 44, targetId: hostId(5), alive: true, rttMs: 30 });
});

test('concurrent probes get distinct nonces; a duplicate probeId and probes beyond maxProbes are refused', (t) => {
  const d = configuredDriver(1, [], { maxProbes: 2 });
  d.feed(probe(1, 5), 0);
  d.feed(probe(2, 6), 0);
  d.feed(probe(1, 7), 0);
  d.feed(probe(3, 8), 0);
  t.not(pingNonce(d, 5), pingNonce(d, 6));
  t.is(d.core.status(0).probesOutstanding, 2);
  t.is(d.core.status(0).counters.commandsRefused, 2);
});

test('probing a ring peer installs and removes no extra link key', (t) => {
  const d = configuredDriver(1, [5]);
  d.feed(probe(9, 5), 100);
  d.feed(pong(5, pingNonce(d, 5)), 110);
  t.deepEqual(
    d.effectsOf('peer-added').map(({ effect }) => effect.role),
    ['ring'],
  );
  t.is(d.effectsOf('peer-removed').length, 0);
});

test('PING is answered with a PONG carrying the same nonce, sent to the source address', (t) => {
  const d = configuredDriver(1, []);
  const from = { host: '192.0.2.7', port: 40_000 };
  const effects = d.feed({ kind: 'peer', msg: { type: 'PING', senderId: hostId(7), nonce: 1234 }, from }, 50);
  t.deepEqual(effects, [{ kind: 'send-peer', to: from, peerId: hostId(7), msg: { type: 'PONG', senderId: hostId(1), nonce: 1234 } }]);
});

test('a probe timeout is clamped to maxProbeTimeoutMs', (t) => {
  const d = configuredDriver(1, [], { maxProbeTimeoutMs: 2000 });
  d.feed(probe(1, 5, 1e9), 0);
  t.is(d.wakeAtMs, 2000);
});
