/**
 * Errors of the nanoprobe core. The core never throws on bad *input* from the network or the CMA (it ignores,
 * counts and logs, STYLE practice 9); it throws only when its own construction or driving is wrong: an invalid
 * config or identity, or a non-finite `nowMs`.
 */
export const NANO_ERROR_CODES = [
  /** A nanoprobe config or identity field is missing, of the wrong type or out of range. */
  'NANO_BAD_CONFIG',
  /** `handle`/`status` was called with a `nowMs` that is not a finite number (a bug in the shell). */
  'NANO_BAD_TIME',
] as const;

/** One of {@link NANO_ERROR_CODES}. */
export type NanoErrorCode = (typeof NANO_ERROR_CODES)[number];

/** Raised by the nanoprobe core for programming and configuration errors (never for wire input). */
export class NanoprobeError extends Error {
  override readonly name = 'NanoprobeError';
  readonly code: NanoErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: NanoErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
    this.details = details;
  }
}
