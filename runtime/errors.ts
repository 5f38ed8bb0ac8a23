/**
 * Errors of the runtime shells' own I/O (key files for now). Codes are stable: they appear in logs, CLI output
 * and the README error table.
 */

/** Why a key file could not be used. */
export const KEY_FILE_ERROR_CODES = [
  /** The private key file is readable or writable by group or others; the fix is `chmod 600 <file>`. */
  'KEY_BAD_MODE',
  /** The private key file is not a PKCS#8 PEM X25519 private key. */
  'KEY_CORRUPT',
  /** The `.pub` file does not hold the public key of the private key beside it. */
  'KEY_MISMATCH',
  /** Reading or writing the state dir or a key file failed (permissions, disk, not a directory…); see `cause`. */
  'KEY_IO',
  /** The key name is not a plain file name (letters, digits, `.`, `_`, `-`; not starting with `.`). */
  'KEY_BAD_NAME',
] as const;

export type KeyFileErrorCode = (typeof KEY_FILE_ERROR_CODES)[number];

/** A key file that is missing its protections, unreadable or inconsistent. `details.path` names the file. */
export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
  readonly code: KeyFileErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: KeyFileErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
    this.details = details;
  }
}
