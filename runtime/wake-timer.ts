/**
 * The one timer a shell keeps for its pure core's `wakeAt` (STYLE practice 11): `set(atMs)` arms it for that
 * monotonic time (re-arming only when the time changes), `clear()` disarms it. The callback runs once per arming.
 */
import type { Clock } from './clock.ts';

export class WakeTimer {
  readonly #clock: Clock;
  readonly #onWake: () => void;
  #timer: NodeJS.Timeout | undefined;
  #atMs: number | undefined;

  constructor(clock: Clock, onWake: () => void) {
    this.#clock = clock;
    this.#onWake = onWake;
  }

  /** The armed time, or undefined. */
  get atMs(): number | undefined {
    return this.#atMs;
  }

  /** Arms for `atMs` (undefined: disarm). A time in the past fires on the next turn of the event loop. */
  set(atMs: number | undefined): void {
    if (atMs === this.#atMs) return;
    this.clear();
    if (atMs === undefined) return;
    this.#atMs = atMs;
    const delayMs = Math.max(0, Math.ceil(atMs - this.#clock.now()));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#atMs = undefined;
      this.#onWake();
    }, delayMs);
  }

  /** Arms for the earliest of several wake-up times (a core's and its link's); undefined ones are ignored. */
  setEarliest(...times: readonly (number | undefined)[]): void {
    let earliest: number | undefined;
    for (const t of times) if (t !== undefined && (earliest === undefined || t < earliest)) earliest = t;
    this.set(earliest);
  }

  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#atMs = undefined;
  }
}
