/**
 * Sliding replay window over one sender's nonce counters (RFC 6479 style, DESIGN §3). It remembers the highest
 * counter authenticated so far and which of the 128 counters ending there were seen, in a ring bitmap indexed by
 * `counter mod 128`. A counter is fresh if it is above the highest, or inside the window and not yet seen.
 *
 * Use: `check` before opening (cheap rejection), open, then `commit` — only after authentication succeeded, so
 * forged datagrams cannot move the window. Memory is fixed (4 × 32-bit words) per sender; bounding the number of
 * senders is the owner's job.
 */

import { DecodeError } from './errors.ts';

/** Counters the window tracks below and including the highest seen (≥ 64 required by DESIGN §3). */
export const REPLAY_WINDOW_SIZE = 128;

const WORD_BITS = 32;
const WORDS = REPLAY_WINDOW_SIZE / WORD_BITS;

/** Replay state of one sender. Counters are integers in [0, 2^53 − 1] (as `parseHeader` returns them). */
export class ReplayWindow {
  /** Highest committed counter, −1 before the first. */
  #highest = -1;
  /** Bit `c mod 128` is set iff counter c in (highest − 128, highest] was committed. */
  readonly #bits = new Uint32Array(WORDS);

  /** Highest committed counter, or −1 if none yet. */
  get highest(): number {
    return this.#highest;
  }

  /** Whether `counter` would be accepted: above the highest, or within the window and not yet committed. */
  check(counter: number): boolean {
    if (counter > this.#highest) return true;
    if (this.#highest - counter >= REPLAY_WINDOW_SIZE) return false;
    return !this.#isSet(counter);
  }

  /** Like {@link check} but throws. @throws {DecodeError} PROTO_REPLAY for a seen or too old counter. */
  assertFresh(counter: number): void {
    if (!this.check(counter)) {
      const tooOld = this.#highest - counter >= REPLAY_WINDOW_SIZE;
      throw new DecodeError('PROTO_REPLAY', tooOld ? 'nonce counter older than the replay window' : 'nonce counter already seen', {
        counter,
        highest: this.#highest,
      });
    }
  }

  /**
   * Records an authenticated counter. Returns false (and changes nothing) if it was not fresh, so a caller that
   * skipped {@link check} can still drop the duplicate.
   */
  commit(counter: number): boolean {
    if (!this.check(counter)) return false;
    if (counter > this.#highest) {
      const advance = counter - this.#highest;
      if (advance >= REPLAY_WINDOW_SIZE) {
        this.#bits.fill(0);
      } else {
        for (let c = this.#highest + 1; c < counter; c++) this.#clear(c);
      }
      this.#highest = counter;
    }
    this.#set(counter);
    return true;
  }

  #isSet(counter: number): boolean {
    const bit = counter % REPLAY_WINDOW_SIZE;
    return (((this.#bits[bit >>> 5] ?? 0) >>> (bit & 31)) & 1) === 1;
  }

  #set(counter: number): void {
    const bit = counter % REPLAY_WINDOW_SIZE;
    this.#bits[bit >>> 5] = (this.#bits[bit >>> 5] ?? 0) | (1 << (bit & 31));
  }

  #clear(counter: number): void {
    const bit = counter % REPLAY_WINDOW_SIZE;
    this.#bits[bit >>> 5] = (this.#bits[bit >>> 5] ?? 0) & ~(1 << (bit & 31));
  }
}
