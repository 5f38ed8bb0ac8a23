import test from 'ava';
import { ReliableChannel } from '../../../protocol/channel/index.ts';
import type { ChannelConfig, ChannelEvent } from '../../../protocol/channel/index.ts';
import type { Ack, Segment } from '../../../protocol/messages.ts';

const PROBE = 0x1111;
const CMA = 0x2222;
const CMA2 = 0x3333;

function channel(localSession: number, config: Partial<ChannelConfig> = {}): ReliableChannel {
  return new ReliableChannel({ localSession, config: { autoCommit: true, ...config } });
}

interface Log {
  readonly delivered: Map<ReliableChannel, number[][]>;
  readonly events: Map<ReliableChannel, ChannelEvent[]>;
}

/** Lossless, instant exchange between two channels until both are quiet. */
function exchange(a: ReliableChannel, b: ReliableChannel, nowMs: number, log?: Log): void {
  for (let round = 0; round < 1_000; round++) {
    let moved = false;
    for (const [from, to] of [[a, b], [b, a]] as const) {
      const out = from.poll(nowMs);
      if (log !== undefined) {
        log.delivered.set(from, [...(log.delivered.get(from) ?? []), ...out.delivered.map((d) => [...d.payload])]);
        log.events.set(from, [...(log.events.get(from) ?? []), ...out.events]);
      }
      for (const msg of out.outgoing) to.receive(msg, nowMs);
      moved ||= out.outgoing.length > 0 || out.delivered.length > 0;
    }
    if (!moved) return;
  }
  throw new Error('exchange did not settle');
}

const newLog = (): Log => ({ delivered: new Map(), events: new Map() });
const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const segmentsOf = (out: readonly (Segment | Ack)[]): Segment[] => out.filter((m): m is Segment => m.type === 'SEGMENT');
const acksOf = (out: readonly (Segment | Ack)[]): Ack[] => out.filter((m): m is Ack => m.type === 'ACK');

test('first contact: a probe segment to session 0 is answered, not accepted; then data flows addressed to the peer', (t) => {
  const probe = channel(PROBE);
  const cma = channel(CMA);
  probe.send(bytes(1), 0);
  probe.send(bytes(2), 0);
  const first = probe.poll(0).outgoing;
  t.deepEqual(first.map((m) => [m.type, m.peerSession]), [['SEGMENT', 0]]);
  cma.receive(first[0]!, 1);
  const answer = cma.poll(1);
  t.deepEqual(answer.delivered, []);
  t.deepEqual(answer.outgoing, [{ type: 'ACK', session: CMA, peerSession: PROBE, ack: 0 }]);
  t.deepEqual(answer.events, [{ kind: 'peer-session-changed', oldSession: 0, newSession: PROBE }]);
  probe.receive(answer.outgoing[0]!, 2);
  const second = probe.poll(2);
  t.deepEqual(second.events, [{ kind: 'peer-session-changed', oldSession: 0, newSession: CMA }]);
  t.deepEqual(segmentsOf(second.outgoing).map((s) => [s.seq, s.peerSession]), [[1, CMA], [2, CMA]]);
  const log = newLog();
  for (const m of second.outgoing) cma.receive(m, 3);
  exchange(probe, cma, 3, log);
  t.deepEqual(log.delivered.get(cma), [[1], [2]]);
  t.is(probe.queueLength, 0);
  t.is(probe.nextWakeAtMs(), undefined);
  t.is(cma.nextWakeAtMs(), undefined);
});

test('duplicate and old segments are re-acknowledged, never redelivered', (t) => {
  const probe = channel(PROBE);
  const cma = channel(CMA);
  probe.send(bytes(7), 0);
  exchange(probe, cma, 0);
  const again: Segment = { type: 'SEGMENT', session: PROBE, peerSession: CMA, seq: 1, fragIndex: 0, fragCount: 1, compressed: false, data: bytes(7) };
  cma.receive(again, 10);
  cma.receive(again, 10);
  const out = cma.poll(10);
  t.deepEqual(out.delivered, []);
  t.deepEqual(out.outgoing, [{ type: 'ACK', session: CMA, peerSession: PROBE, ack: 1 }]);
  t.is(cma.stats.duplicates, 2);
});

