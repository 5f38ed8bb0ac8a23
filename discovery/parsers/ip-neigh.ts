/**
 * Parser for `ip -j neigh` and `ip -s -j neigh` (iproute2 JSON): IPv4 and IPv6 neighbours with their NUD state.
 * `lladdr` is absent for INCOMPLETE/FAILED entries; `state` is an array of NUD names; flags such as `router`
 * are keys printed with a null value when set (iproute2 `print_null`), so presence means set.
 */
import { jsonArrayOutput, WarningSink, type ParseResult, type TextInput } from './parse-result.ts';

/** NUD states iproute2 prints (include/uapi/linux/neighbour.h). Others are kept, with a warning. */
export const NUD_STATES = ['INCOMPLETE', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'NOARP', 'PERMANENT', 'NONE'] as const;

/** The flags iproute2 prints as keys; kept as a list of names. */
const FLAG_KEYS = ['router', 'proxy', 'extern_learn', 'offload', 'managed', 'extern_valid'] as const;

/** The `-s` counters: ages in seconds (used, confirmed, updated), probes sent, reference count. */
export interface NeighbourStats {
  readonly usedSec?: number;
  readonly confirmedSec?: number;
  readonly updatedSec?: number;
  readonly probes?: number;
  readonly refCount?: number;
}

/** One neighbour-table entry. */
export interface NeighbourEntry {
  readonly address: string;
  readonly family: 4 | 6;
  readonly device: string;
  /** Lower-case link-layer address; null when the entry has none (INCOMPLETE, FAILED). */
  readonly lladdr: string | null;
  /** NUD states, e.g. ['REACHABLE'] or ['STALE']. */
  readonly states: readonly string[];
  /** Flags that were present, e.g. ['router'] for an IPv6 router. */
  readonly flags: readonly string[];
  readonly router: boolean;
  readonly stats?: NeighbourStats;
}

const STAT_KEYS = [['used', 'usedSec'], ['confirmed', 'confirmedSec'], ['updated', 'updatedSec'], ['probes', 'probes'], ['refcnt', 'refCount']] as const;

function entryFrom(o: Readonly<Record<string, unknown>>): NeighbourEntry | string {
  const { dst, dev, lladdr, state } = o;
  if (typeof dst !== 'string' || dst === '') return 'entry without a dst string';
  if (typeof dev !== 'string') return 'entry without a dev string';
  if (lladdr !== undefined && typeof lladdr !== 'string') return 'lladdr is not a string';
  const states = state === undefined ? [] : state;
  if (!Array.isArray(states) || !states.every((s): s is string => typeof s === 'string')) return 'state is not an array of strings';
  const flags = FLAG_KEYS.filter((k) => k in o && o[k] !== false);
  const stats: Record<string, number> = {};
  for (const [key, prop] of STAT_KEYS) {
    const v = o[key];
    if (typeof v === 'number' && Number.isFinite(v)) stats[prop] = v;
  }
  const entry: NeighbourEntry = {
    address: dst,
    family: dst.includes(':') ? 6 : 4,
    device: dev,
    lladdr: lladdr === undefined ? null : lladdr.toLowerCase(),
    states,
    flags,
    router: flags.includes('router'),
  };
  return Object.keys(stats).length === 0 ? entry : { ...entry, stats };
}

/**
 * Parses `ip [-s] -j neigh` output. Throws `DISC_BAD_JSON` when it is not a JSON array (empty output is an empty
 * table); entries that are not objects with `dst` and `dev`, and unknown NUD states, are warnings.
 */
export function parseIpNeighJson(input: TextInput): ParseResult<NeighbourEntry[]> {
  const sink = new WarningSink();
  const doc = jsonArrayOutput(input, 'ip -j neigh');
  if (doc === null) return sink.result([]);
  const out: NeighbourEntry[] = [];
  doc.forEach((item: unknown, i) => {
    const entry = typeof item === 'object' && item !== null && !Array.isArray(item) ? entryFrom(item as Record<string, unknown>) : 'entry is not an object';
    if (typeof entry === 'string') {
      sink.warn(i + 1, entry, JSON.stringify(item));
      return;
    }
    const unknown = entry.states.filter((s) => !(NUD_STATES as readonly string[]).includes(s));
    if (unknown.length > 0) sink.warn(i + 1, `unknown NUD state ${unknown.join(',')}`);
    out.push(entry);
  });
  return sink.result(out);
}
