/**
 * Host inventory, operating system part: os-release(5) and /proc/version (or `uname -srvm` where /proc is not
 * mounted). Pure: text in, `{ value, warnings }` out; odd lines are warnings, nothing here throws.
 */
import { opt } from './optional.ts';
import { toText, WarningSink, type ParseResult, type TextInput } from './parse-result.ts';

/** What os-release says, with the fields most tools read named, and every assignment kept raw. */
export interface OsRelease {
  readonly id?: string;
  readonly idLike: readonly string[];
  readonly name?: string;
  readonly prettyName?: string;
  readonly versionId?: string;
  readonly versionCodename?: string;
  /** Every `KEY=value` line, unquoted (bounded by the file: os-release is a few hundred bytes). */
  readonly fields: Readonly<Record<string, string>>;
}

const KEY = /^[A-Z_][A-Z0-9_]*$/;

/** Undoes os-release's shell-style quoting: "…" with \" \\ \$ \` escapes, '…' literal, or a bare word. */
function unquote(raw: string): string | undefined {
  const v = raw.trim();
  if (v.startsWith('"')) {
    if (v.length < 2 || !v.endsWith('"')) return undefined;
    return v.slice(1, -1).replace(/\\([\\"$`])/g, '$1');
  }
  if (v.startsWith("'")) {
    if (v.length < 2 || !v.endsWith("'")) return undefined;
    return v.slice(1, -1);
  }
  return /\s/.test(v) ? undefined : v;
}

/** Parses /etc/os-release (or /usr/lib/os-release). Comments and blank lines are skipped. */
export function parseOsRelease(input: TextInput): ParseResult<OsRelease> {
  const sink = new WarningSink();
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  toText(input)
    .split('\n')
    .forEach((line, i) => {
      const t = line.trim();
      if (t === '' || t.startsWith('#')) return;
      const eq = t.indexOf('=');
      const key = eq < 0 ? '' : t.slice(0, eq);
      const value = eq < 0 ? undefined : unquote(t.slice(eq + 1));
      if (!KEY.test(key) || value === undefined) {
        sink.warn(i + 1, 'not a KEY=value assignment', line);
        return;
      }
      fields[key] = value;
    });
  const pick = (k: string): string | undefined => fields[k];
  const value: OsRelease = {
    ...opt('id', pick('ID')),
    idLike: (fields.ID_LIKE ?? '').split(/\s+/).filter((s) => s !== ''),
    ...opt('name', pick('NAME')),
    ...opt('prettyName', pick('PRETTY_NAME')),
    ...opt('versionId', pick('VERSION_ID')),
    ...opt('versionCodename', pick('VERSION_CODENAME')),
    fields: { ...fields },
  };
  if (value.id === undefined && Object.keys(fields).length > 0) sink.warn(0, 'no ID= line');
  return sink.result(value);
}

/** The running kernel. */
export interface KernelInfo {
  /** `uname -s` (Linux). */
  readonly name: string;
  /** `uname -r`, e.g. 6.1.0-18-amd64. */
  readonly release: string;
  /** `uname -v`: build number and date, e.g. "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)". */
  readonly version?: string;
  /** The compiler line of /proc/version, when present. */
  readonly builtBy?: string;
  /** `uname -m`, when the input says (uname output only). */
  readonly machine?: string;
}

/**
 * Parses /proc/version: "Linux version RELEASE (BUILDER) (COMPILER…) #BUILD …". The parenthesised parts nest
 * ("(gcc (GCC) 15.3.0, GNU ld …)"), so they are skipped by depth. Returns `value: undefined` with a warning when
 * the text does not start with "<name> version <release>".
 */
export function parseProcVersion(input: TextInput): ParseResult<KernelInfo | undefined> {
  const sink = new WarningSink();
  const text = toText(input).split('\n')[0]?.trim() ?? '';
  const m = /^(\S+) version (\S+)\s*(.*)$/.exec(text);
  if (m === null) {
    sink.warn(1, 'not a /proc/version line', text);
    return sink.result(undefined);
  }
  const [, name = '', release = '', rest = ''] = m;
  const groups: string[] = [];
  let depth = 0;
  let at = 0;
  let current = '';
  for (; at < rest.length; at++) {
    const c = rest[at] ?? '';
    if (c === '(') {
      if (depth > 0) current += c;
      depth++;
    } else if (c === ')' && depth > 0) {
      depth--;
      if (depth === 0) {
        groups.push(current);
        current = '';
      } else current += c;
    } else if (depth > 0) current += c;
    else if (c.trim() !== '') break;
  }
  if (depth > 0) sink.warn(1, 'unbalanced parentheses', text);
  const version = rest.slice(at).trim();
  return sink.result({ name, release, ...opt('version', version === '' ? undefined : version), ...opt('builtBy', groups.length > 1 ? groups.slice(1).join('; ') : undefined) });
}

/** Parses `uname -srvm` output ("Linux 6.1.0-18-amd64 #1 SMP … x86_64"): name, release, version, machine. */
export function parseUname(input: TextInput): ParseResult<KernelInfo | undefined> {
  const sink = new WarningSink();
  const words = toText(input).trim().split(/\s+/).filter((w) => w !== '');
  const [name, release] = words;
  if (name === undefined || release === undefined) {
    sink.warn(1, 'uname output needs at least a name and a release');
    return sink.result(undefined);
  }
  const machine = words.length > 3 ? words[words.length - 1] : undefined;
  const version = words.length > 3 ? words.slice(2, -1).join(' ') : words[2];
  return sink.result({ name, release, ...opt('version', version), ...opt('machine', machine) });
}
