import type { Clock } from './clock.ts';

/**
 * A clock moved by hand, for unit tests and the simulator's virtual time.
 * `wallNow()` is `wallOriginMs + now()`.
 */
export class ManualClock implements Clock {
  #nowMs: number;
  readonly #wallOriginMs: number;

  constructor(startMs = 0, wallOriginMs = 1_767_225_600_000) {
    this.#nowMs = startMs;
    this.#wallOriginMs = wallOriginMs;
  }

  now(): number {
    return this.#nowMs;
  }

  wallNow(): number {
    return this.#wallOriginMs + this.#nowMs;
  }

  /** Moves time forward by `ms` (≥ 0). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance: ms must be >= 0, got ${ms}`);
    this.#nowMs += ms;
  }

  /** Sets the time; it may not go backwards. */
  set(ms: number): void {
    if (ms < this.#nowMs) throw new RangeError(`ManualClock.set: time may not go backwards (${ms} < ${this.#nowMs})`);
    this.#nowMs = ms;
  }
}
