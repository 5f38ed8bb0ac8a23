/**
 * The per-process nonce counter (docs/protocol-datagram.md). It starts at `startWallMs × 4096` and goes up by one
 * per sealed datagram, across all keys, so a restarted process starts above anything it sent before as long as
 * the wall clock moved forward and the process sent fewer than 4,096 datagrams per millisecond of its life
 * (4 million per second, far above any rate we send). Receivers keep a replay window per sender on it.
 *
 * Pure: the shell passes the wall time in (core code never reads the clock).
 */

import { MAX_COUNTER } from './datagram-header.ts';
import { CryptoError } from './errors.ts';

/** Counter values reserved per wall-clock millisecond of process start time. */
export const COUNTERS_PER_MS = 4096;

/** Hands out strictly increasing nonce counters, each exactly once, as JS numbers ≤ 2^53 − 1. */
export class NonceCounter {
  #next: number;

  /** @param startWallMs wall-clock ms since the Unix epoch at process start (integer ≥ 0). */
  constructor(startWallMs: number) {
    if (!Number.isSafeInteger(startWallMs) || startWallMs < 0 || startWallMs * COUNTERS_PER_MS > MAX_COUNTER) {
      throw new CryptoError('CRYPTO_NONCE_EXHAUSTED', `start wall time ${startWallMs} ms gives no valid counter range`, { startWallMs });
    }
    this.#next = startWallMs * COUNTERS_PER_MS;
  }

  /** The counter {@link take} will return next (for tests and diagnostics). */
  peek(): number {
    return this.#next;
  }

  /**
   * Returns the next counter and consumes it.
   * @throws {CryptoError} CRYPTO_NONCE_EXHAUSTED once 2^53 − 1 has been handed out (restart the process).
   */
  take(): number {
    const counter = this.#next;
    if (counter > MAX_COUNTER) {
      throw new CryptoError('CRYPTO_NONCE_EXHAUSTED', 'nonce counter passed 2^53 − 1; restart the process');
    }
    this.#next = counter + 1;
    return counter;
  }
}
