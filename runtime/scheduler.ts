import type { Clock } from './clock.ts';

/** Cancels a scheduled callback; calling it twice, or after the callback ran, does nothing. */
export type Cancel = () => void;

/**
 * Timer seam. Shells keep one timer each (the core's `wakeAt`); the simulator and unit tests drive a
 * `ManualScheduler` in virtual time. Callbacks run in (time, insertion order), so ties are deterministic.
 */
export interface Scheduler {
  readonly clock: Clock;
  /** Runs `fn` once the clock reaches `atMs` (monotonic ms); a time in the past means "as soon as possible". */
  at(atMs: number, fn: () => void): Cancel;
}
