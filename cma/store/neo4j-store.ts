/**
 * Neo4jGraphStore: the CMA's store of record (DESIGN §7, docs/graph-model.md). One managed write transaction
 * per `apply` (`session.executeWrite`, which retries transient failures for `maxTransactionRetryTimeMs`), running
 * a fixed sequence of `UNWIND $rows` statements (cma/store/cypher.ts) however many records or merged batches it
 * carries. Loads read back exactly what MemoryGraphStore returns. Every failure is a StoreError:
 * STORE_UNAVAILABLE (unreachable / transient, retriable), STORE_AUTH, STORE_FAILED, STORE_BAD_BATCH, STORE_CLOSED.
 */
import neo4j, { Neo4jError, type Config, type Driver, type ManagedTransaction, type QueryConfig, type SessionConfig } from 'neo4j-driver';
import type { RingId, RingMemberRecord } from '../ring/index.ts';
import * as Q from './cypher.ts';
import * as D from './cypher-derive.ts';
import * as F from './cypher-facts.ts';
import { runBatchWork, type BatchStep } from './batch-work.ts';
import { factRows } from './neo4j-fact-rows.ts';
import { StoreError } from './errors.ts';
import type { EventRecord, GraphStore, HostRecord, StoreBatch, StoredDiscoveryHash } from './graph-store.ts';
import { eventFromProps, hostFromProps, planWrites } from './neo4j-rows.ts';
import { schemaStatements } from './neo4j-schema.ts';
import { validateBatch } from './validate.ts';

/** Where and how to reach Neo4j. */
export interface Neo4jGraphStoreInit {
  /** `bolt://host:port` or `neo4j://host:port`. */
  readonly uri: string;
  /** Default `neo4j`. */
  readonly user?: string;
  /** Omitted: no auth (a server with auth off). */
  readonly password?: string;
  /** Database name; default: the server's default database. */
  readonly database?: string;
  /** How long a transaction is retried on transient failures, ms (default 10 000). */
  readonly maxTransactionRetryTimeMs?: number;
  /** TCP connect timeout, ms (default 5 000): an unreachable server fails fast at start. */
  readonly connectionTimeoutMs?: number;
  /** A DEPENDS_ON not re-derived for this long gets `stale = true`, ms (default DEFAULT_DEPENDENCY_STALE_MS). */
  readonly dependencyStaleMs?: number;
}

/** Default time after which a dependency no longer seen is stale: 15 min (absorbs pools that reconnect). */
export const DEFAULT_DEPENDENCY_STALE_MS = 15 * 60_000;

/** The driver's option classes as plain shapes (they are option bags; the driver never needs instances). */
type Shape<T> = { [K in keyof T]: T[K] };

/** Maps a driver failure to a StoreError (the message names the URI and Neo4j's own reason). */
export function toStoreError(err: unknown, uri: string): StoreError {
  if (err instanceof StoreError) return err;
  const message = err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err);
  const code = err instanceof Neo4jError ? err.code : '';
  if (code.startsWith('Neo.ClientError.Security.')) return new StoreError('STORE_AUTH', `Neo4j at ${uri} refused the credentials: ${message}`, { uri, neo4jCode: code }, { cause: err });
  if (err instanceof Neo4jError && (neo4j.isRetriableError(err) || code === 'ServiceUnavailable' || code === 'SessionExpired')) {
    return new StoreError('STORE_UNAVAILABLE', `Neo4j at ${uri} is unavailable: ${message}`, { uri, neo4jCode: code }, { cause: err });
  }
  return new StoreError('STORE_FAILED', `Neo4j at ${uri} failed: ${message}`, { uri, neo4jCode: code }, { cause: err });
}

/** A GraphStore on a Neo4j 5 server. Build it with {@link Neo4jGraphStore.open}. */
export class Neo4jGraphStore implements GraphStore {
  readonly #driver: Driver;
  readonly #uri: string;
  readonly #database: string | undefined;
  readonly #staleAfterMs: number;
  #closed = false;

