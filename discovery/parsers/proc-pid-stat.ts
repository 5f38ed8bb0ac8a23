/**
 * Parsers for /proc/<pid>/status, /proc/<pid>/stat and the `btime` line of /proc/stat (to turn a process's
 * start time in clock ticks since boot into a wall-clock time). See proc_pid_status(5) and proc_pid_stat(5).
 */
import { DiscoveryError } from '../errors.ts';
import { toText, WarningSink, type ParseResult, type TextInput } from './parse-result.ts';

/** Real, effective, saved and filesystem ids (the four columns of `Uid:` / `Gid:`). */
export interface IdSet {
  readonly real: number;
  readonly effective: number;
  readonly saved: number;
  readonly filesystem: number;
}

/** The fields of /proc/<pid>/status that discovery uses, plus every line raw. */
export interface ProcStatus {
  /** `Name:` (the comm, max 15 bytes), with the kernel's escapes (`\n`, `\\`) undone. */
  readonly name: string;
  /** `State:` letter (R, S, D, Z, T, t, X, I, …). */
  readonly state?: string;
  readonly pid: number;
  readonly tgid?: number;
  readonly ppid?: number;
  readonly uid?: IdSet;
  readonly gid?: IdSet;
  readonly threads?: number;
  /** `VmRSS:` in KiB (absent for kernel threads). */
  readonly vmRssKiB?: number;
  /** Every `Key:\tvalue` line, value trimmed; bounded by the file's line count. */
  readonly fields: ReadonlyMap<string, string>;
}

const UNESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', e: '\x1b', '\\': '\\' };

/** Undoes the kernel's `seq_escape_str(…, ESCAPE_SPACE | ESCAPE_SPECIAL)` of the Name line. */
function unescapeName(s: string): string {
  return s.replace(/\\([ntrfvae\\])/g, (_m, c: string) => UNESCAPES[c] ?? c);
}

function num(s: string | undefined): number | undefined {
  return s !== undefined && /^-?\d{1,16}$/.test(s) ? Number(s) : undefined;
}

function idSet(v: string | undefined): IdSet | undefined {
  const n = (v ?? '').split(/\s+/).map(num);
  const [real, effective, saved, filesystem] = n;
  if (n.length !== 4 || real === undefined || effective === undefined || saved === undefined || filesystem === undefined) return undefined;
  return { real, effective, saved, filesystem };
}

/**
 * Parses /proc/<pid>/status. Throws `DISC_BAD_RECORD` without a `Name:` and a numeric `Pid:` line; lines that are
 * not `Key: value`, and Uid/Gid lines that are not four numbers, are warnings.
 */
export function parseProcStatus(input: TextInput): ParseResult<ProcStatus> {
  const sink = new WarningSink();
  const fields = new Map<string, string>();
  toText(input)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const colon = line.indexOf(':');
      if (colon <= 0) sink.warn(i + 1, 'status line is not "Key: value"', line);
      else fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
    });
  const rawName = fields.get('Name');
  const pid = num(fields.get('Pid'));
  if (rawName === undefined || pid === undefined) throw new DiscoveryError('DISC_BAD_RECORD', '/proc/<pid>/status without Name and Pid');
  const opt: Record<string, unknown> = {};
  const state = fields.get('State')?.charAt(0);
  if (state !== undefined && state !== '') opt.state = state;
  for (const [key, prop] of [['Tgid', 'tgid'], ['PPid', 'ppid'], ['Threads', 'threads']] as const) {
    const v = num(fields.get(key));
    if (v !== undefined) opt[prop] = v;
  }
  const rss = /^(\d{1,16}) kB$/.exec(fields.get('VmRSS') ?? '');
  if (rss !== null) opt.vmRssKiB = Number(rss[1]);
  for (const [key, prop] of [['Uid', 'uid'], ['Gid', 'gid']] as const) {
    const raw = fields.get(key);
    if (raw === undefined) continue;
    const ids = idSet(raw);
    if (ids === undefined) sink.warn(0, `${key} is not four numbers`, raw);
    else opt[prop] = ids;
  }
  return sink.result({ name: unescapeName(rawName), pid, fields, ...(opt as Partial<ProcStatus>) });
}

/** The fields of /proc/<pid>/stat that discovery uses (1-based field numbers from proc_pid_stat(5)). */
export interface ProcStat {
  /** Field 1. */
  readonly pid: number;
  /** Field 2, without its parentheses; may itself contain spaces and parentheses. */
  readonly comm: string;
  /** Field 3: state letter. */
  readonly state: string;
  /** Field 4. */
  readonly ppid: number;
  /** Fields 14 and 15: CPU time in user and kernel mode, in clock ticks. */
  readonly userTicks: number;
  readonly systemTicks: number;
  /** Field 20. */
  readonly threads: number;
  /** Field 22: start time in clock ticks (USER_HZ, normally 100/s) after boot. With pid, identifies a process. */
  readonly startTimeTicks: number;
  /** Fields 3 onwards, raw (index 0 is field 3). */
  readonly fields: readonly string[];
}

/**
 * Parses /proc/<pid>/stat. The comm runs from the first `(` to the *last* `)`, because a process can name itself
 * `a) (b`. Throws `DISC_BAD_RECORD` when the parentheses are missing or fields 3–22 are absent or not numbers.
 */
export function parseProcStat(input: TextInput): ProcStat {
  const text = toText(input).trim();
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const pid = num(text.slice(0, open).trim());
  if (open < 0 || close < open || pid === undefined) throw new DiscoveryError('DISC_BAD_RECORD', '/proc/<pid>/stat does not start with "pid (comm)"');
  const fields = text.slice(close + 1).trim().split(/\s+/);
  const at = (n: number): number | undefined => num(fields[n - 3]);
  const state = fields[0] ?? '';
  const [ppid, userTicks, systemTicks, threads, startTimeTicks] = [at(4), at(14), at(15), at(20), at(22)];
  if (!/^[A-Za-z]$/.test(state) || ppid === undefined || userTicks === undefined || systemTicks === undefined || threads === undefined || startTimeTicks === undefined) {
    throw new DiscoveryError('DISC_BAD_RECORD', '/proc/<pid>/stat is cut short or has a non-numeric field before field 22', { fields: fields.length + 2 });
  }
  return { pid, comm: text.slice(open + 1, close), state, ppid, userTicks, systemTicks, threads, startTimeTicks, fields };
}

/** Reads `btime` (boot time, seconds since the epoch) from /proc/stat; throws `DISC_BAD_RECORD` without one. */
export function parseBootTimeSec(input: TextInput): number {
  const m = /^btime (\d{1,12})$/m.exec(toText(input));
  if (m === null) throw new DiscoveryError('DISC_BAD_RECORD', '/proc/stat has no btime line');
  return Number(m[1]);
}

/** A process's start as milliseconds since the epoch, from its stat start time, the boot time and USER_HZ. */
export function processStartMs(startTimeTicks: number, bootTimeSec: number, ticksPerSecond = 100): number {
  return bootTimeSec * 1000 + Math.round((startTimeTicks * 1000) / ticksPerSecond);
}
