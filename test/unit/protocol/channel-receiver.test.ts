import test from 'ava';
import { ChannelReceiver } from '../../../protocol/channel/receiver.ts';
import { newChannelStats, resolveChannelConfig } from '../../../protocol/channel/index.ts';
import type { ChannelConfig, ChannelEvent } from '../../../protocol/channel/index.ts';
import type { Segment } from '../../../protocol/messages.ts';

function receiver(partial: Partial<ChannelConfig> = {}): {
  r: ChannelReceiver;
  stats: ReturnType<typeof newChannelStats>;
  events: ChannelEvent[];
} {
  const stats = newChannelStats();
  const events: ChannelEvent[] = [];
  return { r: new ChannelReceiver(resolveChannelConfig({ autoCommit: true, ...partial }), stats, (e) => events.push(e)), stats, events };
}

/** A segment; `frag` = [index, count]. */
function seg(seq: number, byte: number, frag: readonly [number, number] = [0, 1], compressed = false): Segment {
  return { type: 'SEGMENT', session: 1, peerSession: 2, seq, fragIndex: frag[0], fragCount: frag[1], compressed, data: Uint8Array.from([byte]) };
}

const payloads = (r: ChannelReceiver): number[][] => r.takeDelivered().map((d) => [...d.payload]);

test('in-order segments are delivered at once with increasing delivery seqs', (t) => {
  const { r } = receiver();
  t.is(r.onSegment(seg(1, 10), 0), 'in-order');
  t.is(r.onSegment(seg(2, 20), 0), 'in-order');
  t.deepEqual(r.takeDelivered().map((d) => [d.seq, ...d.payload]), [[1, 10], [2, 20]]);
  t.is(r.ackValue(), 2);
});

test('out-of-order segments wait for the hole; duplicates are never redelivered', (t) => {
  const { r, stats } = receiver();
  t.is(r.onSegment(seg(3, 30), 0), 'ahead');
  t.is(r.onSegment(seg(3, 30), 0), 'duplicate');
  t.is(r.onSegment(seg(2, 20), 0), 'ahead');
  t.deepEqual(payloads(r), []);
  t.is(r.ackValue(), 0);
  t.is(r.onSegment(seg(1, 10), 0), 'in-order');
  t.deepEqual(payloads(r), [[10], [20], [30]]);
  t.is(r.onSegment(seg(2, 20), 0), 'duplicate');
  t.deepEqual(payloads(r), []);
  t.is(stats.duplicates, 2);
  t.is(r.ackValue(), 3);
});

test('segments beyond ack + windowSize are dropped', (t) => {
  const { r, stats } = receiver({ windowSize: 4 });
  t.is(r.onSegment(seg(4, 0), 0), 'ahead');
  t.is(r.onSegment(seg(5, 0), 0), 'out-of-window');
  t.is(stats.outOfWindow, 1);
});

test('commit gating: the ack stops before the last fragment of the first uncommitted message', (t) => {
  const { r } = receiver({ autoCommit: false });
  r.onSegment(seg(1, 1), 0);
  r.onSegment(seg(2, 2, [0, 2]), 0);
  r.onSegment(seg(3, 3, [1, 2]), 0);
  const delivered = r.takeDelivered();
  t.deepEqual(delivered.map((d) => [d.seq, ...d.payload]), [[1, 1], [2, 2, 3]]);
  t.is(r.ackValue(), 0);
  t.true(r.commit(2, 1));
  t.is(r.ackValue(), 0, 'commits out of order do not pass the first uncommitted message');
  t.true(r.commit(1, 1));
  t.is(r.ackValue(), 3);
  t.false(r.commit(1, 1), 'a second commit is refused');
  t.false(r.commit(99, 1));
});

test('fragments of an incomplete message are acknowledged before it completes', (t) => {
  const { r } = receiver({ autoCommit: false });
  r.onSegment(seg(1, 1, [0, 3]), 0);
  r.onSegment(seg(2, 2, [1, 3]), 0);
  t.is(r.ackValue(), 2);
  r.onSegment(seg(3, 3, [2, 3]), 0);
  t.is(r.ackValue(), 2, 'the last fragment waits for the commit');
  t.deepEqual(payloads(r), [[1, 2, 3]]);
  r.commit(1, 0);
  t.is(r.ackValue(), 3);
});

