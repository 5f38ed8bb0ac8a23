import test from 'ava';
import { ChannelSender } from '../../../protocol/channel/sender.ts';
import { newChannelStats, resolveChannelConfig } from '../../../protocol/channel/index.ts';
import type { ChannelConfig } from '../../../protocol/channel/index.ts';
import type { Segment } from '../../../protocol/messages.ts';

const LOCAL = 11;
const PEER = 22;

function sender(partial: Partial<ChannelConfig> = {}): { s: ChannelSender; stats: ReturnType<typeof newChannelStats> } {
  const stats = newChannelStats();
  return { s: new ChannelSender(resolveChannelConfig(partial), stats), stats };
}

function collect(s: ChannelSender, nowMs: number, peer = PEER): Segment[] {
  const out: Segment[] = [];
  s.collect(nowMs, LOCAL, peer, out);
  return out;
}

const seqs = (segments: readonly Segment[]): number[] => segments.map((x) => x.seq);
const small = (i: number): Uint8Array => Uint8Array.from([i]);

test('sends at most windowSize segments beyond the cumulative ack', (t) => {
  const { s, stats } = sender();
  for (let i = 0; i < 20; i++) t.true(s.enqueue(small(i)));
  t.deepEqual(seqs(collect(s, 0)), [1, 2, 3, 4, 5, 6, 7, 8]);
  t.deepEqual(collect(s, 1), []);
  t.is(s.onAck(3), 'progress');
  t.deepEqual(seqs(collect(s, 2)), [9, 10, 11]);
  t.is(stats.segmentsSent, 11);
  t.is(stats.messagesAcked, 3);
  t.is(s.queueLength, 17);
});

test('while the peer session is unknown only the first segment goes out, addressed to session 0', (t) => {
  const { s } = sender();
  s.enqueue(small(1));
  s.enqueue(small(2));
  const out = collect(s, 0, 0);
  t.deepEqual(seqs(out), [1]);
  t.like(out[0], { type: 'SEGMENT', session: LOCAL, peerSession: 0, fragIndex: 0, fragCount: 1, compressed: false });
  t.false(s.canSend(false));
  t.true(s.canSend(true));
});

/*
 * One segment, never acknowledged: the retransmission timeout doubles from 200 ms and is capped at 5 s.
 *
 *   t(ms)   0     200    600    1400   3000   6200    11200   16200
 *           send  rtx    rtx    rtx    rtx    rtx     rtx     rtx
 *   rto     200   400    800    1600   3200   5000    5000    5000
 */
const TIMELINE: readonly (readonly [number, boolean, number])[] = [
  // [nowMs, a segment goes out, next deadline]
  [0, true, 200],
  [199, false, 200],
  [200, true, 600],
  [599, false, 600],
  [600, true, 1_400],
  [1_400, true, 3_000],
  [3_000, true, 6_200],
  [6_200, true, 11_200],
  [11_200, true, 16_200],
  [16_200, true, 21_200],
];

test('retransmission timeout backs off ×2 up to maxRtoMs and retries forever', (t) => {
  const { s, stats } = sender();
  s.enqueue(small(1));
  for (const [nowMs, sends, nextMs] of TIMELINE) {
    const out = collect(s, nowMs);
    t.is(out.length, sends ? 1 : 0, `at ${nowMs}`);
    t.is(s.nextDeadlineMs(), nextMs, `deadline after ${nowMs}`);
  }
  t.is(stats.retransmits, 7);
  t.is(s.rtoMs, 5_000);
});

test('progress resets the timeout; an old ack does not', (t) => {
  const { s } = sender();
  s.enqueue(small(1));
  s.enqueue(small(2));
  collect(s, 0);
  collect(s, 200);
  collect(s, 600);
  t.is(s.rtoMs, 800);
  t.is(s.onAck(1), 'progress');
  t.is(s.rtoMs, 200);
  t.is(s.onAck(1), 'old');
  t.is(s.onAck(0), 'old');
  t.is(s.onAck(3), 'bogus', 'acks beyond what was sent are ignored');
  t.is(s.onAck(-1), 'bogus');
  t.is(s.ackedSeq, 1);
});

test('a fragmented message is released only when its last fragment is acknowledged', (t) => {
  const { s, stats } = sender({ maxSegmentDataBytes: 10, compressAboveBytes: 1_000 });
  s.enqueue(new Uint8Array(25)); // 3 fragments: seqs 1..3
  s.enqueue(small(9)); // seq 4
  const out = collect(s, 0);
  t.deepEqual(out.map((x) => [x.seq, x.fragIndex, x.fragCount, x.data.length]), [[1, 0, 3, 10], [2, 1, 3, 10], [3, 2, 3, 5], [4, 0, 1, 1]]);
  s.onAck(2);
  t.is(stats.messagesAcked, 0);
  t.is(s.queueLength, 2);
  s.onAck(3);
  t.is(stats.messagesAcked, 1);
  t.is(s.queueLength, 1);
});

test('renumber: unacknowledged messages restart from seq 1, whole, and are sent again', (t) => {
  const { s, stats } = sender({ maxSegmentDataBytes: 10, compressAboveBytes: 1_000 });
  s.enqueue(small(1)); // seq 1
  s.enqueue(new Uint8Array(15).fill(7)); // seqs 2..3
  s.enqueue(small(3)); // seq 4
  collect(s, 0);
  s.onAck(2); // message 1 done, message 2 half acknowledged
  t.is(s.renumber(), 2);
  const out = collect(s, 5);
  t.deepEqual(out.map((x) => [x.seq, x.fragIndex, x.data[0]]), [[1, 0, 7], [2, 1, 7], [3, 0, 3]]);
  t.is(stats.renumbered, 2);
  t.is(stats.segmentsSent, 4 + 3);
});

test('rewind resends from ack + 1; a rewind below the oldest queued seq is ignored', (t) => {
  const { s, stats } = sender({ maxSegmentDataBytes: 10, compressAboveBytes: 1_000 });
  s.enqueue(small(1)); // seq 1
  s.enqueue(new Uint8Array(30)); // seqs 2..4
  collect(s, 0);
  s.onAck(3);
  t.false(s.rewind(0, 10), 'seq 1 was released: cannot be asked for again');
  t.false(s.rewind(3, 10), 'nothing to rewind: we believed no more than that');
  t.true(s.rewind(1, 10));
  t.deepEqual(seqs(collect(s, 10)), [2, 3, 4]);
  s.onAck(2);
  t.false(s.rewind(1, 11), 'a reordered catch-up ACK does not restart the resend');
  t.deepEqual(collect(s, 12), []);
  t.is(stats.rewinds, 1);
  t.is(stats.retransmits, 3);
  t.is(s.onAck(4), 'progress');
  t.is(s.queueLength, 0);
});

test('a full queue refuses and counts; clear empties it', (t) => {
  const { s, stats } = sender({ maxSendQueue: 2 });
  t.true(s.enqueue(small(1)));
  t.true(s.enqueue(small(2)));
  t.false(s.enqueue(small(3)));
  t.is(stats.queueDrops, 1);
  t.is(s.clear(), 2);
  t.is(s.queueLength, 0);
  t.deepEqual(collect(s, 0), []);
  t.is(s.nextDeadlineMs(), undefined);
});
