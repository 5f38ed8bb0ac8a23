import test from 'ava';
import fc from 'fast-check';

import { NODE_AEAD } from '../../../protocol/aead.ts';
import { MAX_DATAGRAM_BYTES, PROTOCOL_VERSION } from '../../../protocol/constants.ts';
import { HEADER_BYTES, INCLUDED_KEY_BYTES, MAX_COUNTER, MAX_PLAIN_BODY_BYTES, MAX_SEALED_BODY_BYTES, MAX_SEALED_KEYED_BODY_BYTES, TAG_BYTES, parseHeader } from '../../../protocol/datagram-header.ts';
import { CryptoError, DecodeError, type CryptoErrorCode, type DecodeErrorCode } from '../../../protocol/errors.ts';
import { deriveLinkKeys, generateKeyPair, keyIdHexOf, keyIdOf } from '../../../protocol/keys.ts';
import { ReplayWindow } from '../../../protocol/replay-window.ts';
import { includedKey, openDatagram, plainBody, plainDatagram, sealDatagram, sealDatagramWithKey } from '../../../protocol/seal.ts';

const alice = generateKeyPair();
const bob = generateKeyPair();
const aliceLink = deriveLinkKeys(alice.privateKey, alice.publicKey, bob.publicKey);
const bobLink = deriveLinkKeys(bob.privateKey, bob.publicKey, alice.publicKey);
const aliceKeyId = keyIdOf(alice.publicKey);
const COUNTER = 1_700_000_000_000 * 4096 + 17;

function body(length: number, seed = 1): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);
}

function sealed(length = 48, counter = COUNTER): Uint8Array {
  return sealDatagram(aliceLink.sendKey, aliceKeyId, counter, body(length));
}

/** The receive path of a shell: header, freshness, authentication, then commit. */
function receive(bytes: Uint8Array, key: Uint8Array, window: ReplayWindow): Uint8Array {
  const header = parseHeader(bytes);
  window.assertFresh(header.counter);
  const result = openDatagram(bytes, header, key);
  window.commit(header.counter);
  return result;
}

function decodeCode(t: { throws: (fn: () => unknown, expectations: object) => unknown }, fn: () => unknown, code: DecodeErrorCode): void {
  t.throws(fn, { instanceOf: DecodeError, message: new RegExp(`^${code}:`) });
}

function cryptoCode(t: { throws: (fn: () => unknown, expectations: object) => unknown }, fn: () => unknown, code: CryptoErrorCode): void {
  t.throws(fn, { instanceOf: CryptoError, message: new RegExp(`^${code}:`) });
}

test('round trip: Alice seals with her send key, Bob opens with his receive key', (t) => {
  for (const length of [0, 1, 48, 1100, MAX_SEALED_BODY_BYTES]) {
    const bytes = sealed(length);
    t.is(bytes.length, HEADER_BYTES + length + TAG_BYTES);
    const header = parseHeader(bytes);
    t.deepEqual(header, { sealed: true, keyIncluded: false, bodyOffset: HEADER_BYTES, version: PROTOCOL_VERSION, keyIdHex: keyIdHexOf(alice.publicKey), counter: COUNTER });
    t.deepEqual(new Uint8Array(openDatagram(bytes, header, bobLink.recvKey)), body(length));
  }
});

test('header bytes follow the documented layout', (t) => {
  const keyId = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const bytes = plainDatagram(keyId, 0x0001_0203_0405_0607, Uint8Array.from([0xaa]));
  t.deepEqual(
    [...bytes],
    [0x52, 0x57, PROTOCOL_VERSION, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0xaa],
  );
  const s = sealDatagram(aliceLink.sendKey, keyId, 5, new Uint8Array(0));
  t.is(s[3], 0x01);
  t.deepEqual([...s.subarray(12, 24)], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5]);
});

test('the largest counter round trips; counter ≥ 2^53 on the wire is PROTO_BAD_FIELD', (t) => {
  const bytes = sealed(48, MAX_COUNTER);
  t.is(parseHeader(bytes).counter, MAX_COUNTER);
  t.deepEqual(new Uint8Array(openDatagram(bytes, parseHeader(bytes), bobLink.recvKey)), body(48));
  const over = Uint8Array.from(bytes);
  over[16] = 0x00;
  over[17] = 0x20; // high word 0x0020_0000 → counter = 2^53
  decodeCode(t, () => parseHeader(over), 'PROTO_BAD_FIELD');
});

