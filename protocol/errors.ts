/**
 * Wire errors. Every failure to turn bytes into a message is a `DecodeError` with one of these codes; the
 * receiving shell counts it per code and drops the datagram (STYLE practice 9). Codes are stable: they appear in
 * logs, metrics and the README error table.
 */
export const DECODE_ERROR_CODES = [
  /** Fewer bytes than the smallest valid datagram, frame or field. */
  'PROTO_TOO_SHORT',
  /** More bytes than allowed (datagram over MAX_DATAGRAM_BYTES, trailing bytes after a message). */
  'PROTO_TOO_LONG',
  /** The datagram does not start with the ringwatch magic. */
  'PROTO_BAD_MAGIC',
  /** Protocol version outside [PROTOCOL_VERSION_MIN, PROTOCOL_VERSION_MAX]. */
  'PROTO_BAD_VERSION',
  /** A message type number this build does not know (or a retired one). */
  'PROTO_UNKNOWN_TYPE',
  /** A field is missing, of the wrong type or out of range. */
  'PROTO_BAD_FIELD',
  /** The body is not valid MessagePack. */
  'PROTO_MSGPACK',
  /** AEAD authentication failed: tampered, truncated or sealed with another key. */
  'PROTO_AUTH_FAILED',
  /** The nonce counter was already seen or is older than the replay window. */
  'PROTO_REPLAY',
  /** The sender key id is not one we know. */
  'PROTO_UNKNOWN_KEY',
  /** A plain (unsealed) datagram where only sealed ones are accepted. */
  'PROTO_PLAIN_NOT_ALLOWED',
  /** A fragment whose index/count is inconsistent with the others of its message. */
  'PROTO_BAD_FRAGMENT',
  /** A reassembled or decompressed message over MAX_MESSAGE_BYTES. */
  'PROTO_MESSAGE_TOO_LARGE',
  /** A compressed payload that zlib cannot inflate. */
  'PROTO_DECOMPRESS',
] as const;

export type DecodeErrorCode = (typeof DECODE_ERROR_CODES)[number];

/** Raised for any malformed, unauthentic or replayed input. Decoders throw nothing else. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  readonly code: DecodeErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: DecodeErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
    this.details = details;
  }
}

/** Raised when asked to encode a message that would not validate (a programming error on our side). */
export class EncodeError extends Error {
  override readonly name = 'EncodeError';
  readonly code = 'PROTO_ENCODE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(`PROTO_ENCODE: ${message}`, options);
  }
}

/**
 * Key and sealing errors that are programming or configuration mistakes on our side, never caused by received
 * bytes (those are always a {@link DecodeError}). Codes are stable.
 */
export const CRYPTO_ERROR_CODES = [
  /** A key or key id of the wrong length, an invalid X25519 key, or a low-order peer key (all-zero shared secret). */
  'CRYPTO_BAD_KEY',
  /** The per-process nonce counter would pass 2^53 − 1; the process must restart (with a later wall clock). */
  'CRYPTO_NONCE_EXHAUSTED',
  /** Asked to build a datagram larger than MAX_DATAGRAM_BYTES; the caller must fragment first. */
  'CRYPTO_TOO_LARGE',
] as const;

export type CryptoErrorCode = (typeof CRYPTO_ERROR_CODES)[number];

/** Raised for misuse of keys, nonces or datagram sizes (a bug or a bad key file), never for received input. */
export class CryptoError extends Error {
  override readonly name = 'CryptoError';
  readonly code: CryptoErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: CryptoErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
    this.details = details;
  }
}
