import { EventHeap } from './event-heap.ts';
import { ManualClock } from './manual-clock.ts';
import type { Cancel, Scheduler } from './scheduler.ts';

/** Default bound on callbacks one `runUntil` may run before it concludes the run is a runaway loop. */
export const DEFAULT_MAX_EVENTS_PER_RUN = 10_000_000;

/** Thrown by `runUntil` when more than `maxEvents` callbacks were due (a callback keeps rescheduling itself). */
export class SchedulerRunawayError extends Error {
  override readonly name = 'SchedulerRunawayError';
  readonly code = 'SIM_SCHEDULER_RUNAWAY';
  /** Virtual time (ms) at which the run was stopped. */
  readonly atMs: number;

  constructor(maxEvents: number, atMs: number) {
    super(`SIM_SCHEDULER_RUNAWAY: more than ${maxEvents} events due before the target time (stopped at ${atMs} ms)`);
    this.atMs = atMs;
  }
}

/** Options of a {@link ManualScheduler}. */
export interface ManualSchedulerInit {
  /** The clock to drive; default a new `ManualClock(0)`. */
  readonly clock?: ManualClock;
  /** Most callbacks one `runUntil`/`runFor` call may run (default {@link DEFAULT_MAX_EVENTS_PER_RUN}). */
  readonly maxEvents?: number;
}

interface Task {
  readonly fn: () => void;
  /** Cancelled, or already run: either way it must not run (again). */
  settled: boolean;
}

/**
 * A `Scheduler` in virtual time for unit tests and the simulator. Nothing happens until the owner calls
 * `runNext`, `runUntil` or `runFor`; callbacks then run in (time, insertion order), and the clock jumps to each
 * callback's time before it runs. A time in the past means "now". Callbacks may schedule or cancel others.
 * An exception thrown by a callback propagates out of the `run*` call; the queue stays consistent.
 */
export class ManualScheduler implements Scheduler {
  readonly clock: ManualClock;
  /** Bounded by what callers schedule; cancelled tasks stay until they surface (lazy deletion). */
  readonly #heap = new EventHeap<Task>();
  readonly #maxEvents: number;
  #live = 0;

  constructor(init: ManualSchedulerInit = {}) {
    this.clock = init.clock ?? new ManualClock(0);
    const maxEvents = init.maxEvents ?? DEFAULT_MAX_EVENTS_PER_RUN;
    if (!Number.isInteger(maxEvents) || maxEvents < 1) {
      throw new RangeError(`ManualScheduler: maxEvents must be a positive integer, got ${maxEvents}`);
    }
    this.#maxEvents = maxEvents;
  }

  at(atMs: number, fn: () => void): Cancel {
    if (!Number.isFinite(atMs)) throw new RangeError(`ManualScheduler.at: atMs must be finite, got ${atMs}`);
    const task: Task = { fn, settled: false };
    this.#heap.push(Math.max(atMs, this.clock.now()), task);
    this.#live++;
    return () => {
      if (task.settled) return;
      task.settled = true;
      this.#live--;
    };
  }

  /** Callbacks scheduled and neither run nor cancelled. */
  get pending(): number {
    return this.#live;
  }

  /** Time of the next live callback, if any. */
  nextAtMs(): number | undefined {
    return this.#peekLive()?.atMs;
  }

  /** Runs the next live callback (moving the clock to its time); false when none is scheduled. */
  runNext(): boolean {
    this.#peekLive();
    const entry = this.#heap.pop();
    if (entry === undefined) return false;
    this.#run(entry.atMs, entry.value);
    return true;
  }

  /**
   * Runs every callback due at or before `timeMs` in order, including ones scheduled meanwhile, then sets the
   * clock to `timeMs`. Returns how many ran. Throws `SchedulerRunawayError` past `maxEvents`.
   */
  runUntil(timeMs: number): number {
    const nowMs = this.clock.now();
    if (!(timeMs >= nowMs)) throw new RangeError(`ManualScheduler.runUntil: ${timeMs} is before now (${nowMs})`);
    let ran = 0;
    for (;;) {
      const next = this.#peekLive();
      if (next === undefined || next.atMs > timeMs) break;
      if (ran >= this.#maxEvents) throw new SchedulerRunawayError(this.#maxEvents, this.clock.now());
      this.#heap.pop();
      this.#run(next.atMs, next.value);
      ran++;
    }
    this.clock.set(timeMs);
    return ran;
  }

  /** `runUntil(now + ms)`. */
  runFor(ms: number): number {
    if (!(ms >= 0)) throw new RangeError(`ManualScheduler.runFor: ms must be >= 0, got ${ms}`);
    return this.runUntil(this.clock.now() + ms);
  }

  /** Drops cancelled entries off the top and returns the first live one (still queued). */
  #peekLive(): { readonly atMs: number; readonly value: Task } | undefined {
    for (;;) {
      const top = this.#heap.peek();
      if (top === undefined || !top.value.settled) return top;
      this.#heap.pop();
    }
  }

  #run(atMs: number, task: Task): void {
    task.settled = true;
    this.#live--;
    if (atMs > this.clock.now()) this.clock.set(atMs);
    task.fn();
  }
}
