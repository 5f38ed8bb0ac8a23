/**
 * The 24-byte datagram header (DESIGN §3, docs/protocol-datagram.md). Every ringwatch datagram starts with it;
 * for sealed datagrams the whole header is the AEAD associated data and bytes 12–23 are the nonce.
 *
 * | bytes | field                                                              |
 * |-------|--------------------------------------------------------------------|
 * | 0–1   | magic 0x52 0x57 ("RW")                                             |
 * | 2     | protocol version                                                   |
 * | 3     | flags: bit 0 = sealed, bit 1 = sender key included; others 0       |
 * | 4–11  | sender key id: first 8 bytes of SHA-256(sender X25519 public key)  |
 * | 12–23 | nonce: 4 zero bytes ‖ 8-byte big-endian counter (< 2^53)          |
 *
 * With bit 1 set (only together with bit 0), the sender's raw 32-byte X25519 public key follows the header and is
 * part of the associated data: a receiver that does not know the sender yet (a CMA after a restart, a nanoprobe
 * meeting a martian or trusting its CMA on first use) can derive the link key from it, and a valid tag proves the
 * sender holds the matching private key.
 */

import { MAX_DATAGRAM_BYTES, PROTOCOL_VERSION, PROTOCOL_VERSION_MAX, PROTOCOL_VERSION_MIN } from './constants.ts';
import { CryptoError, DecodeError } from './errors.ts';
import { hexOf } from './hex.ts';

/** Length of the header. */
export const HEADER_BYTES = 24;
/** Length of the Poly1305 tag that ends a sealed datagram. */
export const TAG_BYTES = 16;
/** Length of a sender key id. */
export const KEY_ID_BYTES = 8;
/** Offset of the sender key id in the header. */
export const KEY_ID_OFFSET = 4;
/** Offset of the 12-byte nonce in the header. */
export const NONCE_OFFSET = 12;
/** Length of the ChaCha20-Poly1305 (IETF) nonce. */
export const NONCE_BYTES = 12;
/** Flags bit: the body is sealed. */
export const FLAG_SEALED = 0x01;
/** Flags bit: the sender's public key follows the header (sealed datagrams only). */
export const FLAG_KEY_INCLUDED = 0x02;
/** Length of an included sender public key. */
export const INCLUDED_KEY_BYTES = 32;
/** Largest nonce counter (2^53 − 1): counters are JS numbers and must stay exact. */
export const MAX_COUNTER = Number.MAX_SAFE_INTEGER;
/** Largest body that fits a sealed datagram (1,160 bytes). */
export const MAX_SEALED_BODY_BYTES = MAX_DATAGRAM_BYTES - HEADER_BYTES - TAG_BYTES;
/** Largest body that fits a sealed datagram that includes the sender key (1,128 bytes). */
export const MAX_SEALED_KEYED_BODY_BYTES = MAX_SEALED_BODY_BYTES - INCLUDED_KEY_BYTES;
/** Largest body that fits a plain datagram (1,176 bytes). */
export const MAX_PLAIN_BODY_BYTES = MAX_DATAGRAM_BYTES - HEADER_BYTES;

const MAGIC_0 = 0x52;
const MAGIC_1 = 0x57;
const TWO_POW_32 = 0x1_0000_0000;
/** Largest high 32-bit word of a counter that stays ≤ MAX_COUNTER. */
const MAX_COUNTER_HIGH = 0x1f_ffff;

/** What {@link parseHeader} found; the body is `bytes.subarray(bodyOffset)`. */
export interface DatagramHeader {
  /** Whether the body is sealed (ChaCha20-Poly1305) or plain. */
  readonly sealed: boolean;
  /** Whether the sender's public key follows the header (bytes 24–55). */
  readonly keyIncluded: boolean;
  /** Where the (sealed or plain) body starts: 24, or 56 with an included key. Everything before is AAD. */
  readonly bodyOffset: number;
  /** The sender's protocol version, within [PROTOCOL_VERSION_MIN, PROTOCOL_VERSION_MAX]. */
  readonly version: number;
  /** Sender key id as 16 lowercase hex chars (= the first 16 chars of the sender's host id): a cheap Map key. */
  readonly keyIdHex: string;
  /** Nonce counter, an integer in [0, MAX_COUNTER]. */
  readonly counter: number;
}

/**
 * Writes the header into `out[0, 24)`. Throws {@link CryptoError} for a key id that is not 8 bytes or a counter
 * outside [0, MAX_COUNTER] (both programming errors).
 */
