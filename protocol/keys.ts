/**
 * Host keys and link keys (DESIGN §3, docs/protocol-datagram.md). A host's identity is its X25519 key pair: its
 * host id and key id are hashes of the public key. Each directed link gets its own key from X25519 ECDH +
 * HKDF-SHA256, so the two ends never seal with the same (key, nonce) pair even if their counters collide.
 * Raw 32-byte keys everywhere; node:crypto KeyObjects are built on the fly and the recent ones kept (a cold start
 * of thousands of hosts, or the CMA taking their joins, derives thousands of link keys).
 */

import { createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';

import { KEY_ID_BYTES } from './datagram-header.ts';
import { CryptoError } from './errors.ts';
import { hexOf } from './hex.ts';
import { LINK_KEY_BYTES } from './seal.ts';

/** Length of a raw X25519 public or private key. */
export const X25519_KEY_BYTES = 32;
/** Length of a host id in hex chars (16 bytes of SHA-256). */
export const HOST_ID_HEX_CHARS = 32;
/** HKDF salt: binds the keys to this protocol. */
const HKDF_SALT = new TextEncoder().encode('ringwatch/v1');
/** HKDF info prefix, followed by the sender's then the receiver's public key. */
const HKDF_INFO_PREFIX = new TextEncoder().encode('rw1 key');
/** DER prefixes that wrap a raw X25519 key as PKCS#8 (private) and SPKI (public), RFC 8410. */
const PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20]);
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00]);

/** A raw X25519 key pair. */
export interface KeyPair {
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
}

/** The two keys of one link, seen from one end: A's `sendKey` is B's `recvKey` and vice versa. */
export interface LinkKeys {
  /** Seals what this side sends. */
  readonly sendKey: Uint8Array;
  /** Opens what the peer sends. */
  readonly recvKey: Uint8Array;
}

/**
 * A fresh X25519 key pair from node:crypto's CSPRNG. The private KeyObject it was generated as is kept for the
 * link keys derived with it (OWN_KEYS): importing it again from the raw bytes would cost more than generating it.
 */
export function generateKeyPair(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  const pair = { publicKey: rawTail(publicKey.export({ type: 'spki', format: 'der' })), privateKey: rawTail(privateKey.export({ type: 'pkcs8', format: 'der' })) };
  OWN_KEYS.set(pair.privateKey, { raw: Uint8Array.from(pair.privateKey), key: privateKey, publicRaw: Uint8Array.from(pair.publicKey) });
  return pair;
}

/** The public key of a raw X25519 private key. @throws {CryptoError} CRYPTO_BAD_KEY if it is not 32 bytes. */
export function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  const spki = createPublicKey(privateKeyObject(privateKey)).export({ type: 'spki', format: 'der' });
  return rawTail(spki);
}

/**
 * Directional link keys: shared = X25519(myPrivate, peerPublic); sendKey = HKDF-SHA256(shared, "ringwatch/v1",
 * "rw1 key" ‖ myPublic ‖ peerPublic, 32); recvKey = the same with the public keys swapped.
 * @throws {CryptoError} CRYPTO_BAD_KEY for keys of the wrong length, a `myPublic` that does not belong to
 * `myPrivate`, or a low-order peer key (all-zero shared secret).
 */
export function deriveLinkKeys(myPrivate: Uint8Array, myPublic: Uint8Array, peerPublic: Uint8Array): LinkKeys {
  const { key: privateKey, publicRaw: derivedPublic } = ownKeyObject(myPrivate);
  checkLength(myPublic, 'my public key');
  if (!equalBytes(derivedPublic, myPublic)) {
    throw new CryptoError('CRYPTO_BAD_KEY', 'my public key does not belong to my private key');
  }
  let shared: Uint8Array;
  try {
    shared = diffieHellman({ privateKey, publicKey: publicKeyObject(peerPublic) });
  } catch (error) {
    if (error instanceof CryptoError) throw error;
    throw new CryptoError('CRYPTO_BAD_KEY', 'X25519 failed (low-order or invalid peer key)', {}, { cause: error });
  }
  if (shared.every((byte) => byte === 0)) {
    throw new CryptoError('CRYPTO_BAD_KEY', 'all-zero X25519 shared secret (low-order peer key)');
  }
  return { sendKey: linkKey(shared, myPublic, peerPublic), recvKey: linkKey(shared, peerPublic, myPublic) };
}