test('sealing into a caller buffer writes in place and returns a view of it', (t) => {
  const out = new Uint8Array(MAX_DATAGRAM_BYTES);
  const bytes = sealDatagram(aliceLink.sendKey, aliceKeyId, COUNTER, body(48), out);
  t.is(bytes.buffer, out.buffer);
  t.is(bytes.byteOffset, out.byteOffset);
  t.is(bytes.length, 88);
  t.deepEqual(new Uint8Array(openDatagram(bytes, parseHeader(bytes), bobLink.recvKey)), body(48));
  cryptoCode(t, () => sealDatagram(aliceLink.sendKey, aliceKeyId, COUNTER, body(48), new Uint8Array(87)), 'CRYPTO_TOO_LARGE');
});

test('a tampered header byte (key id or counter) fails authentication', (t) => {
  const original = sealed();
  for (const index of [4, 7, 11, 17, 20, 23]) {
    const bytes = Uint8Array.from(original);
    bytes[index] = (bytes[index] ?? 0) ^ 0x01;
    decodeCode(t, () => openDatagram(bytes, parseHeader(bytes), bobLink.recvKey), 'PROTO_AUTH_FAILED');
  }
});

test('a tampered body byte or tag byte fails authentication', (t) => {
  const original = sealed();
  for (const index of [HEADER_BYTES, HEADER_BYTES + 30, original.length - TAG_BYTES, original.length - 1]) {
    const bytes = Uint8Array.from(original);
    bytes[index] = (bytes[index] ?? 0) ^ 0x80;
    decodeCode(t, () => openDatagram(bytes, parseHeader(bytes), bobLink.recvKey), 'PROTO_AUTH_FAILED');
  }
});

test('a wrong key fails authentication: the sender\'s own receive key, a third party\'s key', (t) => {
  const bytes = sealed();
  const header = parseHeader(bytes);
  decodeCode(t, () => openDatagram(bytes, header, aliceLink.recvKey), 'PROTO_AUTH_FAILED');
  decodeCode(t, () => openDatagram(bytes, header, aliceLink.sendKey.map((b) => b ^ 1)), 'PROTO_AUTH_FAILED');
  const carol = generateKeyPair();
  decodeCode(t, () => openDatagram(bytes, header, deriveLinkKeys(carol.privateKey, carol.publicKey, alice.publicKey).recvKey), 'PROTO_AUTH_FAILED');
});

test('truncation: one byte short fails authentication, below header + tag is PROTO_TOO_SHORT', (t) => {
  const bytes = sealed(48);
  const cut = bytes.subarray(0, bytes.length - 1);
  decodeCode(t, () => openDatagram(cut, parseHeader(cut), bobLink.recvKey), 'PROTO_AUTH_FAILED');
  decodeCode(t, () => parseHeader(bytes.subarray(0, HEADER_BYTES + TAG_BYTES - 1)), 'PROTO_TOO_SHORT');
  decodeCode(t, () => parseHeader(bytes.subarray(0, HEADER_BYTES - 1)), 'PROTO_TOO_SHORT');
  const empty = sealed(0);
  t.is(openDatagram(empty, parseHeader(empty), bobLink.recvKey).length, 0);
});

test('a replayed counter is PROTO_REPLAY; an old one outside the window too', (t) => {
  const window = new ReplayWindow();
  const first = sealed(48, COUNTER);
  t.deepEqual(new Uint8Array(receive(first, bobLink.recvKey, window)), body(48));
  decodeCode(t, () => receive(first, bobLink.recvKey, window), 'PROTO_REPLAY');
  receive(sealed(48, COUNTER + 200), bobLink.recvKey, window);
  decodeCode(t, () => receive(sealed(48, COUNTER + 50), bobLink.recvKey, window), 'PROTO_REPLAY');
  t.is(receive(sealed(48, COUNTER + 150), bobLink.recvKey, window).length, 48, 'inside the window and unseen');
});

