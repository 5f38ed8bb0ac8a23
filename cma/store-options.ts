/**
 * `cma run --store …`: which GraphStore backs the CMA, opened with one clear CliError line when it cannot be
 * (Neo4j unreachable or credentials refused, corrupt snapshot).
 */
import { CliError } from '../runtime/index.ts';
import { FileGraphStore, MemoryGraphStore, Neo4jGraphStore, type GraphStore, type Neo4jConnection } from './store/index.ts';

/** The store kinds of `--store`. */
export const STORE_KINDS = ['neo4j', 'file', 'memory'] as const;

/** One of STORE_KINDS. */
export type StoreKind = (typeof STORE_KINDS)[number];

/** What `openStore` needs: the kind and its options. */
export interface StoreOptions {
  readonly kind: StoreKind;
  /** Snapshot file of `--store file`. */
  readonly file: string;
  /** Where Neo4j is, for `--store neo4j` (cma/commands/neo4j-options.ts resolves the flags and the password). */
  readonly neo4j?: Neo4jConnection;
  /** `--dependency-stale`: ms after which a DEPENDS_ON no longer seen is stale (Neo4j store). */
  readonly dependencyStaleMs?: number;
}

/** Opens the store (for neo4j: connects, checks the credentials, creates the schema). */
export async function openStore(opts: StoreOptions): Promise<GraphStore> {
  try {
    switch (opts.kind) {
      case 'memory':
        return new MemoryGraphStore();
      case 'file':
        return await FileGraphStore.open(opts.file);
      case 'neo4j': {
        const c = opts.neo4j ?? { uri: 'bolt://127.0.0.1:7687', user: 'neo4j', password: undefined };
        return await Neo4jGraphStore.open({
          uri: c.uri,
          user: c.user,
          ...(c.password === undefined ? {} : { password: c.password }),
          ...(opts.dependencyStaleMs === undefined ? {} : { dependencyStaleMs: opts.dependencyStaleMs }),
        });
      }
    }
  } catch (err) {
    throw new CliError('CLI_FAILED', `cannot open the ${opts.kind} store: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
