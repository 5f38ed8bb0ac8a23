/**
 * `--discovery KIND=INTERVAL[/TIMEOUT],…` of `nanoprobe run` (a local base plan the CMA's SETCONFIG and DODISCOVER
 * override per kind) and `cma run` (the plan SETCONFIG carries). Durations are `500ms`, `30s`, `5m`, `1h` or plain milliseconds; the timeout
 * defaults to a quarter of the interval, at most 60 s. Pure, so it is unit-tested without commander.
 */
import { CliError } from './cli-error.ts';

/** One kind of a plan (structurally protocol's DiscoveryPlanItem; runtime imports no other area). */
export interface PlanItem {
  readonly kind: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses `1500`, `500ms`, `30s`, `5m`, `1h` into milliseconds; undefined when it is none of those. */
export function parseDurationMs(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (m === null) return undefined;
  const ms = Math.round(Number(m[1]) * (UNITS[m[2] ?? 'ms'] ?? 1));
  return Number.isSafeInteger(ms) && ms > 0 ? ms : undefined;
}

/** Default timeout for an interval: a quarter of it, capped at 60 s. */
export function defaultTimeoutMs(intervalMs: number): number {
  return Math.max(1, Math.min(60_000, Math.floor(intervalMs / 4)));
}

/** Parses the --discovery value; throws CliError('CLI_USAGE') on a bad item. */
export function parseDiscoveryPlan(text: string): PlanItem[] {
  const items: PlanItem[] = [];
  for (const part of text.split(/[\s,]+/).filter((p) => p !== '')) {
    const m = /^([a-z][a-z0-9-]*)=([^/]+)(?:\/(.+))?$/.exec(part);
    const intervalMs = m?.[2] === undefined ? undefined : parseDurationMs(m[2]);
    const timeoutMs = m?.[3] === undefined ? (intervalMs === undefined ? undefined : defaultTimeoutMs(intervalMs)) : parseDurationMs(m[3]);
    if (m?.[1] === undefined || intervalMs === undefined || timeoutMs === undefined) throw new CliError('CLI_USAGE', `--discovery: "${part}" is not KIND=INTERVAL[/TIMEOUT] (e.g. netstat=60s/10s)`);
    if (timeoutMs > intervalMs) throw new CliError('CLI_USAGE', `--discovery: ${m[1]}: timeout ${timeoutMs} ms is longer than the interval ${intervalMs} ms`);
    items.push({ kind: m[1], intervalMs, timeoutMs });
  }
  return items;
}