test('a forged datagram does not move the replay window', (t) => {
  const window = new ReplayWindow();
  const forged = sealed(48, COUNTER + 1000);
  forged[30] = (forged[30] ?? 0) ^ 1;
  decodeCode(t, () => receive(forged, bobLink.recvKey, window), 'PROTO_AUTH_FAILED');
  t.is(window.highest, -1);
  t.is(receive(sealed(48, COUNTER), bobLink.recvKey, window).length, 48);
});

test('parseHeader rejects bad size, magic, version and flags with their codes', (t) => {
  const good = sealed(48);
  const mutate = (index: number, value: number): Uint8Array => {
    const bytes = Uint8Array.from(good);
    bytes[index] = value;
    return bytes;
  };
  decodeCode(t, () => parseHeader(new Uint8Array(MAX_DATAGRAM_BYTES + 1)), 'PROTO_TOO_LONG');
  decodeCode(t, () => parseHeader(mutate(0, 0x53)), 'PROTO_BAD_MAGIC');
  decodeCode(t, () => parseHeader(mutate(1, 0x00)), 'PROTO_BAD_MAGIC');
  decodeCode(t, () => parseHeader(mutate(2, 0)), 'PROTO_BAD_VERSION');
  decodeCode(t, () => parseHeader(mutate(2, PROTOCOL_VERSION + 1)), 'PROTO_BAD_VERSION');
  for (const flags of [0x02, 0x04, 0x80, 0xff]) decodeCode(t, () => parseHeader(mutate(3, flags)), 'PROTO_BAD_FIELD');
  for (const index of [12, 15]) decodeCode(t, () => parseHeader(mutate(index, 1)), 'PROTO_BAD_FIELD');
});

test('a keyed datagram carries the sender key after the header, covered by the tag', (t) => {
  const bytes = sealDatagramWithKey(aliceLink.sendKey, alice.publicKey, aliceKeyId, COUNTER, body(48));
  t.is(bytes.length, HEADER_BYTES + INCLUDED_KEY_BYTES + 48 + TAG_BYTES);
  const header = parseHeader(bytes);
  t.like(header, { sealed: true, keyIncluded: true, bodyOffset: HEADER_BYTES + INCLUDED_KEY_BYTES, keyIdHex: keyIdHexOf(alice.publicKey) });
  t.deepEqual(new Uint8Array(includedKey(bytes, header) ?? []), new Uint8Array(alice.publicKey));
  t.deepEqual(new Uint8Array(openDatagram(bytes, header, bobLink.recvKey)), body(48));
  // Swapping the included key for another (an impostor's) breaks the tag: the key is associated data.
  const forged = Uint8Array.from(bytes);
  forged.set(generateKeyPair().publicKey, HEADER_BYTES);
  decodeCode(t, () => openDatagram(forged, parseHeader(forged), bobLink.recvKey), 'PROTO_AUTH_FAILED');
  // A keyed body may be at most MAX_SEALED_KEYED_BODY_BYTES so the datagram stays ≤ 1,200 bytes.
  t.is(sealDatagramWithKey(aliceLink.sendKey, alice.publicKey, aliceKeyId, COUNTER, body(MAX_SEALED_KEYED_BODY_BYTES)).length, MAX_DATAGRAM_BYTES);
  t.throws(() => sealDatagramWithKey(aliceLink.sendKey, alice.publicKey, aliceKeyId, COUNTER, body(MAX_SEALED_KEYED_BODY_BYTES + 1)), { instanceOf: CryptoError });
  // Only sealed datagrams may include a key.
  decodeCode(t, () => parseHeader(Uint8Array.from(bytes, (b, i) => (i === 3 ? 0x02 : b))), 'PROTO_BAD_FIELD');
});

test('plain datagrams: body as is, openDatagram refuses them, plainBody refuses sealed ones', (t) => {
  const bytes = plainDatagram(aliceKeyId, 9, body(100));
  t.is(bytes.length, HEADER_BYTES + 100);
  const header = parseHeader(bytes);
  t.false(header.sealed);
  t.is(header.counter, 9);
  t.deepEqual(new Uint8Array(plainBody(bytes, header)), body(100));
  decodeCode(t, () => openDatagram(bytes, header, bobLink.recvKey), 'PROTO_PLAIN_NOT_ALLOWED');
  const s = sealed();
  decodeCode(t, () => plainBody(s, parseHeader(s)), 'PROTO_BAD_FIELD');
  t.is(plainDatagram(aliceKeyId, 0, new Uint8Array(MAX_PLAIN_BODY_BYTES)).length, MAX_DATAGRAM_BYTES);
});

