// The secure link end to end: codec + AEAD + replay window + reliable channel, between real Link objects.
import test from 'ava';
import fc from 'fast-check';
import {
  DecodeError,
  MAX_DATAGRAM_BYTES,
  MAX_SEGMENT_DATA_BYTES,
  encodeMessage,
  generateKeyPair,
  hostIdOf,
  type Link,
  type LinkOutput,
  type Message,
  type Segment,
  type Startup,
} from '../../../protocol/index.ts';
import { makeLink } from '../../helpers/links.ts';
import { SAMPLE_MESSAGES } from '../../helpers/sample-messages.ts';

function startupOf(link: Link): Startup {
  return { ...SAMPLE_MESSAGES.STARTUP, hostId: link.hostId, publicKey: link.publicKey };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DecodeError) return err.code;
    throw err;
  }
  return 'no error';
}

/** Delivers every datagram of `out` to `to`, then polls `to`; returns what `to` produced. */
function pump(out: LinkOutput, to: Link, nowMs: number): LinkOutput {
  for (const d of out.datagrams) to.receive(d.bytes, nowMs);
  return to.poll(nowMs);
}

test('a nanoprobe registers with a CMA whose key it does not know: plain STARTUP, sealed SETCONFIG back', (t) => {
  const cma = makeLink('cma');
  const probe = makeLink('nanoprobe');
  const got = cma.receive(probe.plainStartup(startupOf(probe)), 0);
  t.is(got.kind, 'startup');
  if (got.kind !== 'startup') return;
  t.is(got.msg.hostId, probe.hostId);
  t.is(cma.addPeer(got.msg.publicKey), probe.hostId);
  const setconfig = { ...SAMPLE_MESSAGES.SETCONFIG, cmaId: cma.hostId, hostId: probe.hostId };
  t.true(cma.sendReliable(probe.hostId, setconfig, 0));
  // First contact costs one round trip (the channel learns sessions), then the message is delivered once.
  let toProbe = cma.poll(0);
  let delivered: Message[] = [];
  for (let step = 0; step < 6 && delivered.length === 0; step++) {
    const atProbe = pump(toProbe, probe, step * 300);
    delivered = atProbe.delivered.map((d) => d.msg);
    toProbe = pump(atProbe, cma, step * 300 + 1);
    if (toProbe.datagrams.length === 0) toProbe = cma.poll(step * 300 + 299);
  }
  t.deepEqual(delivered, [setconfig]);
  t.deepEqual(probe.publicKeyOf(cma.hostId), cma.publicKey, 'the nanoprobe learned the CMA key from the datagram');
});

test('heartbeats are sealed, authenticated and replay-protected', (t) => {
  const a = makeLink('nanoprobe');
  const b = makeLink('nanoprobe');
  a.addPeer(b.publicKey);
  b.addPeer(a.publicKey);
  const hb = { type: 'HEARTBEAT', senderId: a.hostId, ringId: 'switch:aa', seq: 1 } as const;
  const bytes = a.seal(b.hostId, hb);
  t.true(bytes.length < 200);
  t.deepEqual(b.receive(bytes, 0), { kind: 'message', from: a.hostId, msg: hb });
  t.is(codeOf(() => b.receive(bytes, 1)), 'PROTO_REPLAY');
  const second = a.seal(b.hostId, { ...hb, seq: 2 });
  const tampered = Uint8Array.from(second);
  tampered[tampered.length - 20] = (tampered[tampered.length - 20] ?? 0) ^ 1;
  t.is(codeOf(() => b.receive(tampered, 2)), 'PROTO_AUTH_FAILED');
  t.deepEqual(b.receive(second, 3), { kind: 'message', from: a.hostId, msg: { ...hb, seq: 2 } }, 'a forgery does not burn the real counter');
});

test('policy: unknown senders, plain datagrams and mismatched STARTUP identities are refused', (t) => {
  const strict = makeLink('nanoprobe', { acceptUnknownSenders: false });
  const stranger = makeLink('nanoprobe');
  stranger.addPeer(strict.publicKey);
  const hb = { type: 'HEARTBEAT', senderId: stranger.hostId, ringId: 'switch:aa', seq: 1 } as const;
  t.is(codeOf(() => strict.receive(stranger.seal(strict.hostId, hb), 0)), 'PROTO_UNKNOWN_KEY');
  t.is(codeOf(() => strict.receive(stranger.plainStartup(startupOf(stranger)), 0)), 'PROTO_PLAIN_NOT_ALLOWED');
  const cma = makeLink('cma');
  const other = generateKeyPair().publicKey;
  t.is(codeOf(() => cma.receive(stranger.plainStartup({ ...startupOf(stranger), publicKey: other, hostId: hostIdOf(other) }), 0)), 'PROTO_BAD_FIELD');
});

