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
 * A second counted observer (at t2) makes it dead at max(t0 + holdMs, t2 + holdMs / 2) (holdMs: the heartbeat interval) with no
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
  /** Pings sent during the two-observer hold (one at once, then every HOLD_PING_DIVISOR-th of holdMs). */
  holdPings: number;
  /**
   * True while another counted watcher (of those it had at t0) exists that has not reported it (recomputed on every handle call): that
   * watcher still hears its heartbeats, or it would have reported within a heartbeat interval of the first. Such a
   * suspicion is not decided by the probe or the first round of pings; the CMA keeps pinging and waits for a
   * second observer or a sign of life, up to WAIT_CAP_WINDOWS × confirmWindowMs.
   */
  waiting: boolean;
  /** Its watchers when the suspicion opened: a watcher given to it later has not heard it and proves nothing. */
  readonly watchers: readonly HostId[];
  /** Set on a ring sweep: the local ring and the representatives whose suspicion started it. */
  readonly sweep: { readonly ringId: Placement; readonly reps: readonly HostId[] } | undefined;
}

/** How many confirmation windows a waiting suspicion may last before the CMA's pings decide it. */
export const WAIT_CAP_WINDOWS = 4;

/**
 * When ping number `index` (0-based) is due: the attempts are spread evenly over probeTimeoutMs; a waiting
 * suspicion goes on pinging at the same pace.
 */
export function pingDueMs(s: Suspicion, index: number, cfg: CmaConfig): number {
  return s.openedAtMs + Math.floor((index * cfg.probeTimeoutMs) / cfg.pingAttempts);
}

/** How many pings this suspicion sends at most. */
export function pingLimit(s: Suspicion, cfg: CmaConfig): number {
  return s.waiting ? Math.ceil((WAIT_CAP_WINDOWS * cfg.confirmWindowMs * cfg.pingAttempts) / cfg.probeTimeoutMs) : cfg.pingAttempts;
}

/** When every ping has had its chance. */
export function pingDeadlineMs(s: Suspicion, cfg: CmaConfig): number {
  return s.openedAtMs + cfg.probeTimeoutMs;
}

/** The two-observer hold pings at its start and then every holdMs / HOLD_PING_DIVISOR until it ends. */
export const HOLD_PING_DIVISOR = 5;

/** When the next hold ping is due, undefined when there is no hold. */
export function holdPingDueMs(s: Suspicion): number | undefined {
  if (s.twoObserversAtMs === undefined) return undefined;
  return s.twoObserversAtMs + s.holdPings * Math.floor(s.holdMs / HOLD_PING_DIVISOR);
}

/** When the suspicion is decided at the latest: at the ping deadline if no probe answer is awaited, else at the window's end. */
export function decideAtMs(s: Suspicion, cfg: CmaConfig): number {
  if (s.waiting) return s.openedAtMs + WAIT_CAP_WINDOWS * cfg.confirmWindowMs;
  if (s.twoObserversAtMs !== undefined) return Math.max(s.openedAtMs + s.holdMs, s.twoObserversAtMs + Math.floor(s.holdMs / 2));
  return s.prober === undefined || s.probeSaidDead || s.sweep !== undefined ? pingDeadlineMs(s, cfg) : s.openedAtMs + cfg.confirmWindowMs;
}

/** The next time this suspicion needs the clock: a ping due, or its decision. */
export function nextDueMs(s: Suspicion, cfg: CmaConfig): number {
  const decide = decideAtMs(s, cfg);
  const hold = holdPingDueMs(s);
  if (hold !== undefined && hold < decide) return hold;
  return s.pingsSent < pingLimit(s, cfg) ? Math.min(pingDueMs(s, s.pingsSent, cfg), decide) : decide;
}