/** Host id: lowercase hex of the first 16 bytes of SHA-256(publicKey), 32 chars. Stable for a key pair. */
export function hostIdOf(publicKey: Uint8Array): string {
  return hexOf(sha256(publicKey), 0, HOST_ID_HEX_CHARS / 2);
}

/** Key id: the first 8 bytes of SHA-256(publicKey), as carried in every datagram header. */
export function keyIdOf(publicKey: Uint8Array): Uint8Array {
  return new Uint8Array(sha256(publicKey).subarray(0, KEY_ID_BYTES));
}

/** Key id as 16 hex chars: equals `hostIdOf(publicKey).slice(0, 16)` and `parseHeader(...).keyIdHex`. */
export function keyIdHexOf(publicKey: Uint8Array): string {
  return hexOf(sha256(publicKey), 0, KEY_ID_BYTES);
}

/** Key id bytes (e.g. from {@link keyIdOf}) as 16 hex chars, the Map key form used by `parseHeader`. */
export function keyIdToHex(keyId: Uint8Array): string {
  if (keyId.length !== KEY_ID_BYTES) {
    throw new CryptoError('CRYPTO_BAD_KEY', `key id must be ${KEY_ID_BYTES} bytes, got ${keyId.length}`);
  }
  return hexOf(keyId);
}

function linkKey(shared: Uint8Array, fromPublic: Uint8Array, toPublic: Uint8Array): Uint8Array {
  const info = new Uint8Array(HKDF_INFO_PREFIX.length + 2 * X25519_KEY_BYTES);
  info.set(HKDF_INFO_PREFIX, 0);
  info.set(fromPublic, HKDF_INFO_PREFIX.length);
  info.set(toPublic, HKDF_INFO_PREFIX.length + X25519_KEY_BYTES);
  return new Uint8Array(hkdfSync('sha256', shared, HKDF_SALT, info, LINK_KEY_BYTES));
}

function sha256(publicKey: Uint8Array): Uint8Array {
  checkLength(publicKey, 'public key');
  return createHash('sha256').update(publicKey).digest();
}

function privateKeyObject(raw: Uint8Array): KeyObject {
  checkLength(raw, 'private key');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

/**
 * Imported private keys by array identity, checked byte for byte on every hit. Importing a PKCS#8 key costs
 * ≈ 0.6 ms — four times the X25519 itself — and a process derives one link key per peer with the same private
 * key (the CMA: one per joining host). Weak: a key pair no longer referenced leaves the cache with it.
 */
const OWN_KEYS = new WeakMap<Uint8Array, { readonly raw: Uint8Array; readonly key: KeyObject; readonly publicRaw: Uint8Array }>();

function ownKeyObject(raw: Uint8Array): { readonly key: KeyObject; readonly publicRaw: Uint8Array } {
  const hit = OWN_KEYS.get(raw);
  if (hit !== undefined && equalBytes(hit.raw, raw)) return hit;
  const key = privateKeyObject(raw);
  const entry = { raw: Uint8Array.from(raw), key, publicRaw: rawTail(createPublicKey(key).export({ type: 'spki', format: 'der' })) };
  OWN_KEYS.set(raw, entry);
  return entry;
}

/**
 * Imported peer public keys by content, the most recent PEER_KEYS_MAX: a process derives link keys with the same
 * peer key again and again (every host with the CMA's; a ring repair with a neighbour it had before), and the
 * import costs twice the X25519 itself.
 */
const PEER_KEYS = new Map<string, KeyObject>();
const PEER_KEYS_MAX = 1024;

function publicKeyObject(raw: Uint8Array): KeyObject {
  checkLength(raw, 'public key');
  const id = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const hit = PEER_KEYS.get(id);
  if (hit !== undefined) return hit;
  const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  if (PEER_KEYS.size >= PEER_KEYS_MAX) PEER_KEYS.delete(PEER_KEYS.keys().next().value ?? '');
  PEER_KEYS.set(id, key);
  return key;
}

function checkLength(key: Uint8Array, what: string): void {
  if (key.length !== X25519_KEY_BYTES) {
    throw new CryptoError('CRYPTO_BAD_KEY', `${what} must be ${X25519_KEY_BYTES} bytes, got ${key.length}`);
  }
}

/** The last 32 bytes of a DER-encoded X25519 key (both encodings end with the raw key), copied. */
function rawTail(der: Uint8Array): Uint8Array {
  return new Uint8Array(der.subarray(der.length - X25519_KEY_BYTES));
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