test('oversize bodies, bad keys, bad key ids and bad counters are CryptoErrors on the sending side', (t) => {
  cryptoCode(t, () => sealDatagram(aliceLink.sendKey, aliceKeyId, 1, new Uint8Array(MAX_SEALED_BODY_BYTES + 1)), 'CRYPTO_TOO_LARGE');
  cryptoCode(t, () => plainDatagram(aliceKeyId, 1, new Uint8Array(MAX_PLAIN_BODY_BYTES + 1)), 'CRYPTO_TOO_LARGE');
  cryptoCode(t, () => sealDatagram(new Uint8Array(16), aliceKeyId, 1, body(4)), 'CRYPTO_BAD_KEY');
  cryptoCode(t, () => sealDatagram(aliceLink.sendKey, new Uint8Array(7), 1, body(4)), 'CRYPTO_BAD_KEY');
  for (const counter of [-1, 1.5, MAX_COUNTER + 1, Number.NaN]) {
    cryptoCode(t, () => sealDatagram(aliceLink.sendKey, aliceKeyId, counter, body(4)), 'CRYPTO_NONCE_EXHAUSTED');
  }
  const bytes = sealed();
  cryptoCode(t, () => openDatagram(bytes, parseHeader(bytes), new Uint8Array(31)), 'CRYPTO_BAD_KEY');
});

test('NODE_AEAD matches the RFC 8439 §2.8.2 test vector', (t) => {
  const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
  const plaintext = new TextEncoder().encode(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  );
  const key = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
  const nonce = hex('07000000 40414243 44454647');
  const aad = hex('50515253 c0c1c2c3 c4c5c6c7');
  const out = new Uint8Array(plaintext.length + TAG_BYTES);
  NODE_AEAD.seal(key, nonce, aad, plaintext, out, 0);
  t.deepEqual(out.subarray(0, 16), hex('d31a8d34 648e60db 7b86afbc 53ef7ec2'));
  t.deepEqual(out.subarray(plaintext.length), hex('1ae10b59 4f09e26a 7e902ecb d0600691'));
  const opened = NODE_AEAD.open(key, nonce, aad, out);
  t.deepEqual(opened === undefined ? undefined : new Uint8Array(opened), plaintext);
});

/** Random bytes, and near-misses: real datagrams truncated, extended or with a few bytes changed. */
const datagramLike = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 1300 }),
  fc.tuple(fc.uint8Array({ minLength: 0, maxLength: 1200 }), fc.integer({ min: 0, max: 1 })).map(([rest, flags]) => {
    const bytes = new Uint8Array(HEADER_BYTES + rest.length);
    bytes.set(sealed(0).subarray(0, HEADER_BYTES));
    bytes[3] = flags;
    bytes.set(rest, HEADER_BYTES);
    return bytes;
  }),
  fc
    .record({
      length: fc.integer({ min: 0, max: 1160 }),
      cut: fc.integer({ min: 0, max: 1300 }),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }),
    })
    .map(({ length, cut, flips }) => {
      const bytes = Uint8Array.from(sealed(length).subarray(0, cut));
      for (const [at, xor] of flips) if (bytes.length > 0) bytes[at % bytes.length] = (bytes[at % bytes.length] ?? 0) ^ xor;
      return bytes;
    }),
);

test('fuzz: parseHeader and openDatagram throw nothing but DecodeError (5k runs)', (t) => {
  let opened = 0;
  fc.assert(
    fc.property(datagramLike, (bytes) => {
      try {
        const header = parseHeader(bytes);
        if (header.sealed) openDatagram(bytes, header, bobLink.recvKey);
        else plainBody(bytes, header);
        opened++;
      } catch (error) {
        if (!(error instanceof DecodeError)) throw error;
      }
    }),
    { numRuns: 5000 },
  );
  t.true(opened > 0, 'some unmodified datagrams got through');
});
