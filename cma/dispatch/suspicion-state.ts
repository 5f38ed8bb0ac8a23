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
 * A second counted observer makes it dead once `holdMs` (the ring's heartbeat interval) has passed since t0 with no
 * sign of life: the suspect's next heartbeat at either observer (HBBACKALIVE) or a pong refutes it. Under datagram
 * loss two lost heartbeats in a row already make an HBDEAD, so two observers alone are not proof.
 *
 * A ring sweep (`sweep` set) is opened by the CMA itself for every other member of a local ring whose
 * representatives are all suspected: it pings them, and at t0+P either some member of the ring answered (the
 * sweep is dropped) or none did, and the whole ring is declared dead at once (one ring-unreachable event).
 * Any sign of life closes it.
 */
import type { HostId } from '../../protocol/index.ts';
import type { Placement } from '../ring/index.ts';
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
  /** How long two observers' reports are held for a sign of life: the ring's heartbeat interval, ms. */
  readonly holdMs: number;
  /** When a second counted observer reported, undefined before. */
  twoObserversAtMs: number | undefined;
  /** Set on a ring sweep: the local ring and the representatives whose suspicion started it. */
  readonly sweep: { readonly ringId: Placement; readonly reps: readonly HostId[] } | undefined;
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
  const single = s.prober === undefined || s.probeSaidDead || s.sweep !== undefined ? pingDeadlineMs(s, cfg) : s.openedAtMs + cfg.confirmWindowMs;
  if (s.twoObserversAtMs === undefined) return single;
  return Math.min(single, Math.max(s.openedAtMs + s.holdMs, s.twoObserversAtMs));
}

/** The next time this suspicion needs the clock: a ping due, or its decision. */
export function nextDueMs(s: Suspicion, cfg: CmaConfig): number {
  const decide = decideAtMs(s, cfg);
  return s.pingsSent < cfg.pingAttempts ? Math.min(pingDueMs(s, s.pingsSent, cfg), decide) : decide;
}
