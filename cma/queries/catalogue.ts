/**
 * Loads the named queries from disk: the ones shipped in the package (`cma/queries/*.cypher`, found from the
 * compiled file's location, so they work from a checkout and from an installed package alike) plus an operator's
 * own directory, whose files override shipped ones of the same name.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueryError } from './errors.ts';
import { parseQueryFile, QUERY_NAME, type QueryDefinition } from './query-file.ts';

/**
 * The directory of the shipped .cypher files: `<package root>/cma/queries`. This file compiles to
 * `<package root>/dist/cma/queries/catalogue.js`, three levels below the root; the .cypher files are not copied
 * into dist/, they are read from the source folder, which is part of the package.
 */
export const SHIPPED_QUERIES_DIR: string = fileURLToPath(new URL('../../../cma/queries/', import.meta.url));

/** Queries by name, sorted by name. */
export type QueryCatalogue = ReadonlyMap<string, QueryDefinition>;

/**
 * Reads every `*.cypher` file of `dirs` in order (a later directory's file replaces an earlier one of the same
 * name). Throws `CMA_QUERY_BAD_FILE` for a malformed file or a file name that is not a query name; a directory that
 * cannot be read rejects with the fs error.
 */
export async function loadQueries(dirs: readonly string[] = [SHIPPED_QUERIES_DIR]): Promise<QueryCatalogue> {
  const found = new Map<string, QueryDefinition>();
  for (const dir of dirs) {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.cypher')).sort();
    for (const file of files) {
      const name = file.slice(0, -'.cypher'.length);
      const path = join(dir, file);
      if (!QUERY_NAME.test(name)) throw new QueryError('CMA_QUERY_BAD_FILE', `${path}: '${name}' is not a query name (lowercase letters, digits and dashes)`, { source: path });
      found.set(name, parseQueryFile(name, await readFile(path, 'utf8'), path));
    }
  }
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The query called `name`, or `CMA_QUERY_UNKNOWN` listing the known names. */
export function findQuery(catalogue: QueryCatalogue, name: string): QueryDefinition {
  const query = catalogue.get(name);
  if (query === undefined) {
    throw new QueryError('CMA_QUERY_UNKNOWN', `unknown query '${name}' (known: ${[...catalogue.keys()].join(', ')}; cma query --list describes them)`, { name });
  }
  return query;
}
