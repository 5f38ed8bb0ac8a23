import test from 'ava';
import { createHash, hkdfSync } from 'node:crypto';

import { CryptoError } from '../../../protocol/errors.ts';
import { deriveLinkKeys, generateKeyPair, hostIdOf, keyIdHexOf, keyIdOf, keyIdToHex, publicKeyOf } from '../../../protocol/keys.ts';
import { COUNTERS_PER_MS, LAST_START_WALL_MS, NONCE_EPOCH_MS, NonceCounter } from '../../../protocol/nonce-counter.ts';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

// RFC 7748 §6.1
const ALICE_PRIVATE = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
const ALICE_PUBLIC = hex('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
const BOB_PRIVATE = hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
const BOB_PUBLIC = hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
const SHARED = hex('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');

function cryptoCode(t: { throws: (fn: () => unknown, expectations: object) => unknown }, fn: () => unknown, code: string): void {
  t.throws(fn, { instanceOf: CryptoError, message: new RegExp(`^${code}:`) });
}

test('generateKeyPair returns distinct raw 32-byte pairs whose public key matches the private key', (t) => {
  const a = generateKeyPair();
  const b = generateKeyPair();
  t.is(a.publicKey.length, 32);
  t.is(a.privateKey.length, 32);
  t.notDeepEqual(a.privateKey, b.privateKey);
  t.deepEqual(publicKeyOf(a.privateKey), a.publicKey);
});

test('publicKeyOf matches RFC 7748 §6.1', (t) => {
  t.deepEqual(publicKeyOf(ALICE_PRIVATE), ALICE_PUBLIC);
  t.deepEqual(publicKeyOf(BOB_PRIVATE), BOB_PUBLIC);
});

test('deriveLinkKeys: both directions agree (A.send = B.recv, A.recv = B.send) and differ from each other', (t) => {
  const a = generateKeyPair();
  const b = generateKeyPair();
  const ab = deriveLinkKeys(a.privateKey, a.publicKey, b.publicKey);
  const ba = deriveLinkKeys(b.privateKey, b.publicKey, a.publicKey);
  t.deepEqual(ab.sendKey, ba.recvKey);
  t.deepEqual(ab.recvKey, ba.sendKey);
  t.notDeepEqual(ab.sendKey, ab.recvKey);
  t.is(ab.sendKey.length, 32);
  const c = generateKeyPair();
  t.notDeepEqual(deriveLinkKeys(a.privateKey, a.publicKey, c.publicKey).sendKey, ab.sendKey);
});

test('deriveLinkKeys is HKDF-SHA256(X25519, "ringwatch/v1", "rw1 key" ‖ from ‖ to) on the RFC 7748 vector', (t) => {
  const expected = (from: Uint8Array, to: Uint8Array): Uint8Array =>
    new Uint8Array(hkdfSync('sha256', SHARED, 'ringwatch/v1', Buffer.concat([Buffer.from('rw1 key'), from, to]), 32));
  const keys = deriveLinkKeys(ALICE_PRIVATE, ALICE_PUBLIC, BOB_PUBLIC);
  t.deepEqual(keys.sendKey, expected(ALICE_PUBLIC, BOB_PUBLIC));
  t.deepEqual(keys.recvKey, expected(BOB_PUBLIC, ALICE_PUBLIC));
});

test('the KeyObjects kept for speed change nothing: a generated pair and its bytes copied derive the same link keys, again after 1,500 other peers', (t) => {
  const a = generateKeyPair();
  const b = generateKeyPair();
  const first = deriveLinkKeys(a.privateKey, a.publicKey, b.publicKey);
  t.deepEqual(deriveLinkKeys(Uint8Array.from(a.privateKey), Uint8Array.from(a.publicKey), Uint8Array.from(b.publicKey)), first);
  for (let i = 0; i < 1_500; i++) deriveLinkKeys(a.privateKey, a.publicKey, generateKeyPair().publicKey);
  t.deepEqual(deriveLinkKeys(a.privateKey, a.publicKey, b.publicKey), first);
  t.deepEqual(deriveLinkKeys(b.privateKey, b.publicKey, a.publicKey), { sendKey: first.recvKey, recvKey: first.sendKey });
  // a private key changed in place is imported again, not served from the kept object
  const c = generateKeyPair();
  const mutable = Uint8Array.from(c.privateKey);
  const before = deriveLinkKeys(mutable, c.publicKey, b.publicKey);
  mutable.set(a.privateKey);
  t.deepEqual(deriveLinkKeys(mutable, a.publicKey, b.publicKey), first);
  t.notDeepEqual(before, first);
});

test('deriveLinkKeys rejects low-order peer keys, wrong lengths and a public key of another pair', (t) => {
  const a = generateKeyPair();
  const zero = new Uint8Array(32);
  const one = new Uint8Array(32);
  one[0] = 1;
  cryptoCode(t, () => deriveLinkKeys(a.privateKey, a.publicKey, zero), 'CRYPTO_BAD_KEY');
  cryptoCode(t, () => deriveLinkKeys(a.privateKey, a.publicKey, one), 'CRYPTO_BAD_KEY');
  cryptoCode(t, () => deriveLinkKeys(a.privateKey, a.publicKey, new Uint8Array(31)), 'CRYPTO_BAD_KEY');
  cryptoCode(t, () => deriveLinkKeys(a.privateKey.subarray(1), a.publicKey, BOB_PUBLIC), 'CRYPTO_BAD_KEY');
  cryptoCode(t, () => deriveLinkKeys(a.privateKey, BOB_PUBLIC, ALICE_PUBLIC), 'CRYPTO_BAD_KEY');
});

test('hostIdOf is 32 lowercase hex chars of SHA-256(publicKey), stable; key id is its first 8 bytes', (t) => {
  const { publicKey } = generateKeyPair();
  const hostId = hostIdOf(publicKey);
  t.regex(hostId, /^[0-9a-f]{32}$/);
  t.is(hostIdOf(Uint8Array.from(publicKey)), hostId);
  t.is(hostId, createHash('sha256').update(publicKey).digest('hex').slice(0, 32));
  t.is(keyIdHexOf(publicKey), hostId.slice(0, 16));
  t.is(keyIdOf(publicKey).length, 8);
  t.is(keyIdToHex(keyIdOf(publicKey)), hostId.slice(0, 16));
  t.is(hostIdOf(ALICE_PUBLIC), createHash('sha256').update(ALICE_PUBLIC).digest('hex').slice(0, 32));
  cryptoCode(t, () => hostIdOf(new Uint8Array(33)), 'CRYPTO_BAD_KEY');
  cryptoCode(t, () => keyIdToHex(new Uint8Array(9)), 'CRYPTO_BAD_KEY');
});

test('NonceCounter starts at (startWallMs − epoch) × 4096 and hands out each value once, increasing', (t) => {
  const startWallMs = 1_763_884_800_000; // 2025-11-23
  const counter = new NonceCounter(startWallMs);
  const first = counter.take();
  t.is(first, (startWallMs - NONCE_EPOCH_MS) * COUNTERS_PER_MS);
  t.is(counter.take(), first + 1);
  t.is(counter.peek(), first + 2);
  t.true(new NonceCounter(startWallMs + 1).peek() > first + 4000, 'a restart 1 ms later starts above 4,096 sends');
  t.is(new NonceCounter(NONCE_EPOCH_MS).peek(), 0);
});

test('NonceCounter lasts until 2094 and throws CRYPTO_NONCE_EXHAUSTED past 2^53 − 1 or for impossible start times', (t) => {
  t.is(new Date(LAST_START_WALL_MS).getUTCFullYear(), 2094);
  const counter = new NonceCounter(LAST_START_WALL_MS);
  let last = -1;
  for (let i = 0; i < COUNTERS_PER_MS; i++) last = counter.take();
  t.is(last, Number.MAX_SAFE_INTEGER);
  cryptoCode(t, () => counter.take(), 'CRYPTO_NONCE_EXHAUSTED');
  for (const bad of [0, -1, NONCE_EPOCH_MS - 1, NONCE_EPOCH_MS + 0.5, LAST_START_WALL_MS + 1, Number.NaN]) {
    cryptoCode(t, () => new NonceCounter(bad), 'CRYPTO_NONCE_EXHAUSTED');
  }
});