  private constructor(driver: Driver, init: Neo4jGraphStoreInit) {
    this.#driver = driver;
    this.#uri = init.uri;
    this.#database = init.database;
    this.#staleAfterMs = init.dependencyStaleMs ?? DEFAULT_DEPENDENCY_STALE_MS;
  }

  /**
   * Connects (checking reachability and credentials now, not at the first write) and creates the schema
   * idempotently. Rejects with STORE_UNAVAILABLE, STORE_AUTH or STORE_FAILED; the driver is closed then.
   */
  static async open(init: Neo4jGraphStoreInit): Promise<Neo4jGraphStore> {
    let driver: Driver;
    try {
      const config: Shape<Config> = {
        disableLosslessIntegers: true,
        maxTransactionRetryTime: init.maxTransactionRetryTimeMs ?? 10_000,
        connectionTimeout: init.connectionTimeoutMs ?? 5_000,
        userAgent: 'ringwatch-cma',
      };
      driver = neo4j.driver(init.uri, init.password === undefined ? undefined : neo4j.auth.basic(init.user ?? 'neo4j', init.password), config);
    } catch (err) {
      throw new StoreError('STORE_FAILED', `bad Neo4j URI ${init.uri}: ${err instanceof Error ? err.message : String(err)}`, { uri: init.uri }, { cause: err });
    }
    const store = new Neo4jGraphStore(driver, init);
    try {
      await driver.getServerInfo(store.#db());
      await store.ensureSchema();
    } catch (err) {
      await driver.close().catch(() => undefined);
      throw toStoreError(err, init.uri);
    }
    return store;
  }

  /** Creates the constraints and indexes of docs/graph-model.md (IF NOT EXISTS) and waits until they are online. */
  async ensureSchema(): Promise<void> {
    await this.#session('WRITE', async (s) => {
      for (const statement of schemaStatements()) await s.run(statement);
      await s.run('CALL db.awaitIndexes(300)');
      await s.run(D.BACKFILL_CLIENTS);
      await s.run(F.BACKFILL_HOST_SWITCHES);
      await s.run(D.BACKFILL_PROVIDERS);
    });
  }

  apply(batch: StoreBatch): Promise<void> {
    return this.#guard(async () => {
      validateBatch(batch);
      const work = batchStatements(batch, this.#staleAfterMs).filter(([, rows]) => rows.length > 0);
      if (work.length === 0) return;
      await this.#write(async (tx) => {
        // Pipelined: Bolt runs a transaction's statements one after the other in the order sent, so a later
        // statement still sees the nodes an earlier one MERGEd; only the round trips between them are saved.
        await runBatchWork(tx, work);
      });
    });
  }

  loadHosts(): Promise<HostRecord[]> {
    return this.#guard(async () => {
      const r = await this.#driver.executeQuery(Q.LOAD_HOSTS, {}, this.#read());
      return r.records.map((rec) => hostFromProps(rec.get('h') as Record<string, unknown>)).sort((x, y) => cmp(x.hostId, y.hostId));
    });
  }

  loadRingMembers(): Promise<RingMemberRecord[]> {
    return this.#guard(async () => {
      const r = await this.#driver.executeQuery(Q.LOAD_MEMBERS, {}, this.#read());
      return r.records
        .map((rec) => ({ hostId: rec.get('hostId') as string, ringId: rec.get('ringId') as RingId, position: Number(rec.get('position')) }))
        .sort((x, y) => cmp(x.ringId, y.ringId) || x.position - y.position);
    });
  }

  loadDiscoveryHashes(): Promise<StoredDiscoveryHash[]> {
    return this.#guard(async () => {
      const r = await this.#driver.executeQuery(Q.LOAD_DISCOVERY_HASHES, {}, this.#read());
      return r.records
        .map((rec) => ({ hostId: rec.get('hostId') as string, kind: rec.get('kind') as string, hash: rec.get('hash') as string }))
        .sort((x, y) => cmp(x.hostId, y.hostId) || cmp(x.kind, y.kind));
    });
  }

  events(sinceWallMs: number): Promise<EventRecord[]> {
    return this.#guard(async () => {
      const since = Number.isSafeInteger(sinceWallMs) ? neo4j.int(sinceWallMs) : sinceWallMs;
      const r = await this.#driver.executeQuery(Q.LOAD_EVENTS, { since }, this.#read());
      return r.records.map((rec) => eventFromProps(rec.get('e') as Record<string, unknown>));
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#driver.close();
  }

  #db(): { database?: string } {
    return this.#database === undefined ? {} : { database: this.#database };
  }

  #read(): Shape<QueryConfig> {
    return { routing: neo4j.routing.READ, ...this.#db() };
  }

  #sessionConfig(mode: 'READ' | 'WRITE'): Shape<SessionConfig> {
    return { defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE, ...this.#db() };
  }

  async #write(work: (tx: ManagedTransaction) => Promise<void>): Promise<void> {
    const session = this.#driver.session(this.#sessionConfig('WRITE'));
    try {
      await session.executeWrite(work);
    } finally {
      await session.close();
    }
  }

  async #session(mode: 'READ' | 'WRITE', work: (s: neo4j.Session) => Promise<void>): Promise<void> {
    const session = this.#driver.session(this.#sessionConfig(mode));
    try {
      await work(session);
    } finally {
      await session.close();
    }
  }

  async #guard<T>(body: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreError('STORE_CLOSED', 'the store is closed');
    try {
      return await body();
    } catch (err) {
      throw toStoreError(err, this.#uri);
    }
  }
}

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The statements (and their rows) of one batch's write transaction, in order; the ones without rows are skipped by
 * apply. Exported for the queries benchmark, which times them in a transaction it rolls back.
 */
