/**
 * Query parameters: their declared types, and the conversion of the operator's text (`--param k=v`) into the
 * value sent to Neo4j. Pure: "now" for relative times is a parameter.
 *
 * | type   | accepted text                                          | sent as            |
 * |--------|--------------------------------------------------------|--------------------|
 * | string | anything                                               | String             |
 * | int    | `-?[0-9]+` within the 64-bit range                     | Integer (bigint)   |
 * | float  | a decimal or exponent number                           | Float              |
 * | bool   | `true` or `false`                                      | Boolean            |
 * | time   | wall ms (`1790000000000`), ISO 8601 (`2026-11-23T13:00:00Z`), or an age (`90s`, `10m`, `2h`, `7d`) | Integer, ms since the epoch |
 */
import { QueryError } from './errors.ts';

/** The parameter types a query file may declare. */
export const PARAM_TYPES = ['string', 'int', 'float', 'bool', 'time'] as const;

/** One of PARAM_TYPES. */
export type ParamType = (typeof PARAM_TYPES)[number];

/** A bound parameter value: int and time are bigint (sent as Neo4j Integer), float is number. */
export type ParamValue = string | number | boolean | bigint;

/** A declared parameter of a query (the `// param:` header line). */
export interface QueryParam {
  readonly name: string;
  readonly type: ParamType;
  /** The default as written in the header (converted at run time, so `10m` is relative to the run); undefined = required. */
  readonly defaultText: string | undefined;
  readonly description: string;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const AGE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** Type guard for PARAM_TYPES. */
export function isParamType(text: string): text is ParamType {
  return (PARAM_TYPES as readonly string[]).includes(text);
}

function parseInt64(text: string): bigint | undefined {
  if (!/^-?\d+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

/**
 * Converts `text` to a value of `type`; `nowMs` (wall ms) anchors ages such as `10m`.
 * Returns the reason as a string when the text is not of that type.
 */
export function convertParam(type: ParamType, text: string, nowMs: number): { readonly value: ParamValue } | { readonly reason: string } {
  switch (type) {
    case 'string':
      return { value: text };
    case 'int': {
      const value = parseInt64(text);
      return value === undefined ? { reason: 'expected an integer' } : { value };
    }
    case 'float': {
      const value = Number(text);
      return FLOAT.test(text) && Number.isFinite(value) ? { value } : { reason: 'expected a number' };
    }
    case 'bool':
      return text === 'true' ? { value: true } : text === 'false' ? { value: false } : { reason: 'expected true or false' };
    case 'time':
      return convertTime(text, nowMs);
  }
}

function convertTime(text: string, nowMs: number): { readonly value: bigint } | { readonly reason: string } {
  const reason = 'expected wall ms, an ISO 8601 time (2026-11-23T13:00:00Z) or an age (90s, 10m, 2h, 7d)';
  const ms = parseInt64(text);
  if (ms !== undefined) return { value: ms };
  const age = AGE.exec(text);
  if (age !== null) return { value: BigInt(Math.round(nowMs - Number(age[1]) * (UNIT_MS[age[2] ?? ''] ?? 0))) };
  if (ISO.test(text)) {
    const parsed = Date.parse(text.replace(' ', 'T'));
    if (Number.isFinite(parsed)) return { value: BigInt(parsed) };
  }
  return { reason };
}

/**
 * Binds the operator's `name=value` arguments to a query's declared parameters: every name must be declared and
 * given at most once, every parameter without a default must be given, every value must be of its type.
 * Throws `CMA_QUERY_BAD_PARAM` naming the query and the parameter.
 */
export function bindParams(query: { readonly name: string; readonly params: readonly QueryParam[] }, args: readonly string[], nowMs: number): Record<string, ParamValue> {
  const given = new Map<string, string>();
  const bad = (message: string, details: Record<string, unknown>): QueryError => new QueryError('CMA_QUERY_BAD_PARAM', `query ${query.name}: ${message}`, { query: query.name, ...details });
  const declared = (): string => (query.params.length === 0 ? 'it takes no parameters' : `its parameters: ${query.params.map((p) => `${p.name} (${p.type})`).join(', ')}`);
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw bad(`--param '${arg}' is not name=value`, { arg });
    const name = arg.slice(0, eq);
    if (!query.params.some((p) => p.name === name)) throw bad(`unknown parameter '${name}' (${declared()})`, { param: name });
    if (given.has(name)) throw bad(`parameter '${name}' given twice`, { param: name });
    given.set(name, arg.slice(eq + 1));
  }
  const out: Record<string, ParamValue> = {};
  for (const p of query.params) {
    const text = given.get(p.name) ?? p.defaultText;
    if (text === undefined) throw bad(`missing parameter '${p.name}' (${p.type}: ${p.description}); pass --param ${p.name}=…`, { param: p.name });
    const converted = convertParam(p.type, text, nowMs);
    if ('reason' in converted) throw bad(`parameter '${p.name}' is ${p.type}: ${converted.reason}, got '${text}'`, { param: p.name, value: text });
    out[p.name] = converted.value;
  }
  return out;
}
