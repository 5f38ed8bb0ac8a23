/**
 * Building and opening datagrams: header ‖ body, the body sealed with ChaCha20-Poly1305 under the link key and
 * the whole header as associated data (DESIGN §3, docs/protocol-datagram.md). Bytes only: message encoding is
 * protocol/codec.ts's job, and which messages may travel plain (only STARTUP) is the caller's policy.
 *
 * Hot path: one allocation per sealed datagram (or none with `out`), header and ciphertext written in place.
 */

import { MAX_DATAGRAM_BYTES } from './constants.ts';
import type { AeadBackend } from './aead.ts';
import { DEFAULT_AEAD } from './aead-sodium.ts';
import {
  HEADER_BYTES,
  INCLUDED_KEY_BYTES,
  MAX_PLAIN_BODY_BYTES,
  MAX_SEALED_KEYED_BODY_BYTES,
  MAX_SEALED_BODY_BYTES,
  NONCE_BYTES,
  NONCE_OFFSET,
  TAG_BYTES,
  writeHeader,
  type DatagramHeader,
} from './datagram-header.ts';
import { CryptoError, DecodeError } from './errors.ts';

/** Length of a link key (ChaCha20-Poly1305). */
export const LINK_KEY_BYTES = 32;

/**
 * Seals `body` into a datagram: header (sealed flag, `keyId`, `counter`) ‖ ciphertext ‖ tag. Writes into `out`
 * when given (returns a view of its first bytes), else into a fresh buffer. The caller owns the counter: take it
 * from a NonceCounter and never reuse one with the same key.
 * @throws {CryptoError} CRYPTO_TOO_LARGE when the datagram would exceed MAX_DATAGRAM_BYTES or `out` is too
 * small; CRYPTO_BAD_KEY for a key that is not 32 bytes or a key id that is not 8; CRYPTO_NONCE_EXHAUSTED for a
 * bad counter.
 */
export function sealDatagram(key: Uint8Array, keyId: Uint8Array, counter: number, body: Uint8Array, out?: Uint8Array, aead: AeadBackend = DEFAULT_AEAD): Uint8Array {
  if (body.length > MAX_SEALED_BODY_BYTES) {
    throw new CryptoError('CRYPTO_TOO_LARGE', `sealed body of ${body.length} bytes exceeds ${MAX_SEALED_BODY_BYTES} (datagram limit ${MAX_DATAGRAM_BYTES})`, { bodyBytes: body.length });
  }
  checkKey(key);
  const dst = target(HEADER_BYTES + body.length + TAG_BYTES, out);
  writeHeader(dst, true, keyId, counter);
  aead.seal(key, dst.subarray(NONCE_OFFSET, NONCE_OFFSET + NONCE_BYTES), dst.subarray(0, HEADER_BYTES), body, dst, HEADER_BYTES);
  return dst;
}

/**
 * Like {@link sealDatagram}, with the sender's public key carried after the header (flag bit 1) and covered by
 * the tag, so a receiver that does not know the sender can derive the link key from the datagram itself.
 */
export function sealDatagramWithKey(key: Uint8Array, senderPublicKey: Uint8Array, keyId: Uint8Array, counter: number, body: Uint8Array, out?: Uint8Array, aead: AeadBackend = DEFAULT_AEAD): Uint8Array {
  if (body.length > MAX_SEALED_KEYED_BODY_BYTES) {
    throw new CryptoError('CRYPTO_TOO_LARGE', `sealed keyed body of ${body.length} bytes exceeds ${MAX_SEALED_KEYED_BODY_BYTES} (datagram limit ${MAX_DATAGRAM_BYTES})`, { bodyBytes: body.length });
  }
  checkKey(key);
  if (senderPublicKey.length !== INCLUDED_KEY_BYTES) {
    throw new CryptoError('CRYPTO_BAD_KEY', `sender public key must be ${INCLUDED_KEY_BYTES} bytes, got ${senderPublicKey.length}`);
  }
  const bodyOffset = HEADER_BYTES + INCLUDED_KEY_BYTES;
  const dst = target(bodyOffset + body.length + TAG_BYTES, out);
  writeHeader(dst, true, keyId, counter, true);
  dst.set(senderPublicKey, HEADER_BYTES);
  aead.seal(key, dst.subarray(NONCE_OFFSET, NONCE_OFFSET + NONCE_BYTES), dst.subarray(0, bodyOffset), body, dst, bodyOffset);
  return dst;
}

