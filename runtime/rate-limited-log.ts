/**
 * "Log at most N lines per key per window, then one summary": for malformed datagrams, handler failures and
 * other things an attacker or a broken peer can repeat at line rate (STYLE practice 9). Time is passed in.
 * Bounded: at most `maxKeys` keys are tracked; beyond that, new keys share one overflow bucket.
 */
export class RateLimitedLog {
  readonly #perWindow: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  /** key → {windowStartMs, count}; bounded by maxKeys (+ the overflow key). */
  readonly #buckets = new Map<string, { windowStartMs: number; count: number }>();

  constructor(perWindow = 10, windowMs = 60_000, maxKeys = 1_024) {
    this.#perWindow = perWindow;
    this.#windowMs = windowMs;
    this.#maxKeys = maxKeys;
  }

  /**
   * Whether to log this occurrence now. When a window closes that had suppressed occurrences, `suppressed` says
   * how many, so the caller can log one summary line with its next line.
   */
  allow(key: string, nowMs: number): { log: boolean; suppressed: number } {
    const k = this.#buckets.has(key) || this.#buckets.size < this.#maxKeys ? key : '(overflow)';
    const bucket = this.#buckets.get(k);
    if (bucket === undefined || nowMs - bucket.windowStartMs >= this.#windowMs) {
      const suppressed = bucket === undefined ? 0 : Math.max(0, bucket.count - this.#perWindow);
      this.#buckets.set(k, { windowStartMs: nowMs, count: 1 });
      return { log: true, suppressed };
    }
    bucket.count++;
    return { log: bucket.count <= this.#perWindow, suppressed: 0 };
  }
}
