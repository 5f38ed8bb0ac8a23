// One embedded Neo4j 5.26 (deploy/neo4j via scripts/neo4j-launch.mjs) for a test file or a benchmark: a temp data
// dir, a free Bolt port, a password; `wipe()` empties the database between tests (the schema stays).
import type { TestFn } from 'ava';
import neo4j, { type Config } from 'neo4j-driver';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Launch from '../../scripts/neo4j-launch.mjs';

export interface TestNeo4j {
  readonly uri: string;
  readonly port: number;
  readonly password: string;
  readonly handle: Launch.Neo4jHandle;
  /** Runs one Cypher statement and returns its records as plain objects. */
  query(cypher: string, params?: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  /** MATCH (n) DETACH DELETE n, in chunks. */
  wipe(): Promise<void>;
  stop(): Promise<void>;
}

export const TEST_NEO4J_PASSWORD = 'ringwatch-test-pw';

/** Starts Neo4j; the returned handle's stop() also removes the data dir. */
export async function startTestNeo4j(init: { javaOpts?: string; host?: string; pagecache?: string } = {}): Promise<TestNeo4j> {
  // The .mjs is not compiled into dist/: load it from the repository (dist/test/helpers → ../../../scripts).
  const launch = (await import(new URL('../../../scripts/neo4j-launch.mjs', import.meta.url).href)) as typeof Launch;
  const dataDir = mkdtempSync(join(tmpdir(), 'rw-neo4j-'));
  if (init.javaOpts !== undefined) process.env.NEO4J_JAVA_OPTS = init.javaOpts;
  const handle = await launch.startNeo4j({ dataDir, password: TEST_NEO4J_PASSWORD, ...(init.host === undefined ? {} : { host: init.host }), ...(init.pagecache === undefined ? {} : { pagecache: init.pagecache }) });
  const config: { [K in keyof Config]: Config[K] } = { disableLosslessIntegers: true };
  const driver = neo4j.driver(handle.boltUri, neo4j.auth.basic('neo4j', TEST_NEO4J_PASSWORD), config);
  const query = async (cypher: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> => {
    const r = await driver.executeQuery(cypher, params);
    return r.records.map((rec) => rec.toObject());
  };
  return {
    uri: handle.boltUri,
    port: handle.port,
    password: TEST_NEO4J_PASSWORD,
    handle,
    query,
    wipe: async () => {
      const session = driver.session(); // CALL … IN TRANSACTIONS needs an auto-commit transaction
      try {
        await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
      } finally {
        await session.close();
      }
    },
    stop: async () => {
      await driver.close();
      await handle.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One Neo4j for a whole test file: registers the ava hooks that start it (before) and stop it (after.always) and
 * returns a handle whose members reach the running instance (use them inside tests only).
 */
export function useTestNeo4j(test: TestFn, init: Parameters<typeof startTestNeo4j>[0] = {}): TestNeo4j {
  let db: TestNeo4j | undefined;
  test.before(async (t) => {
    t.timeout(300_000); // the first run may build the launcher with Maven
    db = await startTestNeo4j(init);
  });
  test.after.always(async () => {
    await db?.stop();
  });
  const current = (): TestNeo4j => {
    if (db === undefined) throw new Error('Neo4j is not started (useTestNeo4j handle used outside a test)');
    return db;
  };
  return {
    get uri() {
      return current().uri;
    },
    get port() {
      return current().port;
    },
    get password() {
      return current().password;
    },
    get handle() {
      return current().handle;
    },
    query: (cypher, params) => current().query(cypher, params),
    wipe: () => current().wipe(),
    stop: () => current().stop(),
  };
}
