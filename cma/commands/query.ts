import { Option, type Command } from 'commander';
import { CliError } from '../../runtime/index.ts';
import { writeFileSync } from 'node:fs';
import {
  bindParams,
  catalogueJson,
  findQuery,
  formatCatalogue,
  formatTable,
  loadQueries,
  pickColumns,
  QueryError,
  SHIPPED_QUERIES_DIR,
  toDot,
  visibleColumns,
  type QueryCatalogue,
} from '../queries/index.ts';
import { QueryRunError, runReadQuery } from '../store/index.ts';
import { renderSvg } from './graphviz.ts';
import { addNeo4jOptions, resolveNeo4jConnection, type Neo4jFlags } from './neo4j-options.ts';

interface QueryFlags extends Neo4jFlags {
  readonly param?: string[];
  readonly list?: boolean;
  readonly json?: boolean;
  readonly queriesDir?: string;
  readonly graph?: string;
  readonly out?: string;
}

/** Query-catalogue mistakes (unknown name, bad parameter, malformed file) are usage errors: one line, exit 2. */
function usage(err: unknown): never {
  if (err instanceof QueryError) throw new CliError('CLI_USAGE', err.message, { cause: err });
  throw err;
}

async function catalogue(queriesDir: string | undefined): Promise<QueryCatalogue> {
  const dirs = queriesDir === undefined ? [SHIPPED_QUERIES_DIR] : [SHIPPED_QUERIES_DIR, queriesDir];
  return loadQueries(dirs).catch((err: unknown) => {
    if (err instanceof QueryError) usage(err);
    throw new CliError(queriesDir === undefined ? 'CLI_FAILED' : 'CLI_USAGE', `cannot read the queries: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  });
}

/** `cma query NAME --param k=v … [--json]` and `cma query --list`: the named Cypher questions of docs/queries.md. */
export function registerQuery(program: Command): void {
  const command = program
    .command('query')
    .description('run a named, read-only Cypher query against Neo4j (docs/queries.md); --list shows them')
    .argument('[name]', 'the query to run (see --list)')
    .option('-p, --param <name=value>', 'a query parameter; repeat for several', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option('--list', 'list the queries with their descriptions and parameters instead of running one')
    .option('--json', 'machine-readable output: an array of row objects (with --list: the query definitions)')
    .option('--graph <format>', 'draw the nodes, relationships and paths of the result instead of the table: dot (Graphviz DOT text) or svg (rendered by Graphviz dot)')
    .option('--out <file>', 'with --graph: write the drawing to this file instead of stdout')
    .addOption(new Option('--queries-dir <dir>', 'also load NAME.cypher files from this directory (a name here replaces a shipped query)').env('RINGWATCH_QUERIES_DIR'));
  addNeo4jOptions(command).action(async (name: string | undefined, opts: QueryFlags) => {
    const queries = await catalogue(opts.queriesDir);
    const paramArgs = opts.param ?? [];
    if (opts.list === true) {
      if (name !== undefined || paramArgs.length > 0) throw new CliError('CLI_USAGE', '--list takes no query name or --param');
      console.log(opts.json === true ? JSON.stringify(catalogueJson(queries.values()), null, 2) : formatCatalogue(queries.values()));
      return;
    }
    if (opts.graph !== undefined && opts.graph !== 'dot' && opts.graph !== 'svg') throw new CliError('CLI_USAGE', `--graph takes dot or svg, not '${opts.graph}'`);
    if (opts.out !== undefined && opts.graph === undefined) throw new CliError('CLI_USAGE', '--out needs --graph dot|svg');
    if (opts.graph !== undefined && opts.json === true) throw new CliError('CLI_USAGE', '--graph and --json are exclusive');
    if (name === undefined) throw new CliError('CLI_USAGE', `name a query to run (one of: ${[...queries.keys()].join(', ')}), or use --list`);
    let query;
    let params;
    try {
      query = findQuery(queries, name);
      params = bindParams(query, paramArgs, Date.now());
    } catch (err) {
      usage(err);
    }
    const connection = await resolveNeo4jConnection(opts);
    const result = await runReadQuery(connection, query.cypher, params, { graph: opts.graph !== undefined }).catch((err: unknown) => {
      throw err instanceof QueryRunError ? new CliError('CLI_FAILED', err.message, { cause: err }) : err;
    });
    if (opts.graph !== undefined) {
      const title = [`cma query ${name}`, ...paramArgs].join(' ');
      const dot = toDot(result.graph ?? { nodes: [], relationships: [] }, title);
      const drawing = opts.graph === 'svg' ? await renderSvg(dot) : dot;
      if (opts.out === undefined) process.stdout.write(drawing);
      else writeFileSync(opts.out, drawing);
      return;
    }
    const columns = visibleColumns(result.columns);
    const rows = pickColumns(columns, result.rows);
    console.log(opts.json === true ? JSON.stringify(rows, null, 2) : formatTable(columns, rows));
  });
}
