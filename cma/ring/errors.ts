/**
 * Ring planner errors. Every failure of a plan function is a `RingError` with one of these codes, thrown BEFORE
 * the ring set is touched (a failed plan leaves the rings exactly as they were). Codes are stable: they appear in
 * logs and in the README error table.
 */
export const RING_ERROR_CODES = [
  /** The host is not a member of any ring (leave/move of a host the planner does not know). */
  'RING_UNKNOWN_HOST',
  /** The host is already a member of a ring (join twice), or appears twice in rebuild records. */
  'RING_DUPLICATE_HOST',
  /** A host id that is empty, too long or contains control characters. */
  'RING_BAD_HOST_ID',
  /** A placement key that is neither `switch:<chassisId>` nor `subnet:<cidr>` (or is malformed). */
  'RING_BAD_PLACEMENT',
  /** A timing override that is not positive integers with interval < late < dead. */
  'RING_BAD_TIMING',
  /** A rebuild record with a bad ring id or position, or two members of one ring at the same position. */
  'RING_BAD_RECORD',
  /** An unknown leave reason (only 'dead', 'shutdown' and 'removed' exist). */
  'RING_BAD_REASON',
] as const;

/** One of RING_ERROR_CODES. */
export type RingErrorCode = (typeof RING_ERROR_CODES)[number];

/** Raised by the ring planner for a request it cannot plan (a caller bug or corrupt stored data). */
export class RingError extends Error {
  override readonly name = 'RingError';
  readonly code: RingErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: RingErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
    this.details = details;
  }
}
