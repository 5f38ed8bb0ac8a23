/**
 * `cma run --store …`: which GraphStore backs the CMA, opened with one clear CliError line when it cannot be
 * (Neo4j unreachable, credentials refused, unreadable password file, corrupt snapshot).
 */
import { readFileSync } from 'node:fs';
import { CliError } from '../runtime/index.ts';
import { FileGraphStore, MemoryGraphStore, Neo4jGraphStore, type GraphStore } from './store/index.ts';

/** The store kinds of `--store`. */
export const STORE_KINDS = ['neo4j', 'file', 'memory'] as const;

/** One of STORE_KINDS. */
export type StoreKind = (typeof STORE_KINDS)[number];

/** What `openStore` needs: the kind and its options. */
export interface StoreOptions {
  readonly kind: StoreKind;
  /** Snapshot file of `--store file`. */
  readonly file: string;
  readonly neo4jUri: string;
  readonly neo4jUser: string;
  /** First line = the password; wins over RINGWATCH_NEO4J_PASSWORD. */
  readonly neo4jPasswordFile?: string;
  /** Where RINGWATCH_NEO4J_PASSWORD is read from (process.env). */
  readonly env: NodeJS.ProcessEnv;
}

/** The Neo4j password: the file's first line, else the environment, else none (auth off). */
export function neo4jPassword(opts: Pick<StoreOptions, 'neo4jPasswordFile' | 'env'>): string | undefined {
  if (opts.neo4jPasswordFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(opts.neo4jPasswordFile, 'utf8');
    } catch (err) {
      throw new CliError('CLI_FAILED', `cannot read --neo4j-password-file ${opts.neo4jPasswordFile}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    return text.split(/\r?\n/)[0] ?? '';
  }
  const fromEnv = opts.env.RINGWATCH_NEO4J_PASSWORD;
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
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
        const password = neo4jPassword(opts);
        return await Neo4jGraphStore.open({ uri: opts.neo4jUri, user: opts.neo4jUser, ...(password === undefined ? {} : { password }) });
      }
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError('CLI_FAILED', `cannot open the ${opts.kind} store: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
