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

/** A node of a result subgraph: Neo4j's element id, its labels and properties as plain JSON. */
export interface GraphNode {
  readonly id: string;
  readonly labels: readonly string[];
  readonly properties: Readonly<Record<string, JsonValue>>;
}

/** A relationship of a result subgraph, between two GraphNode ids. */
export interface GraphRelationship {
  readonly id: string;
  readonly type: string;
  readonly start: string;
  readonly end: string;
  readonly properties: Readonly<Record<string, JsonValue>>;
}

/**
 * Every node, relationship and path found in a result (in any column, inside lists and maps too), each once, in
 * the order first met. A relationship whose end nodes are not in the result is left out.
 */
export interface ResultGraph {
  readonly nodes: readonly GraphNode[];
  readonly relationships: readonly GraphRelationship[];
}

/** The result of a query: the column names in order and one object per row (and the subgraph, when asked for). */
export interface QueryRows {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, JsonValue>>[];
  readonly graph?: ResultGraph;
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

/** Collects the nodes and relationships of result values into a ResultGraph (see its comment). */
export function collectGraph(values: Iterable<unknown>): ResultGraph {
  const nodes = new Map<string, GraphNode>();
  const relationships = new Map<string, GraphRelationship>();
  const props = (p: unknown): Readonly<Record<string, JsonValue>> => toJson(p) as Readonly<Record<string, JsonValue>>;
  const visit = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object' || depth > 32) return;
    if (isNode(value)) {
      if (!nodes.has(value.elementId)) nodes.set(value.elementId, { id: value.elementId, labels: [...value.labels], properties: props(value.properties) });
    } else if (isRelationship(value)) {
      if (!relationships.has(value.elementId)) {
        relationships.set(value.elementId, { id: value.elementId, type: value.type, start: value.startNodeElementId, end: value.endNodeElementId, properties: props(value.properties) });
      }
    } else if (isPath(value)) {
      visit(value.start, depth + 1);
      for (const segment of value.segments) {
        visit(segment.end, depth + 1);
        visit(segment.relationship, depth + 1);
      }
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v, depth + 1);
    } else if (!isInt(value) && !isPoint(value) && !(value instanceof Uint8Array)) {
      for (const v of Object.values(value)) visit(v, depth + 1);
    }
  };
  for (const v of values) visit(v, 0);
  return { nodes: [...nodes.values()], relationships: [...relationships.values()].filter((r) => nodes.has(r.start) && nodes.has(r.end)) };
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
 * Runs `cypher` with `params` in one managed read transaction on a fresh driver, closed before returning; with
 * `{ graph: true }` the result also carries the subgraph of its nodes, relationships and paths (`cma query --graph`).
 * Rejects with a `QueryRunError`: STORE_QUERY_UNREACHABLE, STORE_QUERY_AUTH or STORE_QUERY_FAILED.
 */
export async function runReadQuery(
  connection: Neo4jConnection,
  cypher: string,
  params: Readonly<Record<string, string | number | boolean | bigint>>,
  options: { readonly graph?: boolean } = {},
): Promise<QueryRows> {
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
        if (options.graph !== true) return { columns, rows };
        return { columns, rows, graph: collectGraph(records.flatMap((record) => columns.map((c): unknown => record.get(c)))) };
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
