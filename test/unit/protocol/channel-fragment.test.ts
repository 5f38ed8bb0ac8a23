import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import test from 'ava';
import { MAX_MESSAGE_BYTES } from '../../../protocol/constants.ts';
import { DecodeError, EncodeError } from '../../../protocol/errors.ts';
import {
  ChannelConfigError,
  DEFAULT_CHANNEL_CONFIG,
  MAX_SEGMENT_DATA_BYTES,
  ReliableChannel,
  fragmentPayload,
  joinFragments,
  resolveChannelConfig,
} from '../../../protocol/channel/index.ts';
import type { Segment } from '../../../protocol/messages.ts';

const config = DEFAULT_CHANNEL_CONFIG;
/** Byte equality without ava's (slow for megabytes) structural diff. */
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;
const text = (bytes: number): Uint8Array =>
  new TextEncoder().encode('tcp 10.0.0.1:22 LISTEN sshd pid=811 user=root\n'.repeat(Math.ceil(bytes / 46))).subarray(0, bytes);

test('a small payload is one uncompressed fragment, copied', (t) => {
  const payload = Uint8Array.from([1, 2, 3]);
  const { fragments, compressed } = fragmentPayload(payload, config);
  payload[0] = 9;
  t.false(compressed);
  t.deepEqual(fragments, [Uint8Array.from([1, 2, 3])]);
});

test('an empty payload is one empty fragment', (t) => {
  const { fragments } = fragmentPayload(new Uint8Array(0), config);
  t.is(fragments.length, 1);
  t.is(fragments[0]?.length, 0);
  t.deepEqual(joinFragments(fragments, false, config.maxMessageBytes), new Uint8Array(0));
});

test('a 50 kB compressible payload is deflated, fragmented to ≤ 1,100 bytes, and joins back', (t) => {
  const payload = text(50_000);
  const { fragments, compressed } = fragmentPayload(payload, config);
  t.true(compressed);
  t.true(fragments.length < 50_000 / MAX_SEGMENT_DATA_BYTES);
  t.true(fragments.every((f) => f.length <= MAX_SEGMENT_DATA_BYTES));
  t.true(same(joinFragments(fragments, true, config.maxMessageBytes), payload));
});

test('a 1 MB incompressible payload is sent raw in 954 fragments and joins back', (t) => {
  const payload = new Uint8Array(randomBytes(1_048_576));
  const { fragments, compressed } = fragmentPayload(payload, config);
  t.false(compressed, 'deflate would not make it smaller');
  t.is(fragments.length, Math.ceil(1_048_576 / 1_096));
  t.true(same(joinFragments(fragments, false, config.maxMessageBytes), payload));
});

test('a 1 MB compressible payload round-trips compressed', (t) => {
  const payload = text(1_048_576);
  const { fragments, compressed } = fragmentPayload(payload, config);
  t.true(compressed);
  t.true(same(joinFragments(fragments, true, config.maxMessageBytes), payload));
});

test('payloads at or below compressAboveBytes are never compressed', (t) => {
  t.false(fragmentPayload(text(1_200), config).compressed);
  t.true(fragmentPayload(text(1_201), config).compressed);
});

test('a payload over maxMessageBytes is an EncodeError', (t) => {
  t.throws(() => fragmentPayload(new Uint8Array(MAX_MESSAGE_BYTES + 1), config), { instanceOf: EncodeError });
});

test('a zip bomb is rejected with PROTO_MESSAGE_TOO_LARGE without inflating it all', (t) => {
  const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024));
  t.true(bomb.length < 100_000);
  const err = t.throws(() => joinFragments([bomb], true, MAX_MESSAGE_BYTES), { instanceOf: DecodeError });
  t.is(err.code, 'PROTO_MESSAGE_TOO_LARGE');
});

test('garbage flagged as compressed is PROTO_DECOMPRESS', (t) => {
  const err = t.throws(() => joinFragments([Uint8Array.from([1, 2, 3, 4])], true, MAX_MESSAGE_BYTES), { instanceOf: DecodeError });
  t.is(err.code, 'PROTO_DECOMPRESS');
});

test('a channel receiving a zip bomb rejects it, reports it, and still acknowledges past it', (t) => {
  const receiver = new ReliableChannel({ localSession: 2, config: { autoCommit: true } });
  receiver.receive({ type: 'SEGMENT', session: 1, peerSession: 0, seq: 1, fragIndex: 0, fragCount: 1, compressed: false, data: new Uint8Array(1) }, 0);
  receiver.poll(0);
  const bomb = deflateSync(new Uint8Array(8 * 1024 * 1024));
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bomb.length; offset += 1_096) chunks.push(bomb.subarray(offset, offset + 1_096));
  chunks.forEach((data, i) => {
    const segment: Segment = { type: 'SEGMENT', session: 1, peerSession: 2, seq: 1 + i, fragIndex: i, fragCount: chunks.length, compressed: true, data };
    receiver.receive(segment, 1);
  });
  const out = receiver.poll(1);
  t.deepEqual(out.delivered, []);
  t.deepEqual(out.events.map((e) => e.kind), ['message-rejected']);
  t.like(out.events[0], { code: 'PROTO_MESSAGE_TOO_LARGE', seq: chunks.length });
  t.like(out.outgoing[0], { type: 'ACK', ack: chunks.length });
  t.is(receiver.stats.rejected, 1);
});

test('resolveChannelConfig fills defaults, checks ranges, and freezes', (t) => {
  const resolved = resolveChannelConfig({ windowSize: 4 });
  t.is(resolved.windowSize, 4);
  t.is(resolved.initialRtoMs, 200);
  t.is(resolved.maxSegmentDataBytes, 1_096);
  t.true(Object.isFrozen(resolved));
  t.true(Object.isFrozen(DEFAULT_CHANNEL_CONFIG));
  t.throws(() => resolveChannelConfig({ windowSize: 0 }), { instanceOf: ChannelConfigError, message: /windowSize/ });
  t.throws(() => resolveChannelConfig({ maxSegmentDataBytes: 1_101 }), { instanceOf: ChannelConfigError });
  t.throws(() => resolveChannelConfig({ initialRtoMs: 1.5 }), { instanceOf: ChannelConfigError });
  t.throws(() => resolveChannelConfig({ initialRtoMs: 500, maxRtoMs: 400 }), { instanceOf: ChannelConfigError, message: /maxRtoMs/ });
  t.throws(() => resolveChannelConfig({ maxMessageBytes: MAX_MESSAGE_BYTES + 1 }), { instanceOf: ChannelConfigError });
  t.throws(() => new ReliableChannel({ localSession: 0 }), { instanceOf: RangeError });
  t.throws(() => new ReliableChannel({ localSession: 2 ** 32 }), { instanceOf: RangeError });
});