/** The sender public key a keyed datagram carries (a view), or undefined when the header has none. */
export function includedKey(bytes: Uint8Array, header: DatagramHeader): Uint8Array | undefined {
  return header.keyIncluded ? bytes.subarray(HEADER_BYTES, HEADER_BYTES + INCLUDED_KEY_BYTES) : undefined;
}

/**
 * Builds a plain datagram: header (flags 0) ‖ `body` as is. Only the first STARTUP travels plain (caller's
 * policy). Throws {@link CryptoError} like {@link sealDatagram}.
 */
export function plainDatagram(keyId: Uint8Array, counter: number, body: Uint8Array, out?: Uint8Array): Uint8Array {
  if (body.length > MAX_PLAIN_BODY_BYTES) {
    throw new CryptoError('CRYPTO_TOO_LARGE', `plain body of ${body.length} bytes exceeds ${MAX_PLAIN_BODY_BYTES} (datagram limit ${MAX_DATAGRAM_BYTES})`, { bodyBytes: body.length });
  }
  const dst = target(HEADER_BYTES + body.length, out);
  writeHeader(dst, false, keyId, counter);
  dst.set(body, HEADER_BYTES);
  return dst;
}

/**
 * Authenticates and decrypts a sealed datagram whose header {@link parseHeader} already accepted, with the key
 * the caller looked up by `header.keyIdHex`. Returns the body. Check the replay window before, and commit the
 * counter to it only after this returns.
 * @throws {DecodeError} PROTO_PLAIN_NOT_ALLOWED for a plain header, PROTO_TOO_SHORT if shorter than header + tag,
 * PROTO_AUTH_FAILED when the tag does not verify (tampered, truncated or another key). Nothing else for any bytes.
 * @throws {CryptoError} CRYPTO_BAD_KEY for a key that is not 32 bytes (a caller bug, not an input problem).
 */
export function openDatagram(bytes: Uint8Array, header: DatagramHeader, key: Uint8Array, aead: AeadBackend = DEFAULT_AEAD): Uint8Array {
  if (!header.sealed) {
    throw new DecodeError('PROTO_PLAIN_NOT_ALLOWED', 'openDatagram called on a plain datagram');
  }
  checkKey(key);
  const offset = header.bodyOffset;
  if (bytes.length < offset + TAG_BYTES) {
    throw new DecodeError('PROTO_TOO_SHORT', `sealed datagram of ${bytes.length} bytes has no room for the tag`, { length: bytes.length });
  }
  const body = aead.open(key, bytes.subarray(NONCE_OFFSET, NONCE_OFFSET + NONCE_BYTES), bytes.subarray(0, offset), bytes.subarray(offset));
  if (body === undefined) {
    throw new DecodeError('PROTO_AUTH_FAILED', 'authentication tag does not verify', { keyIdHex: header.keyIdHex, counter: header.counter });
  }
  return body;
}

/**
 * The body of a plain datagram (a view, not a copy). The caller decides whether a plain datagram is acceptable
 * at all (only STARTUP is).
 * @throws {DecodeError} PROTO_BAD_FIELD when the header says the datagram is sealed.
 */
export function plainBody(bytes: Uint8Array, header: DatagramHeader): Uint8Array {
  if (header.sealed) {
    throw new DecodeError('PROTO_BAD_FIELD', 'plainBody called on a sealed datagram', { field: 'flags' });
  }
  return bytes.subarray(HEADER_BYTES);
}

function checkKey(key: Uint8Array): void {
  if (key.length !== LINK_KEY_BYTES) {
    throw new CryptoError('CRYPTO_BAD_KEY', `link key must be ${LINK_KEY_BYTES} bytes, got ${key.length}`);
  }
}

function target(total: number, out: Uint8Array | undefined): Uint8Array {
  if (out === undefined) {
    return Buffer.allocUnsafe(total);
  }
  if (out.length < total) {
    throw new CryptoError('CRYPTO_TOO_LARGE', `output buffer of ${out.length} bytes cannot hold ${total}`, { outBytes: out.length, needBytes: total });
  }
  return out.length === total ? out : out.subarray(0, total);
}
