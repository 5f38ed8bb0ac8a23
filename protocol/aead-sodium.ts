/**
 * libsodium's ChaCha20-Poly1305 (IETF) through the optional `sodium-native` package: measured ≈ 4× node:crypto
 * for heartbeat-sized bodies (bench/results/codec.json), because it seals in place without a cipher object per
 * datagram. Loaded lazily and optionally: where the package or its prebuilt binary is missing, `SODIUM_AEAD` is
 * undefined and {@link DEFAULT_AEAD} falls back to node:crypto (same wire bytes either way).
 */

import type * as sodiumTypes from 'sodium-native';

import { NODE_AEAD, type AeadBackend } from './aead.ts';
import { TAG_BYTES } from './datagram-header.ts';

type SodiumAeadApi = typeof sodiumTypes;


async function loadSodium(): Promise<SodiumAeadApi | undefined> {
  try {
    // A CommonJS addon: its exports arrive as the namespace's default export.
    const mod = ((await import('sodium-native')) as { default?: SodiumAeadApi }).default;
    return typeof mod?.crypto_aead_chacha20poly1305_ietf_encrypt === 'function' ? mod : undefined;
  } catch {
    // Not installed, or no prebuilt binary for this platform: node:crypto it is.
    return undefined;
  }
}

const sodium = await loadSodium();

/** The libsodium backend, or undefined when `sodium-native` cannot be loaded here. */
export const SODIUM_AEAD: AeadBackend | undefined =
  sodium === undefined
    ? undefined
    : {
        name: 'sodium-native',
        seal(key, nonce, aad, plaintext, out, outOffset) {
          sodium.crypto_aead_chacha20poly1305_ietf_encrypt(out.subarray(outOffset, outOffset + plaintext.length + TAG_BYTES), plaintext, aad, null, nonce, key);
        },
        open(key, nonce, aad, sealed) {
          const plaintext = Buffer.allocUnsafe(sealed.length - TAG_BYTES);
          try {
            sodium.crypto_aead_chacha20poly1305_ietf_decrypt(plaintext, null, sealed, aad, nonce, key);
          } catch {
            return undefined;
          }
          return plaintext;
        },
      };

/** The fastest backend available here: libsodium when loadable, else node:crypto. */
export const DEFAULT_AEAD: AeadBackend = SODIUM_AEAD ?? NODE_AEAD;
