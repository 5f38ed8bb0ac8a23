/**
 * Graph store errors (STYLE practice 15). Every failure of a GraphStore is a `StoreError` with one of these codes;
 * `retriable` tells the caller whether trying the same batch again may succeed.
 */
export const STORE_ERROR_CODES = [
  /** The store was used after close(). */
  'STORE_CLOSED',
  /** A batch with a malformed record (bad host id, unknown status, event without id, unknown change kind); nothing of it was applied. */
  'STORE_BAD_BATCH',
  /** The database could not be reached or a transaction failed transiently; retriable (the Neo4j store maps isRetriable here). */
  'STORE_UNAVAILABLE',
  /** The database refused the credentials (wrong user or password, or too many failed attempts). */
  'STORE_AUTH',
  /** The database refused a statement for a reason retrying cannot fix (a bug, a schema conflict, a read-only database). */
  'STORE_FAILED',
] as const;

/** One of STORE_ERROR_CODES. */
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

/** Codes for which the same batch may succeed if applied again. */
const RETRIABLE: ReadonlySet<StoreErrorCode> = new Set<StoreErrorCode>(['STORE_UNAVAILABLE']);

/** Raised by a GraphStore. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: StoreErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
    this.details = details;
  }

  /** True when applying the same batch again may succeed (a transient failure). */
  get retriable(): boolean {
    return RETRIABLE.has(this.code);
  }
}
