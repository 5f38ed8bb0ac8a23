/**
 * Runs one named query (cma/queries) against Neo4j in a managed read transaction and returns plain JSON rows:
 * Integers become numbers (or decimal strings outside ±2^53), nodes `{labels, properties}`, relationships
 * `{type, properties}`, paths `{nodes, relationships}`, temporal values their ISO text, points `{srid, x, y[, z]}`.
 * Parameters of type bigint are sent as Neo4j Integers. A read transaction also means a query file cannot write.
 */
import neo4j, { isDate, isDateTime, isDuration, isInt, isLocalDateTime, isLocalTime, isNode, isPath, isPoint, isRelationship, isTime, isUnboundRelationship } from 'neo4j-driver';
import type { Driver } from 'neo4j-driver';
import { QueryRunError } from './query-run-error.ts';

/** Where Neo4j is and who we are (from `--neo4j-uri`, `--neo4j-user` and the password options). */
export interface Neo4jConnection {
  /** `bolt://host:port`, `neo4j://…`, or their `+s` / `+ssc` variants. */
  readonly uri: string;
  readonly user: string;
  /** undefined: connect without credentials (a Neo4j with auth off). */
  readonly password: string | undefined;
}

/** A value of a result row as plain JSON. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The result of a query: the column names in order and one object per row. */
export interface QueryRows {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, JsonValue>>[];
}

/** How long to wait for a TCP connection to Neo4j and for retries of transient failures, ms. */
export const QUERY_CONNECT_TIMEOUT_MS = 10_000;

/** The driver settings used here (a subset of neo4j-driver's `Config`). */
interface DriverSettings {
  readonly connectionTimeout: number;
  readonly connectionAcquisitionTimeout: number;
  readonly maxTransactionRetryTime: number;
  readonly notificationFilter: { readonly minimumSeverityLevel: 'OFF' };
  readonly userAgent: string;
}

/** Opens a driver for `connection` (no notifications, bounded connect time). The caller closes it. */
export function openDriver(connection: Neo4jConnection): Driver {
  const auth = connection.password === undefined ? undefined : neo4j.auth.basic(connection.user, connection.password);
  const config: DriverSettings = {
    connectionTimeout: QUERY_CONNECT_TIMEOUT_MS,
    connectionAcquisitionTimeout: QUERY_CONNECT_TIMEOUT_MS,
    maxTransactionRetryTime: QUERY_CONNECT_TIMEOUT_MS,
    notificationFilter: { minimumSeverityLevel: 'OFF' }, // notices (e.g. an absent label) are not errors here
    userAgent: 'ringwatch-cma-query',
  };
  // neo4j-driver documents its config as a plain object; only its .d.ts declares it as a class.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  return neo4j.driver(connection.uri, auth, config);
}

/** Converts one value the driver returned to plain JSON (see the file comment). */
export function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (Array.isArray(value)) return value.map(toJson);
  if (isNode(value)) return { labels: [...value.labels], properties: toJson(value.properties) };
  if (isRelationship(value) || isUnboundRelationship(value)) return { type: value.type, properties: toJson(value.properties) };
  if (isPath(value)) {
    return { nodes: [toJson(value.start), ...value.segments.map((s) => toJson(s.end))], relationships: value.segments.map((s) => toJson(s.relationship)) };
  }
  if (isDate(value) || isDateTime(value) || isLocalDateTime(value) || isTime(value) || isLocalTime(value) || isDuration(value)) return value.toString();
  if (isPoint(value)) return { srid: toJson(value.srid), x: value.x, y: value.y, ...(value.z === undefined ? {} : { z: value.z }) };
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return null; // functions and symbols have no JSON form (the driver never returns them)
}

function toNeo4jParams(params: Readonly<Record<string, string | number | boolean | bigint>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'bigint' ? neo4j.int(v.toString()) : v]));
}

function classify(err: unknown, connection: Neo4jConnection): QueryRunError {
  const neo4jCode = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  const message = err instanceof Error ? err.message : String(err);
  if (neo4jCode === neo4j.error.SERVICE_UNAVAILABLE || neo4jCode === neo4j.error.SESSION_EXPIRED) {
    // The driver's message is a paragraph about encryption settings; the socket's reason is after "Caused by:".
    const reason = /Caused by: (.+)$/s.exec(message)?.[1]?.trim() ?? message;
    return new QueryRunError('STORE_QUERY_UNREACHABLE', `cannot reach Neo4j at ${connection.uri}: ${reason}`, neo4jCode, { cause: err });
  }
  if (neo4jCode?.startsWith('Neo.ClientError.Security.') === true) {
    const hint = connection.password === undefined ? ' (no password given: set RINGWATCH_NEO4J_PASSWORD or --neo4j-password-file)' : '';
    return new QueryRunError('STORE_QUERY_AUTH', `Neo4j at ${connection.uri} refused user '${connection.user}'${hint}: ${message}`, neo4jCode, { cause: err });
  }
  return new QueryRunError('STORE_QUERY_FAILED', `Neo4j failed the query${neo4jCode === undefined ? '' : ` (${neo4jCode})`}: ${message}`, neo4jCode, { cause: err });
}

/**
 * Runs `cypher` with `params` in one managed read transaction on a fresh driver, closed before returning.
 * Rejects with a `QueryRunError`: STORE_QUERY_UNREACHABLE, STORE_QUERY_AUTH or STORE_QUERY_FAILED.
 */
export async function runReadQuery(connection: Neo4jConnection, cypher: string, params: Readonly<Record<string, string | number | boolean | bigint>>): Promise<QueryRows> {
  const driver = openDriver(connection);
  try {
    await driver.getServerInfo(); // fails fast when unreachable or refused, instead of retrying the transaction
    const session = driver.session(); // executeRead below runs in READ access mode whatever the session default
    try {
      return await session.executeRead(async (tx) => {
        const result = tx.run(cypher, toNeo4jParams(params));
        const columns = (await result.keys()).map(String); // known even when there are no rows
        const { records } = await result;
        const rows = records.map((record) => Object.fromEntries(columns.map((c) => [c, toJson(record.get(c))])));
        return { columns, rows };
      });
    } finally {
      await session.close();
    }
  } catch (err) {
    throw classify(err, connection);
  } finally {
    await driver.close();
  }
}