test('a flood of unknown keys is rate-limited per second (X25519 is costly)', (t) => {
  const cma = makeLink('cma', { maxKeyDerivationsPerSecond: 2 });
  const strangers = [0, 1, 2].map(() => makeLink('nanoprobe'));
  const hbFrom = (s: Link): Uint8Array => {
    s.addPeer(cma.publicKey);
    return s.seal(cma.hostId, { type: 'PING', senderId: s.hostId, nonce: 1 });
  };
  const datagrams = strangers.map(hbFrom);
  t.is(cma.receive(datagrams[0]!, 1000).kind, 'message');
  t.is(cma.receive(datagrams[1]!, 1500).kind, 'message');
  t.is(codeOf(() => cma.receive(datagrams[2]!, 1999)), 'PROTO_UNKNOWN_KEY');
  t.is(cma.stats.derivationsRefused, 1);
  t.is(cma.receive(datagrams[2]!, 2000).kind, 'message', 'the next second has budget again, and the refused datagram was not consumed');
});

test('the largest possible SEGMENT, sealed with the sender key, fits in one datagram', (t) => {
  const a = makeLink('nanoprobe');
  const b = makeLink('nanoprobe');
  a.addPeer(b.publicKey);
  const worst: Segment = {
    type: 'SEGMENT',
    session: 0xffff_ffff,
    peerSession: 0xffff_ffff,
    seq: Number.MAX_SAFE_INTEGER,
    fragIndex: 0xfffe,
    fragCount: 0xffff,
    compressed: true,
    data: new Uint8Array(MAX_SEGMENT_DATA_BYTES).fill(0xff),
  };
  t.true(encodeMessage(worst).length <= 1_128);
  t.true(a.seal(b.hostId, worst).length <= MAX_DATAGRAM_BYTES);
});

test('a 50 kB DISCOVERY message crosses the link compressed, fragmented and reassembled', (t) => {
  const cma = makeLink('cma');
  const probe = makeLink('nanoprobe');
  cma.addPeer(probe.publicKey);
  probe.addPeer(cma.publicKey);
  const rows = Array.from({ length: 800 }, (_, i) => ({ local: `198.18.0.${i % 250}:${1000 + i}`, remote: `198.18.1.${i % 200}:5432`, pid: 1000 + i, exe: '/usr/bin/python3' }));
  const discovery: Message = { type: 'DISCOVERY', kind: 'netstat', hash: 'sha256:abc', full: true, payload: { rows } };
  t.true(encodeMessage(discovery).length > 50_000);
  t.true(probe.sendReliable(cma.hostId, discovery, 0));
  let got: Message[] = [];
  let toCma = probe.poll(0);
  for (let now = 0; now < 20_000 && got.length === 0; now += 50) {
    const atCma = pump(toCma, cma, now);
    for (const d of atCma.delivered) cma.commit(d.from, d.seq, now);
    got = atCma.delivered.map((d) => d.msg);
    const acks = cma.poll(now);
    toCma = pump({ ...acks, datagrams: [...atCma.datagrams, ...acks.datagrams] }, probe, now + 1);
  }
  t.deepEqual(got, [discovery]);
  t.true(probe.stats.sealed < 60, `sealed ${probe.stats.sealed} datagrams for a message that deflates well`);
});

test('a restarted CMA (same key, empty cache, new session) still receives reports queued before it came back', (t) => {
  const keyPair = generateKeyPair();
  const cma1 = makeLink('cma', { keyPair });
  const probe = makeLink('nanoprobe');
  cma1.addPeer(probe.publicKey);
  probe.addPeer(cma1.publicKey);
  const report = (n: number): Message => ({ type: 'HBLATE', peerId: '0123456789abcdef0123456789abcdef', ringId: 'switch:aa', silentForMs: n });
  probe.sendReliable(cma1.hostId, report(1), 0);
  // CMA 1 dies before anything arrives; CMA 2 starts with the same key and nothing else.
  const cma2 = makeLink('cma', { keyPair });
  probe.sendReliable(cma1.hostId, report(2), 10);
  const delivered: Message[] = [];
  let toCma = probe.poll(10);
  for (let now = 10; now < 60_000 && delivered.length < 2; now += 100) {
    const atCma = pump(toCma, cma2, now);
    for (const d of atCma.delivered) {
      delivered.push(d.msg);
      cma2.commit(d.from, d.seq, now);
    }
    const more = cma2.poll(now);
    toCma = pump({ ...more, datagrams: [...atCma.datagrams, ...more.datagrams] }, probe, now + 1);
    if (toCma.datagrams.length === 0) toCma = probe.poll(now + 99);
  }
  t.deepEqual(delivered, [report(1), report(2)]);
});

test('receive of arbitrary bytes throws DecodeError and nothing else', (t) => {
  const cma = makeLink('cma');
  const probe = makeLink('nanoprobe');
  cma.addPeer(probe.publicKey);
  const valid = cma.seal(probe.hostId, { type: 'PING', senderId: cma.hostId, nonce: 3 });
  const codes = new Set<string>();
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 1300 }), fc.integer({ min: 0, max: valid.length - 1 }).map((i) => Uint8Array.from(valid, (b, j) => (j === i ? b ^ 0x40 : b)))), (bytes) => {
      try {
        probe.receive(bytes, 0);
      } catch (err) {
        if (!(err instanceof DecodeError)) throw err;
        codes.add(err.code);
      }
    }),
    { numRuns: 2_000 },
  );
  t.true(codes.has('PROTO_BAD_MAGIC') && codes.has('PROTO_AUTH_FAILED'), [...codes].join(','));
});
