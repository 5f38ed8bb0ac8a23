// libsodium and node:crypto must produce the same wire bytes: peers may run either backend.
import test from 'ava';
import fc from 'fast-check';
import { DEFAULT_AEAD, NODE_AEAD, SODIUM_AEAD, type AeadBackend } from '../../../protocol/index.ts';

test('sodium-native is loadable here (it is an optional dependency that npm ci installs), and is the default', (t) => {
  t.truthy(SODIUM_AEAD);
  t.is(DEFAULT_AEAD.name, 'sodium-native');
});

test('both backends seal to identical bytes and open each other, and both refuse a flipped bit', (t) => {
  const sodium = SODIUM_AEAD as AeadBackend;
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.uint8Array({ maxLength: 56 }), fc.uint8Array({ maxLength: 1200 }), fc.nat(), (key, nonce, aad, plaintext, flip) => {
      const a = new Uint8Array(plaintext.length + 16);
      const b = new Uint8Array(plaintext.length + 16);
      NODE_AEAD.seal(key, nonce, aad, plaintext, a, 0);
      sodium.seal(key, nonce, aad, plaintext, b, 0);
      t.deepEqual(b, a);
      t.deepEqual(new Uint8Array(sodium.open(key, nonce, aad, a) ?? []), plaintext);
      t.deepEqual(new Uint8Array(NODE_AEAD.open(key, nonce, aad, b) ?? []), plaintext);
      const bad = Uint8Array.from(a);
      const i = flip % bad.length;
      bad[i] = (bad[i] ?? 0) ^ 0x01;
      t.is(sodium.open(key, nonce, aad, bad), undefined);
      t.is(NODE_AEAD.open(key, nonce, aad, bad), undefined);
    }),
    { numRuns: 300 },
  );
});
