// Codec + AEAD throughput on one core through the real Link (DESIGN §11: ≥ 100k sealed datagrams/s per core
// each way), with raw node:crypto ChaCha20-Poly1305 alongside as the peer figure.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DEFAULT_AEAD, NODE_AEAD, deriveLinkKeys, generateKeyPair, type AeadBackend, type Link, type Message } from '../protocol/index.ts';
import { makeLink } from '../test/helpers/links.ts';
import { opsPerSecond, type BenchFigure, type BenchResult } from './report.ts';

export interface CodecBenchInit {
  /** Measuring time per case. */
  readonly durationMs: number;
  /** Heartbeat datagrams pre-sealed for the receive case (each can be received once: replay window). */
  readonly receiveStream: number;
}

const TARGET = { op: '>=', value: 100_000 } as const;

function discoveryMessage(): Message {
  const rows = Array.from({ length: 250 }, (_, i) => ({
    proto: 'tcp',
    local: `198.18.${i % 7}.${i % 250}:${1024 + i}`,
    remote: `198.18.1.${(i * 7) % 250}:5432`,
    state: 'ESTABLISHED',
    pid: 1000 + i,
    exe: '/usr/lib/postgresql/15/bin/postgres',
    cmdline: `postgres: app app 198.18.0.${i % 250}(${40000 + i}) idle`,
  }));
  return { type: 'DISCOVERY', kind: 'netstat', hash: 'sha256:bench', full: true, payload: { rows } };
}

/** Raw node:crypto seal/open of a 48-byte body: the floor our Link adds codec + framing to. */
function rawCrypto(durationMs: number): BenchFigure[] {
  const key = randomBytes(32);
  const nonce = randomBytes(12);
  const aad = randomBytes(24);
  const body = randomBytes(48);
  const seal = (): Buffer[] => {
    const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    c.setAAD(aad, { plaintextLength: body.length });
    return [c.update(body), c.final(), c.getAuthTag()];
  };
  const [ct = Buffer.alloc(0), , tag = Buffer.alloc(0)] = seal();
  const open = (): void => {
    const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    d.setAAD(aad, { plaintextLength: ct.length });
    d.setAuthTag(tag);
    d.update(ct);
    d.final();
  };
  return [
    { name: 'raw node:crypto seal 48 B (peer)', value: opsPerSecond(seal, durationMs), unit: 'ops/s' },
    { name: 'raw node:crypto open 48 B (peer)', value: opsPerSecond(open, durationMs), unit: 'ops/s' },
  ];
}

function heartbeat(durationMs: number, streamLength: number, aead: AeadBackend): BenchFigure[] {
  const a = makeLink('nanoprobe', { aead });
  const b = makeLink('nanoprobe', { aead });
  a.addPeer(b.publicKey);
  b.addPeer(a.publicKey);
  let seq = 0;
  const hb = (): Message => ({ type: 'HEARTBEAT', senderId: a.hostId, ringId: 'switch:00:1b:21:3c:4d:5e', seq: ++seq });
  const sealRate = opsPerSecond(() => a.seal(b.hostId, hb()), durationMs);
  const stream = Array.from({ length: streamLength }, () => a.seal(b.hostId, hb()));
  const size = stream[0]?.length ?? 0;
  let next = 0;
  const openRate = opsPerSecond(
    () => {
      const bytes = stream[next++ % stream.length];
      if (bytes !== undefined && next <= stream.length) b.receive(bytes, 0);
    },
    Math.min(durationMs, 1_000),
    500,
  );
  const used = Math.min(next, stream.length);
  return [
    { name: `heartbeat encode+seal (Link.seal, ${aead.name})`, value: sealRate, unit: 'datagrams/s', target: TARGET, extra: { datagramBytes: size } },
    { name: `heartbeat open+decode (Link.receive, ${aead.name})`, value: next > stream.length ? Math.round((openRate * used) / next) : openRate, unit: 'datagrams/s', target: TARGET },
  ];
}

