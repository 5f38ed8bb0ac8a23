// A Neo4jGraphStore on the test server's emptied database, closed after the body (the dependency tests).
import { Neo4jGraphStore } from '../../cma/store/index.ts';
import type { TestNeo4j } from './neo4j-server.ts';

export async function withWipedStore(db: TestNeo4j, dependencyStaleMs: number, body: (store: Neo4jGraphStore) => Promise<void>): Promise<void> {
  await db.wipe();
  const store = await Neo4jGraphStore.open({ uri: db.uri, password: db.password, dependencyStaleMs });
  try {
    await body(store);
  } finally {
    await store.close();
  }
}
