/**
 * One open suspicion and its timeline (pure arithmetic, no effects). Timeline of a single-observer suspicion
 * opened at t0, with probeTimeoutMs = P, confirmWindowMs = W ≥ P and n ping attempts:
 *
 * ```
 * t0            t0+P/n   …   t0+(n−1)P/n     t0+P                        t0+W
 * |ping 1, PROBE |ping 2  …   |ping n         |no other watcher, or the   |no pong, no alive result:
 * |                                           |probe said dead: no pong → |the CMA's own check decides → dead
 * |                                           |dead                       |
 * ```
 * A second counted observer makes it dead at once; any sign of life closes it.
 */
import type { HostId } from '../../protocol/index.ts';
import type { CmaConfig } from './config.ts';

/** A host reported dead by one counted observer and being checked. */
export interface Suspicion {
  readonly target: HostId;
  readonly openedAtMs: number;
  /** Distinct observers whose HBDEAD counted (≤ the target's watchers, i.e. ≤ 4). */
  readonly observers: HostId[];
  /** The other watcher asked to PROBE the target, undefined when there was none. */
  readonly prober: HostId | undefined;
  /** The PROBE's id (0 without a prober). */
  readonly probeId: number;
  /** The prober answered: not alive. */
  probeSaidDead: boolean;
  /** CMA pings sent so far (≤ pingAttempts). */
  pingsSent: number;
}

/** When ping number `index` (0-based) is due: the attempts are spread evenly over probeTimeoutMs. */
export function pingDueMs(s: Suspicion, index: number, cfg: CmaConfig): number {
  return s.openedAtMs + Math.floor((index * cfg.probeTimeoutMs) / cfg.pingAttempts);
}

/** When every ping has had its chance. */
export function pingDeadlineMs(s: Suspicion, cfg: CmaConfig): number {
  return s.openedAtMs + cfg.probeTimeoutMs;
}

/** When the suspicion is decided at the latest: at the ping deadline if no probe answer is awaited, else at the window's end. */
export function decideAtMs(s: Suspicion, cfg: CmaConfig): number {
  return s.prober === undefined || s.probeSaidDead ? pingDeadlineMs(s, cfg) : s.openedAtMs + cfg.confirmWindowMs;
}

/** The next time this suspicion needs the clock: a ping due, or its decision. */
export function nextDueMs(s: Suspicion, cfg: CmaConfig): number {
  const decide = decideAtMs(s, cfg);
  return s.pingsSent < cfg.pingAttempts ? Math.min(pingDueMs(s, s.pingsSent, cfg), decide) : decide;
}