export function batchStatements(batch: StoreBatch, staleAfterMs: number): BatchStep[] {
  const plan = planWrites(batch);
  const f = factRows(batch.facts ?? []);
  const newest = Math.max(...(batch.facts ?? []).map((x) => x.wallMs));
  const hostIds = [...new Set((batch.facts ?? []).map((x) => x.hostId))].sort();
  const derive = Number.isFinite(newest) ? [{ now: neo4j.int(newest), staleAfterMs: neo4j.int(staleAfterMs), hostIds }] : [];
  return [
    [Q.WRITE_HOSTS, plan.hosts],
    [Q.REMOVE_RINGS, plan.rings.ringsRemoved],
    [Q.WRITE_RINGS, plan.rings.ringsAdded],
    [Q.REMOVE_MEMBERS, plan.rings.membersRemoved],
    [Q.WRITE_MEMBERS, plan.rings.membersAdded],
    [Q.REMOVE_EDGES, plan.rings.edgesRemoved],
    [Q.WRITE_EDGES, plan.rings.edgesAdded],
    [Q.WRITE_EVENTS, plan.events],
    [Q.WRITE_DISCOVERY, plan.discovery],
    [F.WRITE_NICS, f.nics],
    [F.WRITE_IPS, f.ips],
    [F.GONE_INVENTORY, f.goneInventory],
    [F.WRITE_SWITCHES, f.switches],
    [F.WRITE_PORTS, f.ports],
    [F.SET_LLDP_LINKS, f.lldpLinks],
    [F.LINK_WIRED, f.link],
    [F.GONE_LLDP, f.goneLldp],
    [F.SET_HOST_SWITCHES, f.link],
    [F.WRITE_PROCESSES, f.processes],
    [F.WRITE_LISTENS, f.listens],
    [F.WRITE_CONNECTS, f.connects],
    [F.GONE_PROCESSES, f.goneNetstat],
    [F.GONE_SOCKETS, f.goneNetstat],
    [F.WRITE_SEES, f.sees],
    [F.GONE_ARP, f.goneArp],
    [F.SET_HOST_FACTS, f.hostFacts],
    [F.REFRESH_EXTERNAL, f.refresh],
    [{ readProviders: D.READ_PROVIDERS }, derive],
    [D.PRUNE_PROVIDED_BY, derive],
    [D.DERIVE_DEPENDS, derive],
    [D.MARK_STALE, derive],
    [D.COUNT_CLIENTS, derive],
    [D.SET_PROVIDERS, derive],
    [D.CLEAR_CHANGED, derive],
  ];
}
