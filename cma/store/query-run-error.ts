/**
 * Failures of running a read query against Neo4j (`runReadQuery`, used by `cma query`). Kept apart from
 * `StoreError`, whose codes belong to the GraphStore contract.
 */
export const QUERY_RUN_ERROR_CODES = [
  /** Neo4j could not be reached at the URI (refused, timed out, DNS); retriable. */
  'STORE_QUERY_UNREACHABLE',
  /** Neo4j refused the credentials (wrong or missing password, unknown user, rate-limited logins). */
  'STORE_QUERY_AUTH',
  /** Neo4j rejected or failed the statement (syntax, a write in a read transaction, a runtime error). */
  'STORE_QUERY_FAILED',
] as const;

/** One of QUERY_RUN_ERROR_CODES. */
export type QueryRunErrorCode = (typeof QUERY_RUN_ERROR_CODES)[number];

/** Raised by `runReadQuery`; `neo4jCode` is Neo4j's own code (e.g. `Neo.ClientError.Security.Unauthorized`). */
export class QueryRunError extends Error {
  override readonly name = 'QueryRunError';
  readonly code: QueryRunErrorCode;
  readonly neo4jCode: string | undefined;

  constructor(code: QueryRunErrorCode, message: string, neo4jCode: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.neo4jCode = neo4jCode;
  }

  /** True when running the same query again later may succeed. */
  get retriable(): boolean {
    return this.code === 'STORE_QUERY_UNREACHABLE';
  }
}
