/**
 * CMA decision-core errors. The core never throws for anything a nanoprobe sends (bad or unexpected reports are
 * recorded, logged and committed); it throws a `CmaError` only for a caller's mistake or corrupt stored state.
 */
export const CMA_ERROR_CODES = [
  /** A CmaConfig value out of range (bad cmaId, session, timing, address list, timeouts, prefix lengths). */
  'CMA_BAD_CONFIG',
  /** Stored hosts and ring memberships cannot be rebuilt into rings (the ring planner rejected them; see cause). */
  'CMA_BAD_RESTORE',
  /** A `restore` input after the core already handled other inputs (restore only ever comes first). */
  'CMA_ALREADY_STARTED',
] as const;

/** One of CMA_ERROR_CODES. */
export type CmaErrorCode = (typeof CMA_ERROR_CODES)[number];

/** Raised by the CMA decision core for a caller bug or corrupt stored state. */
export class CmaError extends Error {
  override readonly name = 'CmaError';
  readonly code: CmaErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: CmaErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
    this.details = details;
  }
}