test('commit gating: without commit the sender keeps retransmitting; after commit it stops', (t) => {
  const probe = channel(PROBE);
  const cma = channel(CMA, { autoCommit: false });
  probe.send(bytes(42), 0);
  const log = newLog();
  exchange(probe, cma, 0, log);
  t.deepEqual(log.delivered.get(cma), [[42]]);
  t.is(probe.queueLength, 1, 'not acknowledged before the commit');
  let now = 0;
  for (let i = 0; i < 5; i++) {
    now = probe.nextWakeAtMs()!;
    exchange(probe, cma, now, log);
  }
  t.is(probe.stats.retransmits, 5);
  t.deepEqual(log.delivered.get(cma), [[42]], 'retransmissions are not redelivered');
  t.true(cma.commit(1, now));
  t.is(cma.nextWakeAtMs(), now, 'the commit makes an ACK due');
  exchange(probe, cma, now, log);
  t.is(probe.queueLength, 0);
  t.is(probe.nextWakeAtMs(), undefined);
  t.false(cma.commit(1, now));
});

test('ackDelayMs holds an in-order ACK back; duplicates are acknowledged at once', (t) => {
  const probe = channel(PROBE);
  const cma = channel(CMA, { ackDelayMs: 20 });
  probe.send(bytes(1), 0);
  exchange(probe, cma, 0);
  t.is(cma.nextWakeAtMs(), 20);
  exchange(probe, cma, 20);
  t.is(probe.queueLength, 0);
  probe.send(bytes(2), 100);
  const seg = segmentsOf(probe.poll(100).outgoing);
  cma.receive(seg[0]!, 100);
  const early = cma.poll(100);
  t.is(acksOf(early.outgoing).length, 0);
  t.is(early.delivered.length, 1);
  t.is(cma.nextWakeAtMs(), 120);
  cma.receive(seg[0]!, 105);
  t.deepEqual(cma.poll(105).outgoing, [{ type: 'ACK', session: CMA, peerSession: PROBE, ack: 2 }]);
});

test('the receiver replaced by a new incarnation: unacked messages are renumbered and delivered to it', (t) => {
  const probe = channel(PROBE);
  const cma = channel(CMA);
  for (let i = 1; i <= 3; i++) probe.send(bytes(i), 0);
  exchange(probe, cma, 0);
  for (let i = 4; i <= 6; i++) probe.send(bytes(i), 10);
  probe.poll(10); // seqs 4..6 go out to the old CMA, which dies before seeing them
  const cma2 = channel(CMA2);
  const log = newLog();
  const renumberedBefore = probe.stats.renumbered;
  const retry = probe.poll(probe.nextWakeAtMs()!);
  t.deepEqual(segmentsOf(retry.outgoing).map((s) => [s.seq, s.peerSession]), [[4, CMA], [5, CMA], [6, CMA]]);
  for (const m of retry.outgoing) cma2.receive(m, 300);
  const reply = cma2.poll(300);
  t.deepEqual(reply.outgoing, [{ type: 'ACK', session: CMA2, peerSession: PROBE, ack: 0 }], 'one ACK 0 for the stranger');
  t.deepEqual(reply.delivered, []);
  for (const m of reply.outgoing) probe.receive(m, 301);
  exchange(probe, cma2, 301, log);
  t.deepEqual(log.delivered.get(cma2), [[4], [5], [6]]);
  t.deepEqual(log.events.get(probe), [{ kind: 'peer-session-changed', oldSession: CMA, newSession: CMA2 }]);
  t.is(probe.peerSession, CMA2);
  t.is(probe.stats.renumbered - renumberedBefore, 3);
  // The old incarnation is retired: its late messages are ignored.
  probe.receive({ type: 'ACK', session: CMA, peerSession: PROBE, ack: 6 }, 400);
  t.is(probe.peerSession, CMA2);
  t.is(probe.stats.stale, 1);
});

