/**
 * Time seam. Core code never reads a clock: shells pass `now` in, taken from a {@link Clock}.
 * All values are monotonic milliseconds unless the name says `wall`.
 */
export interface Clock {
  /** Monotonic whole milliseconds (arbitrary origin, never goes backwards). */
  now(): number;
  /** Wall-clock milliseconds since the Unix epoch: for log lines, reports and nonce epochs only. */
  wallNow(): number;
}

/**
 * The real clock: `performance.now()` floored to whole ms for monotonic time (durations derived from it travel on
 * the wire as integers), `Date.now()` for wall time.
 */
export class SystemClock implements Clock {
  now(): number {
    return Math.floor(performance.now());
  }

  wallNow(): number {
    return Date.now();
  }
}
