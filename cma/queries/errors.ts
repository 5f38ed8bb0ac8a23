/**
 * Errors of the named-query catalogue (docs/queries.md): a malformed query file, an unknown query name, or a
 * parameter the operator got wrong. `cma query` prints them as one `error: …` line and exits 2.
 */
export const QUERY_ERROR_CODES = [
  /** A .cypher file whose comment header is malformed (the message names the file and line). */
  'CMA_QUERY_BAD_FILE',
  /** No query of that name. */
  'CMA_QUERY_UNKNOWN',
  /** A parameter that is unknown, missing, given twice, or not of its declared type. */
  'CMA_QUERY_BAD_PARAM',
] as const;

/** One of QUERY_ERROR_CODES. */
export type QueryErrorCode = (typeof QUERY_ERROR_CODES)[number];

/** Raised by the query parser, loader and parameter binding. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  readonly code: QueryErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: QueryErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}
