import { SystemClock, type Clock } from './clock.ts';
import type { Cancel, Scheduler } from './scheduler.ts';

/** The real-time Scheduler: one setTimeout per callback (fine for shells; the simulator uses ManualScheduler). */
export class TimerScheduler implements Scheduler {
  readonly clock: Clock;
  /** Pending timers, so `stop()` can cancel them all; bounded by what callers schedule. */
  readonly #pending = new Set<NodeJS.Timeout>();

  constructor(clock: Clock = new SystemClock()) {
    this.clock = clock;
  }

  at(atMs: number, fn: () => void): Cancel {
    const timer = setTimeout(
      () => {
        this.#pending.delete(timer);
        fn();
      },
      Math.max(0, Math.ceil(atMs - this.clock.now())),
    );
    this.#pending.add(timer);
    return () => {
      clearTimeout(timer);
      this.#pending.delete(timer);
    };
  }

  /** Number of callbacks not yet run or cancelled. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Cancels every pending callback. */
  stop(): void {
    for (const timer of this.#pending) clearTimeout(timer);
    this.#pending.clear();
  }
}
