/**
 * Discovery errors. Parsers turn odd or unknown lines into warnings; they throw a `DiscoveryError` only when the
 * input as a whole is not the thing it claims to be (no table header, a one-record file cut short, output that is
 * not JSON). Codes are stable: they appear in logs, metrics and the README error table.
 */
export const DISC_ERROR_CODES = [
  /** The text does not start with the expected table header (not a /proc/net/{tcp,udp,arp}-style table). */
  'DISC_BAD_HEADER',
  /** A one-record file (/proc/<pid>/stat, /proc/<pid>/status) lacks a required field or is cut short. */
  'DISC_BAD_RECORD',
  /** Command output that must be JSON (`ip -j neigh`) is not valid JSON or not a JSON array. */
  'DISC_BAD_JSON',
  /** Asked to print a /proc/net row for an address that is not IPv4/IPv6 text of its family (a caller bug). */
  'DISC_BAD_ADDRESS',
] as const;

export type DiscoveryErrorCode = (typeof DISC_ERROR_CODES)[number];

/** Raised by discovery parsers on structural problems only; they throw nothing else. */
export class DiscoveryError extends Error {
  override readonly name = 'DiscoveryError';
  readonly code: DiscoveryErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: DiscoveryErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
    this.details = details;
  }
}
