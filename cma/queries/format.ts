/**
 * Human output of `cma query`: an aligned text table (numbers right-aligned, lists comma-separated, null as `-`)
 * followed by the row count, and the `--list` catalogue. Pure.
 */
import type { QueryDefinition } from './query-file.ts';

/** One cell as text: null/undefined `-`, lists `a, b`, objects compact JSON, control characters escaped (`\n`, `\t`, `\xNN`). */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value.replace(/\p{Cc}/gu, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : formatCell(v))).join(', ');
  return JSON.stringify(value);
}

const isNumeric = (v: unknown): boolean => typeof v === 'number' || typeof v === 'bigint';

/**
 * The rows as an aligned table under a header of `columns`, then `(N rows)`. A column whose non-null values are all
 * numbers is right-aligned. Cells of a row are looked up by column name.
 */
export function formatTable(columns: readonly string[], rows: readonly Readonly<Record<string, unknown>>[]): string {
  const cells = rows.map((row) => columns.map((c) => formatCell(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const rightAligned = columns.map((c) => rows.some((r) => isNumeric(r[c])) && rows.every((r) => r[c] === null || r[c] === undefined || isNumeric(r[c])));
  const line = (texts: readonly string[]): string =>
    texts
      .map((text, i) => (rightAligned[i] === true ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const count = `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`;
  return [...(columns.length === 0 ? [] : [line(columns)]), ...cells.map(line), count].join('\n');
}

/** The `--list` text: each query with its description and parameters. */
export function formatCatalogue(queries: Iterable<QueryDefinition>): string {
  const list = [...queries];
  const width = Math.max(0, ...list.map((q) => q.name.length));
  const lines: string[] = [];
  for (const q of list) {
    lines.push(`${q.name.padEnd(width)}  ${q.description}`);
    for (const p of q.params) {
      lines.push(`${' '.repeat(width)}    --param ${p.name}=<${p.type}>${p.defaultText === undefined ? '' : ` (default ${p.defaultText})`}  ${p.description}`);
    }
  }
  return lines.join('\n');
}

/** The `--list --json` value: plain data per query (the Cypher included). */
export function catalogueJson(queries: Iterable<QueryDefinition>): unknown[] {
  return [...queries].map((q) => ({
    name: q.name,
    description: q.description,
    params: q.params.map((p) => ({ name: p.name, type: p.type, required: p.defaultText === undefined, ...(p.defaultText === undefined ? {} : { default: p.defaultText }), description: p.description })),
    columns: q.columns ?? null,
    cypher: q.cypher,
  }));
}

/**
 * The columns `cma query` prints: a column whose name starts with `_` carries graph values for `--graph` (paths,
 * nodes) and is left out of the table and of `--json`.
 */
export function visibleColumns(columns: readonly string[]): string[] {
  return columns.filter((c) => !c.startsWith('_'));
}

/** The rows restricted to `columns`, keys in that order. */
export function pickColumns<T>(columns: readonly string[], rows: readonly Readonly<Record<string, T>>[]): Record<string, T | null>[] {
  return rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
}