test('inconsistent fragments are refused and reported, and the stream continues with the right one', (t) => {
  const { r, events, stats } = receiver();
  t.is(r.onSegment(seg(1, 1, [1, 2]), 0), 'refused');
  t.is(r.onSegment(seg(1, 1, [0, 2]), 0), 'in-order');
  t.is(r.onSegment(seg(2, 2, [1, 3]), 0), 'refused');
  t.is(r.onSegment(seg(2, 2, [1, 2], true), 0), 'refused');
  t.is(r.onSegment(seg(0, 0), 0), 'refused');
  t.is(r.onSegment({ ...seg(9, 0), fragIndex: 2, fragCount: 2 }, 0), 'refused');
  t.is(r.onSegment(seg(2, 2, [1, 2]), 0), 'in-order');
  t.deepEqual(payloads(r), [[1, 2]]);
  t.is(stats.rejected, 5);
  t.true(events.every((e) => e.kind === 'message-rejected' && e.code === 'PROTO_BAD_FRAGMENT'));
});

test('a message over maxReassemblyFragments or maxMessageBytes is consumed, rejected, and acknowledged', (t) => {
  const { r, events } = receiver({ maxReassemblyFragments: 2, maxMessageBytes: 3 });
  r.onSegment(seg(1, 1, [0, 3]), 0);
  r.onSegment(seg(2, 1, [1, 3]), 0);
  r.onSegment(seg(3, 1, [2, 3]), 0);
  r.onSegment(seg(4, 1, [0, 2]), 0);
  r.onSegment({ ...seg(5, 1, [1, 2]), data: new Uint8Array(3) }, 0);
  r.onSegment(seg(6, 6), 0);
  t.deepEqual(payloads(r), [[6]]);
  t.is(r.ackValue(), 6);
  t.deepEqual(events.map((e) => (e.kind === 'message-rejected' ? [e.code, e.seq] : e.kind)), [
    ['PROTO_MESSAGE_TOO_LARGE', 3],
    ['PROTO_MESSAGE_TOO_LARGE', 5],
  ]);
});

/*
 * Reassembly timeout (60 s): fragments 1 and 2 of 3 arrive and are acknowledged, then the peer goes silent.
 *
 *   t(ms)    0        10        60_010            60_020 ...
 *            frag 1   frag 2    timeout: freed,   peer resends 1..3 → delivered once
 *                     ack 2     rewind to ack 0
 */
test('a stalled partial message is freed after reassemblyTimeoutMs and a rewind is requested', (t) => {
  const { r, events, stats } = receiver();
  r.onSegment(seg(1, 1, [0, 3]), 0);
  r.onSegment(seg(2, 2, [1, 3]), 10);
  t.is(r.advertise(), 2);
  t.is(r.timeoutAtMs(), 60_010);
  t.false(r.checkTimeout(60_009));
  t.true(r.checkTimeout(60_010));
  t.deepEqual(events, [{ kind: 'reassembly-timeout', fromSeq: 1, bytesFreed: 2 }]);
  t.is(r.ackValue(), 0);
  t.true(r.rewindPending);
  t.is(r.timeoutAtMs(), undefined);
  t.is(r.onSegment(seg(3, 3, [2, 3]), 60_015), 'ahead');
  r.onSegment(seg(1, 1, [0, 3]), 60_020);
  t.true(r.rewindPending, 'still missing fragment 2, which we had acknowledged');
  r.onSegment(seg(2, 2, [1, 3]), 60_021);
  t.false(r.rewindPending);
  t.deepEqual(payloads(r), [[1, 2, 3]]);
  t.is(stats.reassemblyTimeouts, 1);
});

test('no reassembly timeout while our own uncommitted delivery holds the window', (t) => {
  const { r } = receiver({ autoCommit: false, reassemblyTimeoutMs: 1_000 });
  r.onSegment(seg(1, 1), 0);
  r.onSegment(seg(2, 2, [0, 2]), 0);
  t.is(r.timeoutAtMs(), undefined);
  r.commit(1, 5_000);
  t.is(r.timeoutAtMs(), 6_000);
});

test('reset starts a new pairing but delivery seqs keep increasing', (t) => {
  const { r } = receiver();
  r.onSegment(seg(1, 1), 0);
  r.takeDelivered();
  r.reset();
  t.is(r.ackValue(), 0);
  r.onSegment(seg(1, 5), 0);
  t.deepEqual(r.takeDelivered().map((d) => [d.seq, ...d.payload]), [[2, 5]]);
});