export function writeHeader(out: Uint8Array, sealed: boolean, keyId: Uint8Array, counter: number, keyIncluded = false): void {
  if (keyId.length !== KEY_ID_BYTES) {
    throw new CryptoError('CRYPTO_BAD_KEY', `key id must be ${KEY_ID_BYTES} bytes, got ${keyId.length}`);
  }
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new CryptoError('CRYPTO_NONCE_EXHAUSTED', `nonce counter must be an integer in [0, 2^53 − 1], got ${counter}`);
  }
  out[0] = MAGIC_0;
  out[1] = MAGIC_1;
  out[2] = PROTOCOL_VERSION;
  out[3] = (sealed ? FLAG_SEALED : 0) | (sealed && keyIncluded ? FLAG_KEY_INCLUDED : 0);
  out.set(keyId, KEY_ID_OFFSET);
  out[12] = 0;
  out[13] = 0;
  out[14] = 0;
  out[15] = 0;
  writeU32(out, 16, Math.floor(counter / TWO_POW_32));
  writeU32(out, 20, counter >>> 0);
}

/**
 * Checks size, magic, version, flags and nonce of a received datagram and returns its header. Throws only
 * {@link DecodeError}: PROTO_TOO_LONG, PROTO_TOO_SHORT (shorter than the header, or than header + tag when
 * sealed), PROTO_BAD_MAGIC, PROTO_BAD_VERSION, PROTO_BAD_FIELD (unknown flag bits, non-zero nonce prefix or a
 * counter ≥ 2^53).
 */
export function parseHeader(bytes: Uint8Array): DatagramHeader {
  const length = bytes.length;
  if (length > MAX_DATAGRAM_BYTES) {
    throw new DecodeError('PROTO_TOO_LONG', `datagram of ${length} bytes exceeds ${MAX_DATAGRAM_BYTES}`, { length });
  }
  if (length < HEADER_BYTES) {
    throw new DecodeError('PROTO_TOO_SHORT', `datagram of ${length} bytes is shorter than the ${HEADER_BYTES}-byte header`, { length });
  }
  if (bytes[0] !== MAGIC_0 || bytes[1] !== MAGIC_1) {
    throw new DecodeError('PROTO_BAD_MAGIC', 'datagram does not start with "RW"');
  }
  const version = bytes[2] ?? 0;
  if (version < PROTOCOL_VERSION_MIN || version > PROTOCOL_VERSION_MAX) {
    throw new DecodeError('PROTO_BAD_VERSION', `protocol version ${version} outside [${PROTOCOL_VERSION_MIN}, ${PROTOCOL_VERSION_MAX}]`, { version });
  }
  const flags = bytes[3] ?? 0;
  if ((flags & ~(FLAG_SEALED | FLAG_KEY_INCLUDED)) !== 0 || flags === FLAG_KEY_INCLUDED) {
    throw new DecodeError('PROTO_BAD_FIELD', `unknown header flags 0x${flags.toString(16)}`, { field: 'flags', flags });
  }
  if (readU32(bytes, 12) !== 0) {
    throw new DecodeError('PROTO_BAD_FIELD', 'nonce prefix is not zero', { field: 'nonce' });
  }
  const high = readU32(bytes, 16);
  if (high > MAX_COUNTER_HIGH) {
    throw new DecodeError('PROTO_BAD_FIELD', 'nonce counter ≥ 2^53', { field: 'counter' });
  }
  const sealed = (flags & FLAG_SEALED) !== 0;
  const keyIncluded = (flags & FLAG_KEY_INCLUDED) !== 0;
  const bodyOffset = keyIncluded ? HEADER_BYTES + INCLUDED_KEY_BYTES : HEADER_BYTES;
  if (sealed && length < bodyOffset + TAG_BYTES) {
    throw new DecodeError('PROTO_TOO_SHORT', `sealed datagram of ${length} bytes has no room for the tag`, { length });
  }
  return { sealed, keyIncluded, bodyOffset, version, keyIdHex: hexOf(bytes, KEY_ID_OFFSET, KEY_ID_OFFSET + KEY_ID_BYTES), counter: high * TWO_POW_32 + readU32(bytes, 20) };
}

function writeU32(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value >>> 24;
  out[offset + 1] = (value >>> 16) & 0xff;
  out[offset + 2] = (value >>> 8) & 0xff;
  out[offset + 3] = value & 0xff;
}

/** Big-endian u32 at `offset`; callers have checked the length, so the `?? 0` never applies. */
function readU32(bytes: Uint8Array, offset: number): number {
  return (((bytes[offset] ?? 0) << 24) >>> 0) + (((bytes[offset + 1] ?? 0) << 16) | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0));
}
