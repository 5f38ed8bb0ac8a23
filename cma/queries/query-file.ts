/**
 * The named-query file format (docs/queries.md): `cma/queries/NAME.cypher`, a comment header, then one Cypher
 * statement.
 *
 * ```cypher
 * // description: Who heartbeats a host
 * // param: host string  Hostname or host id
 * // param: limit int = 100  At most this many rows
 * // columns: watcher, watcherId, status, ring
 * MATCH (w:Host)-[e:WATCHES]->(h:Host) WHERE h.hostname = $host OR h.hostId = $host …
 * ```
 *
 * The header is the leading run of `//` and blank lines. In it, `// key: value` lines with a lowercase key are
 * fields (`description` once, `param` per parameter, `columns` at most once) and any other `//` line is a free
 * comment. Pure: no fs; the loader reads the files.
 */
import { QueryError } from './errors.ts';
import { convertParam, isParamType, PARAM_TYPES, type QueryParam } from './params.ts';

/** A parsed query file. */
export interface QueryDefinition {
  /** The file name without `.cypher`: lowercase letters, digits and dashes. */
  readonly name: string;
  readonly description: string;
  readonly params: readonly QueryParam[];
  /** The declared result columns, in order; undefined when the header has no `columns:` line. */
  readonly columns: readonly string[] | undefined;
  /** The Cypher statement (header removed, no trailing semicolon). */
  readonly cypher: string;
  /** Where it came from (file path), for messages. */
  readonly source: string;
}

/** Query names are file names: lowercase, digits and dashes, starting with a letter. */
export const QUERY_NAME = /^[a-z][a-z0-9-]*$/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FIELD = /^\/\/\s*([a-z][a-z-]*):(.*)$/;
const PARAM = /^([A-Za-z_][A-Za-z0-9_]*)\s+([a-z]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|\S+))?(?:\s+(\S.*))?$/;

/**
 * Parses one query file. Throws `CMA_QUERY_BAD_FILE` ("source:line: what is wrong") for a bad name, a missing or
 * repeated description, an unknown header field, a malformed or duplicate param, an unknown type, a default not of
 * its type, bad columns, an empty statement, or parameters declared but unused / used but undeclared.
 */
export function parseQueryFile(name: string, text: string, source = `${name}.cypher`): QueryDefinition {
  const fail = (line: number, message: string): QueryError => new QueryError('CMA_QUERY_BAD_FILE', `${source}:${line}: ${message}`, { source, line });
  if (!QUERY_NAME.test(name)) throw fail(1, `query name '${name}' must be lowercase letters, digits and dashes`);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let description: string | undefined;
  let columns: string[] | undefined;
  const params: QueryParam[] = [];
  let bodyStart = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    const at = i + 1;
    if (line === '') continue;
    if (!line.startsWith('//')) {
      bodyStart = i;
      break;
    }
    const field = FIELD.exec(line);
    if (field === null) continue; // a free comment
    const key = field[1] ?? '';
    const value = (field[2] ?? '').trim();
    switch (key) {
      case 'description':
        if (description !== undefined) throw fail(at, 'description given twice');
        if (value === '') throw fail(at, 'empty description');
        description = value;
        break;
      case 'param':
        params.push(parseParam(value, params, (message) => fail(at, message)));
        break;
      case 'columns':
        if (columns !== undefined) throw fail(at, 'columns given twice');
        columns = value.split(',').map((c) => c.trim());
        for (const c of columns) if (!IDENT.test(c)) throw fail(at, `bad column name '${c}' in '${value}'`);
        if (new Set(columns).size !== columns.length) throw fail(at, `a column is listed twice in '${value}'`);
        break;
      default:
        throw fail(at, `unknown header field '${key}:' (known: description, param, columns)`);
    }
  }
  if (description === undefined) throw fail(1, 'no "// description: …" line in the header');
  const cypher = lines.slice(bodyStart).join('\n').trim().replace(/;\s*$/, '').trimEnd();
  if (cypher === '') throw fail(lines.length, 'no Cypher statement after the header');
  const used = parametersUsed(cypher);
  for (const p of params) if (!used.has(p.name)) throw fail(1, `parameter '${p.name}' is declared but the Cypher never uses $${p.name}`);
  for (const u of used) if (!params.some((p) => p.name === u)) throw fail(1, `the Cypher uses $${u} but the header declares no "// param: ${u} …"`);
  return { name, description, params, columns, cypher, source };
}

function parseParam(value: string, seen: readonly QueryParam[], fail: (message: string) => QueryError): QueryParam {
  const m = PARAM.exec(value);
  if (m === null) throw fail(`malformed param '${value}' (expected: NAME TYPE [= DEFAULT] DESCRIPTION)`);
  const [, name = '', type = '', rawDefault, description] = m;
  if (!isParamType(type)) throw fail(`param ${name}: unknown type '${type}' (known: ${PARAM_TYPES.join(', ')})`);
  if (description === undefined || description.startsWith('=')) throw fail(`param ${name}: expected a description after the type (and an optional '= DEFAULT')`);
  if (seen.some((p) => p.name === name)) throw fail(`param ${name} declared twice`);
  let defaultText: string | undefined;
  if (rawDefault !== undefined) {
    defaultText = rawDefault.startsWith('"') ? (JSON.parse(rawDefault) as string) : rawDefault;
    const converted = convertParam(type, defaultText, 0);
    if ('reason' in converted) throw fail(`param ${name}: default '${defaultText}' is not ${type}: ${converted.reason}`);
  }
  return { name, type, defaultText, description };
}

/**
 * The `$name` parameters a Cypher statement refers to, ignoring string literals and comments
 * (`$` inside `'…'`, `"…"`, `// …` and `/* … *\/` does not count). Backquoted names (`` $`a b` ``) count too.
 */
export function parametersUsed(cypher: string): Set<string> {
  const used = new Set<string>();
  let i = 0;
  while (i < cypher.length) {
    const c = cypher[i];
    const next = cypher[i + 1];
    if (c === "'" || c === '"') {
      i++;
      while (i < cypher.length && cypher[i] !== c) i += cypher[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '/' && next === '/') {
      while (i < cypher.length && cypher[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = cypher.indexOf('*/', i + 2);
      i = end < 0 ? cypher.length : end + 2;
    } else if (c === '$') {
      const rest = cypher.slice(i + 1);
      const m = /^`([^`]+)`/.exec(rest) ?? /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
      if (m !== null) used.add(m[1] ?? m[0]);
      i += 1 + (m?.[0].length ?? 0);
    } else {
      i++;
    }
  }
  return used;
}
