/**
 * Per-ring heartbeat timing overrides (DESIGN §4, docs/rings.md "Timing"): the operator names a ring (a placement
 * key such as `subnet:198.18.1.0/24` or `switch:<chassisId>`, or `top`) and a preset or explicit timing. The CMA
 * keeps them in its config; the RingSet carries them, and every SENDEXPECTHB of an edge in that ring carries the
 * ring's timing to both nanoprobes (ring-effects.ts).
 */
import type { Timing } from '../../protocol/index.ts';
import { isRingId, type RingId, type RingSet } from '../ring/index.ts';
import { CmaError } from './errors.ts';

/** One ring's timing override. */
export interface RingTimingOverride {
  readonly ringId: RingId;
  readonly timing: Timing;
}

/** `lan` heartbeat timing (DESIGN §4): interval 1 s, late 2 s, dead 3 s. */
export const LAN_TIMING: Timing = Object.freeze({ intervalMs: 1_000, lateMs: 2_000, deadMs: 3_000 });
/** `wan` heartbeat timing (DESIGN §4, the original project's defaults): 3 s / 10 s / 30 s. */
export const WAN_TIMING: Timing = Object.freeze({ intervalMs: 3_000, lateMs: 10_000, deadMs: 30_000 });

/** The named timing presets. */
export const TIMING_PRESETS: Readonly<Record<'lan' | 'wan', Timing>> = Object.freeze({ lan: LAN_TIMING, wan: WAN_TIMING });

const U32_MAX = 0xffff_ffff;

/** Why `timing` is unusable (u32 ms with 0 < interval < late < dead), or undefined. */
export function timingProblem(t: Timing): string | undefined {
  const ok = [t.intervalMs, t.lateMs, t.deadMs].every((ms) => Number.isSafeInteger(ms) && ms >= 1 && ms <= U32_MAX);
  return ok && t.intervalMs < t.lateMs && t.lateMs < t.deadMs ? undefined : 'must be u32 ms with 0 < interval < late < dead';
}

/** A duration of a timing spec: integer milliseconds, optionally suffixed `ms`, or `s` for seconds. */
function durationMs(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  if (m === null) return undefined;
  const ms = m[2] === 's' ? Number(m[1]) * 1000 : Number(m[1]);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Parses a timing spec: a preset name (`lan`, `wan`) or `INTERVAL/LATE/DEAD` (e.g. `2000/5000/8000`, `2s/5s/8s`). */
export function parseTiming(spec: string): Timing {
  const preset = TIMING_PRESETS[spec.trim() as 'lan' | 'wan'] as Timing | undefined;
  if (preset !== undefined) return preset;
  const parts = spec.split('/').map(durationMs);
  const [intervalMs, lateMs, deadMs] = parts;
  if (parts.length !== 3 || intervalMs === undefined || lateMs === undefined || deadMs === undefined) {
    throw new CmaError('CMA_BAD_CONFIG', `timing ${JSON.stringify(spec)}: want lan, wan or INTERVAL/LATE/DEAD (ms, or with an s suffix)`, { field: 'ringTimings', value: spec });
  }
  const timing = { intervalMs, lateMs, deadMs };
  const problem = timingProblem(timing);
  if (problem !== undefined) throw new CmaError('CMA_BAD_CONFIG', `timing ${JSON.stringify(spec)} ${problem}`, { field: 'ringTimings', value: spec });
  return timing;
}

/** Parses `RING=TIMING` (the `cma run --ring-timing` value), e.g. `subnet:198.18.1.0/24=wan`. Throws CMA_BAD_CONFIG. */
export function parseRingTiming(text: string): RingTimingOverride {
  const eq = text.lastIndexOf('=');
  const ringId = eq < 0 ? '' : text.slice(0, eq).trim();
  if (!isRingId(ringId)) {
    throw new CmaError('CMA_BAD_CONFIG', `ring timing ${JSON.stringify(text)}: want RING=TIMING with RING a placement key (subnet:<cidr>, switch:<chassisId>) or top`, { field: 'ringTimings', value: text });
  }
  return { ringId, timing: parseTiming(text.slice(eq + 1)) };
}

/** Checks a list of overrides (valid ring ids and timings, each ring once) and returns a frozen copy. */
export function resolveRingTimings(overrides: readonly RingTimingOverride[]): readonly RingTimingOverride[] {
  const seen = new Set<string>();
  const out: RingTimingOverride[] = [];
  for (const o of overrides) {
    if (!isRingId(o.ringId)) throw new CmaError('CMA_BAD_CONFIG', `ringTimings: not a ring id: ${JSON.stringify(o.ringId)}`, { field: 'ringTimings', value: o.ringId });
    if (seen.has(o.ringId)) throw new CmaError('CMA_BAD_CONFIG', `ringTimings: ${o.ringId} given twice`, { field: 'ringTimings', value: o.ringId });
    const problem = timingProblem(o.timing);
    if (problem !== undefined) throw new CmaError('CMA_BAD_CONFIG', `ringTimings: ${o.ringId} timing ${problem}, got ${JSON.stringify(o.timing)}`, { field: 'ringTimings', value: o.timing });
    seen.add(o.ringId);
    const { intervalMs, lateMs, deadMs } = o.timing;
    out.push(Object.freeze({ ringId: o.ringId, timing: Object.freeze({ intervalMs, lateMs, deadMs }) }));
  }
  return Object.freeze(out);
}

/** Installs the overrides in a RingSet (at construction and after a restore rebuilt the rings). */
export function installRingTimings(rings: RingSet, overrides: readonly RingTimingOverride[]): void {
  for (const o of overrides) rings.setRingTiming(o.ringId, o.timing);
}
