/**
 * Pure deadline arithmetic of the failure detector (STYLE practice 11: kept apart from the state machine and
 * tested on its own). No state, no clock: every time is a parameter, in ms on the monotonic clock.
 */
import type { Timing } from '../../protocol/messages.ts';

/** The alarms a watched peer can raise, in the order they fire. */
export type PeerAlarm = 'late' | 'dead';

/** Which alarms have already been reported in the current silence episode. */
export interface AlarmsReported {
  readonly late: boolean;
  readonly dead: boolean;
}

/**
 * The instant from which a peer's silence counts: the later of its last heartbeat and the last time the core
 * granted everyone a fresh grace period (after a stall of the core itself, DESIGN §4).
 */
export function silenceOriginMs(lastHeardMs: number, graceFromMs: number): number {
  return Math.max(lastHeardMs, graceFromMs);
}

/**
 * The next alarm still to fire and when, or `undefined` when both were reported. `late` fires at
 * `origin + lateMs`, `dead` at `origin + deadMs`.
 */
export function nextAlarm(originMs: number, timing: Timing, reported: AlarmsReported): { alarm: PeerAlarm; atMs: number } | undefined {
  if (!reported.late) return { alarm: 'late', atMs: originMs + timing.lateMs };
  if (!reported.dead) return { alarm: 'dead', atMs: originMs + timing.deadMs };
  return undefined;
}

/**
 * The alarm due at `nowMs`, if any. When both thresholds were crossed since the last check (the core was driven
 * late), only `dead` is due: death supersedes lateness and the CMA gets one report, not two.
 */
export function dueAlarm(originMs: number, timing: Timing, reported: AlarmsReported, nowMs: number): PeerAlarm | undefined {
  const silentMs = nowMs - originMs;
  if (!reported.dead && silentMs >= timing.deadMs) return 'dead';
  if (!reported.late && silentMs >= timing.lateMs) return 'late';
  return undefined;
}

/**
 * How long the core may go without being run before the silence it slept through stops meaning anything about
 * its peers: `max(2 × intervalMs, lateMs)`. A healthy shell runs the core at least every `intervalMs` (the next
 * heartbeat is always due within one interval), so a longer gap means the process was stopped or starved.
 */
export function stallThresholdMs(timing: Timing): number {
  return Math.max(2 * timing.intervalMs, timing.lateMs);
}

/** True when a gap of `gapMs` between two runs of the core is a stall under `timing`. */
export function isStall(gapMs: number, timing: Timing): boolean {
  return gapMs > stallThresholdMs(timing);
}

/**
 * When the heartbeat after one sent at `sentAtMs` is due. Rescheduling from the actual send time (not from the
 * missed slot) means a core that wakes far past a send time sends ONE heartbeat, never a burst, and consecutive
 * heartbeats to a peer are always at least `intervalMs` apart.
 */
export function nextSendMs(sentAtMs: number, intervalMs: number): number {
  return sentAtMs + intervalMs;
}