test('the sender restarted: the receiver resets, reports it, and its own queue follows the new session', (t) => {
  const probe = channel(PROBE);
  const cma = channel(CMA);
  probe.send(bytes(1), 0);
  exchange(probe, cma, 0);
  cma.send(bytes(99), 5); // to the old probe; lost with it
  cma.poll(5);
  const probe2 = channel(0x4444);
  probe2.send(bytes(1), 10);
  const log = newLog();
  exchange(probe2, cma, 10, log);
  t.deepEqual(log.events.get(cma), [{ kind: 'peer-session-changed', oldSession: PROBE, newSession: 0x4444 }]);
  t.deepEqual(log.delivered.get(cma), [[1]], 'seq 1 of the new session is not a duplicate of the old seq 1');
  t.deepEqual(log.delivered.get(probe2), [[99]], 'the unacked message went to the new incarnation');
  // A straggler from the old probe session is ignored.
  cma.receive({ type: 'SEGMENT', session: PROBE, peerSession: CMA, seq: 2, fragIndex: 0, fragCount: 1, compressed: false, data: bytes(5) }, 20);
  t.deepEqual(cma.poll(20), { outgoing: [], delivered: [], events: [] });
});

test('a rewind after a reassembly timeout gets the whole message delivered once', (t) => {
  const probe = channel(PROBE, { maxSegmentDataBytes: 4, compressAboveBytes: 1_000 });
  const cma = channel(CMA, { reassemblyTimeoutMs: 1_000 });
  probe.send(bytes(0), 0);
  exchange(probe, cma, 0);
  probe.send(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), 10); // seqs 2..4
  const segs = segmentsOf(probe.poll(10).outgoing);
  cma.receive(segs[0]!, 11);
  cma.receive(segs[1]!, 11); // seq 4 is lost
  for (const m of cma.poll(11).outgoing) probe.receive(m, 12);
  t.deepEqual(probe.stats.messagesAcked, 1);
  // The link goes dark for longer than the reassembly timeout; the CMA frees the partial message.
  const out = cma.poll(1_011);
  t.deepEqual(out.events, [{ kind: 'reassembly-timeout', fromSeq: 2, bytesFreed: 8 }]);
  t.deepEqual(out.outgoing, [{ type: 'ACK', session: CMA, peerSession: 0, ack: 1 }], 'rewind marker: peerSession 0');
  for (const m of out.outgoing) probe.receive(m, 1_012);
  const log = newLog();
  exchange(probe, cma, 1_012, log);
  t.deepEqual(log.delivered.get(cma), [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]]);
  t.is(probe.stats.rewinds, 1);
  t.is(probe.queueLength, 0);
});

test('strangers get one ACK 0 per poll; invalid, own and retired sessions are ignored', (t) => {
  const cma = channel(CMA);
  const toOld: Segment = { type: 'SEGMENT', session: PROBE, peerSession: 0x9999, seq: 5, fragIndex: 0, fragCount: 1, compressed: false, data: bytes(1) };
  cma.receive(toOld, 0);
  cma.receive(toOld, 0);
  cma.receive({ type: 'ACK', session: 0x7777, peerSession: 0x9999, ack: 3 }, 0);
  cma.receive({ ...toOld, session: 0 }, 0);
  cma.receive({ ...toOld, session: CMA }, 0);
  const out = cma.poll(0);
  t.deepEqual(out.outgoing, [
    { type: 'ACK', session: CMA, peerSession: PROBE, ack: 0 },
    { type: 'ACK', session: CMA, peerSession: 0x7777, ack: 0 },
  ]);
  t.is(cma.peerSession, 0, 'nothing learned from messages addressed elsewhere');
  t.is(cma.stats.stale, 2);
  t.deepEqual(out.delivered, []);
});

test('nextWakeAtMs: idle, ready now, then the retransmission deadline', (t) => {
  const probe = channel(PROBE);
  t.is(probe.nextWakeAtMs(), undefined);
  probe.send(bytes(1), 50);
  t.is(probe.nextWakeAtMs(), 50);
  probe.poll(50);
  t.is(probe.nextWakeAtMs(), 250);
  probe.poll(250);
  t.is(probe.nextWakeAtMs(), 650);
});

test('send refuses when maxSendQueue messages are waiting', (t) => {
  const probe = channel(PROBE, { maxSendQueue: 3 });
  for (let i = 0; i < 3; i++) t.true(probe.send(bytes(i), 0));
  t.false(probe.send(bytes(3), 0));
  t.is(probe.stats.queueDrops, 1);
  t.is(probe.clearSendQueue(), 3);
  t.true(probe.send(bytes(4), 0));
});
