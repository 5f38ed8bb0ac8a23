/**
 * Micro-benchmark of datagram sealing and opening (DESIGN §11: codec + AEAD ≥ 100k sealed datagrams/s per core
 * each way). Standalone: `npx tsc -p tsconfig.json && node dist/bench/seal.js [seconds-per-case]`.
 * Plain hrtime loops (each case warmed up, then run for a fixed time); prints ops/s per case.
 */

import { MAX_DATAGRAM_BYTES } from '../protocol/constants.ts';
import { parseHeader } from '../protocol/datagram-header.ts';
import { deriveLinkKeys, generateKeyPair, keyIdOf } from '../protocol/keys.ts';
import { NonceCounter } from '../protocol/nonce-counter.ts';
import { ReplayWindow } from '../protocol/replay-window.ts';
import { openDatagram, sealDatagram } from '../protocol/seal.ts';

const secondsPerCase = Number(process.argv[2] ?? '1');
const BATCH = 1000;

function measure(name: string, fn: () => void): void {
  for (let i = 0; i < 20 * BATCH; i++) fn();
  const budgetNs = BigInt(Math.round(secondsPerCase * 1e9));
  const start = process.hrtime.bigint();
  let ops = 0;
  let elapsed = 0n;
  while (elapsed < budgetNs) {
    for (let i = 0; i < BATCH; i++) fn();
    ops += BATCH;
    elapsed = process.hrtime.bigint() - start;
  }
  const perSecond = Math.round(ops / (Number(elapsed) / 1e9));
  console.log(`${name.padEnd(44)} ${perSecond.toLocaleString('en-US').padStart(12)} ops/s`);
}

const alice = generateKeyPair();
const bob = generateKeyPair();
const sendKey = deriveLinkKeys(alice.privateKey, alice.publicKey, bob.publicKey).sendKey;
const recvKey = deriveLinkKeys(bob.privateKey, bob.publicKey, alice.publicKey).recvKey;
const keyId = keyIdOf(alice.publicKey);
const nonces = new NonceCounter(Date.now());
const out = new Uint8Array(MAX_DATAGRAM_BYTES);

for (const size of [48, 1100]) {
  const body = Uint8Array.from({ length: size }, (_, i) => i & 0xff);
  measure(`seal ${size} B (fresh buffer)`, () => {
    sealDatagram(sendKey, keyId, nonces.take(), body);
  });
  measure(`seal ${size} B (reused out buffer)`, () => {
    sealDatagram(sendKey, keyId, nonces.take(), body, out);
  });
  const sealed = sealDatagram(sendKey, keyId, nonces.take(), body);
  const header = parseHeader(sealed);
  measure(`open ${size} B`, () => {
    openDatagram(sealed, header, recvKey);
  });
  // The receive path a shell runs: parse, replay check, open, commit (distinct counters so nothing is a replay).
  const stream = Array.from({ length: 4096 }, () => sealDatagram(sendKey, keyId, nonces.take(), body));
  let window = new ReplayWindow();
  let next = 0;
  measure(`parse + check + open + commit ${size} B`, () => {
    if (next === stream.length) {
      next = 0;
      window = new ReplayWindow();
    }
    const bytes = stream[next++]!;
    const h = parseHeader(bytes);
    window.assertFresh(h.counter);
    openDatagram(bytes, h, recvKey);
    window.commit(h.counter);
  });
}
