/**
 * Host facts (DESIGN §3 "Facts", docs/discovery.md "Facts drop-ins"): the operator properties a host may give
 * itself from /etc/ringwatch/facts.d, sent as the discovery kind `facts` and set on its Host node. Only these
 * keys, only scalar values: a drop-in can never overwrite a property the CMA owns (hostId, status, …).
 * Shared by the nanoprobe (what it sends) and the CMA (what it accepts; the wire is never trusted).
 */

/** The Host properties facts may set (docs/graph-model.md). Append-only in spirit: stored graphs use them. */
export const HOST_FACT_KEYS = ['owner', 'contact', 'role', 'environment', 'site', 'datacenter', 'rack', 'zone', 'team', 'description'] as const;
export type HostFactKey = (typeof HOST_FACT_KEYS)[number];

/** A fact's value: a string of 1..MAX_FACT_VALUE_CHARS characters, a finite number or a boolean. */
export type HostFactValue = string | number | boolean;

/** Longest string value accepted. */
export const MAX_FACT_VALUE_CHARS = 256;

const KEYS: ReadonlySet<string> = new Set(HOST_FACT_KEYS);

export function isHostFactKey(key: string): key is HostFactKey {
  return KEYS.has(key);
}

/** Why `value` is no valid fact value, or undefined when it is one. */
export function factValueProblem(value: unknown): string | undefined {
  if (typeof value === 'string') {
    if (value.trim() === '') return 'empty string';
    return value.length > MAX_FACT_VALUE_CHARS ? `longer than ${MAX_FACT_VALUE_CHARS} characters` : undefined;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'not a finite number';
  if (typeof value === 'boolean') return undefined;
  return `not a string, number or boolean (${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})`;
}

/** The valid facts of a `facts` payload (anything else in it is ignored), keys in HOST_FACT_KEYS order. */
export function hostFactsOf(payload: unknown): Partial<Record<HostFactKey, HostFactValue>> {
  const out: Partial<Record<HostFactKey, HostFactValue>> = {};
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return out;
  const p = payload as Record<string, unknown>;
  for (const key of HOST_FACT_KEYS) {
    const v = p[key];
    if (Object.hasOwn(p, key) && factValueProblem(v) === undefined) out[key] = v as HostFactValue;
  }
  return out;
}
