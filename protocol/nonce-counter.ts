/**
 * The per-process nonce counter (docs/protocol-datagram.md). It starts at `(startWallMs − NONCE_EPOCH_MS) × 4096`
 * and goes up by one per sealed datagram, across all keys, so a restarted process starts above anything it sent
 * before as long as the wall clock moved forward and the process sent fewer than 4,096 datagrams per millisecond
 * of its life (4 million per second, far above any rate we send). Receivers keep a replay window per sender on it.
 *
 * Why an epoch: counters are JS numbers (< 2^53), and 2^53 / 4096 ms is only 69.7 years. Counted from the Unix
 * epoch that would run out in September 2039; counted from 2025-01-01 it lasts until September 2094.
 *
 * Pure: the shell passes the wall time in (core code never reads the clock).
 */

import { MAX_COUNTER } from './datagram-header.ts';
import { CryptoError } from './errors.ts';

/** Counter values reserved per wall-clock millisecond of process start time. */
export const COUNTERS_PER_MS = 4096;
/** Origin of the counter's time scale: 2025-01-01T00:00:00Z in ms since the Unix epoch. Never change it. */
export const NONCE_EPOCH_MS = 1_735_689_600_000;
/** Last start time that still leaves counters (2094-09-07). */
export const LAST_START_WALL_MS = NONCE_EPOCH_MS + Math.floor(MAX_COUNTER / COUNTERS_PER_MS);

/** Hands out strictly increasing nonce counters, each exactly once, as JS numbers ≤ 2^53 − 1. */
export class NonceCounter {
  #next: number;

  /**
   * @param startWallMs wall-clock ms since the Unix epoch at process start, an integer in
   * [NONCE_EPOCH_MS, LAST_START_WALL_MS]. A clock before 2025 means the host clock is wrong: counters could then
   * repeat those of an earlier run, so this throws instead (the shell should wait for NTP).
   * @throws {CryptoError} CRYPTO_NONCE_EXHAUSTED for a start time outside that range.
   */
  constructor(startWallMs: number) {
    if (!Number.isSafeInteger(startWallMs) || startWallMs < NONCE_EPOCH_MS || startWallMs > LAST_START_WALL_MS) {
      throw new CryptoError('CRYPTO_NONCE_EXHAUSTED', `start wall time ${startWallMs} ms is outside the nonce counter's range (2025-01-01 to 2094-09-07); is the clock set?`, {
        startWallMs,
      });
    }
    this.#next = (startWallMs - NONCE_EPOCH_MS) * COUNTERS_PER_MS;
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
