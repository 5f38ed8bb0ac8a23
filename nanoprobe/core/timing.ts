/**
 * Heartbeat timing presets and checks (DESIGN §4). All values in milliseconds; the invariant is
 * `0 < intervalMs < lateMs < deadMs`.
 */
import type { Timing } from '../../protocol/messages.ts';

/**
 * memberlist-style presets (the original Assimilation defaults): `lan` for hosts on one switch, `wan` for lossy or
 * long paths. The CMA may override per ring.
 */
export const TIMING_PRESETS = Object.freeze({
  lan: Object.freeze({ intervalMs: 1_000, lateMs: 2_000, deadMs: 3_000 }),
  wan: Object.freeze({ intervalMs: 3_000, lateMs: 10_000, deadMs: 30_000 }),
} satisfies Record<string, Timing>);

/** Name of a timing preset. */
export type TimingPresetName = keyof typeof TIMING_PRESETS;

/** Largest accepted `deadMs` (1 hour): anything longer is a misconfiguration, not a failure detector. */
export const MAX_DEAD_MS = 3_600_000;

/** Why `timing` is invalid, or `undefined` when it satisfies `0 < interval < late < dead ≤ MAX_DEAD_MS` (integers). */
export function timingProblem(timing: Timing): string | undefined {
  const { intervalMs, lateMs, deadMs } = timing;
  for (const [name, v] of [['intervalMs', intervalMs], ['lateMs', lateMs], ['deadMs', deadMs]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) return `${name} must be a positive integer, got ${v}`;
  }
  if (!(intervalMs < lateMs && lateMs < deadMs)) return `need intervalMs < lateMs < deadMs, got ${intervalMs}/${lateMs}/${deadMs}`;
  if (deadMs > MAX_DEAD_MS) return `deadMs must be <= ${MAX_DEAD_MS}, got ${deadMs}`;
  return undefined;
}

/**
 * The timing one heartbeat stream must satisfy when a peer sits in several rings: the element-wise minimum.
 * It keeps the invariant (min interval < min late < min dead) and meets the strictest ring's expectations.
 * `timings` must be non-empty.
 */
export function strictestTiming(timings: Iterable<Timing>): Timing {
  let intervalMs = Infinity;
  let lateMs = Infinity;
  let deadMs = Infinity;
  for (const t of timings) {
    intervalMs = Math.min(intervalMs, t.intervalMs);
    lateMs = Math.min(lateMs, t.lateMs);
    deadMs = Math.min(deadMs, t.deadMs);
  }
  return { intervalMs, lateMs, deadMs };
}

/** True when two timings are equal field by field. */
export function sameTiming(a: Timing, b: Timing): boolean {
  return a.intervalMs === b.intervalMs && a.lateMs === b.lateMs && a.deadMs === b.deadMs;
}