function discovery(durationMs: number): BenchFigure[] {
  const msg = discoveryMessage();
  const keys = generateKeyPair();
  let sender: Link = makeLink('nanoprobe');
  let receiver: Link = makeLink('cma', { keyPair: keys });
  const pair = (): void => {
    sender = makeLink('nanoprobe');
    receiver = makeLink('cma', { keyPair: keys });
    sender.addPeer(receiver.publicKey);
    receiver.addPeer(sender.publicKey);
  };
  pair();
  // Sending: encode, deflate, fragment, seal every segment (window-limited datagrams are counted as produced).
  let datagramsOut = 0;
  let now = 0;
  const sendRate = opsPerSecond(
    () => {
      pair();
      sender.sendReliable(receiver.hostId, msg, now);
      datagramsOut += sender.poll(now).datagrams.length;
      now += 1;
    },
    durationMs,
    5,
  );
  // Receiving: a whole message's datagrams (collected from a real exchange) opened, reassembled, inflated, decoded.
  pair();
  sender.sendReliable(receiver.hostId, msg, 0);
  const all: Uint8Array[] = [];
  let t = 0;
  let out = sender.poll(t);
  for (let round = 0; round < 200 && out.datagrams.length > 0; round++) {
    for (const d of out.datagrams) {
      all.push(d.bytes);
      receiver.receive(d.bytes, t);
    }
    const back = receiver.poll(t);
    for (const d of back.delivered) receiver.commit(d.from, d.seq, t);
    const acks = [...back.datagrams, ...receiver.poll(t).datagrams];
    for (const d of acks) sender.receive(d.bytes, t + 1);
    t += 2;
    out = sender.poll(t);
  }
  const recvRate = opsPerSecond(
    () => {
      const fresh = makeLink('cma', { keyPair: keys });
      fresh.addPeer(sender.publicKey);
      for (const bytes of all) fresh.receive(bytes, 0);
      fresh.poll(0);
    },
    durationMs,
    2,
  );
  const bytes = JSON.stringify(msg).length;
  return [
    { name: `discovery ~${Math.round(bytes / 1000)} kB encode+deflate+fragment+seal`, value: sendRate, unit: 'messages/s', extra: { datagramsPerMessage: all.length, datagramsPerSecond: Math.round((datagramsOut / Math.max(1, now)) * sendRate) } },
    { name: `discovery ~${Math.round(bytes / 1000)} kB open+reassemble+inflate+decode`, value: recvRate, unit: 'messages/s', extra: { datagramsPerSecond: recvRate * all.length } },
  ];
}

/**
 * What a host's identity costs at start (a nanoprobe once; the live simulator per virtual host, thousands at a
 * cold start): a fresh key pair and its link keys with the CMA, and link keys with a peer seen for the first time.
 */
function keys(durationMs: number): BenchFigure[] {
  const cma = generateKeyPair();
  const start = (): void => {
    const pair = generateKeyPair();
    deriveLinkKeys(pair.privateKey, pair.publicKey, cma.publicKey);
  };
  const own = generateKeyPair();
  // (more peers than the derivation keeps imported, taken in turn: each one is new to it)
  const peers = Array.from({ length: 5_000 }, () => generateKeyPair().publicKey);
  let next = 0;
  const newPeer = (): void => {
    deriveLinkKeys(own.privateKey, own.publicKey, peers[next++ % peers.length] ?? own.publicKey);
  };
  return [
    { name: 'host identity: key pair + link keys with the CMA', value: opsPerSecond(start, durationMs, 100), unit: 'hosts/s' },
    { name: 'link keys with a new peer', value: opsPerSecond(newPeer, durationMs, 100), unit: 'peers/s' },
  ];
}

export function runCodecBench(init: CodecBenchInit = { durationMs: 2_000, receiveStream: 400_000 }): BenchResult {
  return {
    benchmark: 'codec',
    figures: [...heartbeat(init.durationMs, init.receiveStream, DEFAULT_AEAD), ...heartbeat(init.durationMs, init.receiveStream, NODE_AEAD), ...discovery(init.durationMs), ...rawCrypto(init.durationMs), ...keys(init.durationMs)],
    notes: 'one core, real Link: msgpackr codec + ChaCha20-Poly1305 (sodium-native by default, node:crypto for comparison) + replay window; sealed datagrams carry the sender key (flag bit 1)',
  };
}
