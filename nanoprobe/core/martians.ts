/**
 * Rate limit for HBMARTIAN reports: at most one per stranger per `intervalMs` (DESIGN §4), with a bounded memory
 * of strangers so a flood of forged ids cannot grow it (STYLE practice 14).
 */
import type { HostId } from '../../protocol/messages.ts';

/** Remembers when each stranger was last reported. */
export class MartianLimiter {
  /**
   * stranger id → time of its last report. Bounded by `maxStrangers`; kept in last-report order (re-inserted on
   * each report), so the first entry is the one reported longest ago and is the one evicted.
   */
  readonly #lastReportMs = new Map<HostId, number>();
  readonly #intervalMs: number;
  readonly #maxStrangers: number;

  constructor(intervalMs: number, maxStrangers: number) {
    this.#intervalMs = intervalMs;
    this.#maxStrangers = maxStrangers;
  }

  /** Strangers currently remembered. */
  get size(): number {
    return this.#lastReportMs.size;
  }

  /** True (and remembered) when a heartbeat from `senderId` at `nowMs` should be reported. */
  allow(senderId: HostId, nowMs: number): boolean {
    const last = this.#lastReportMs.get(senderId);
    if (last !== undefined && nowMs - last < this.#intervalMs) return false;
    this.#lastReportMs.delete(senderId);
    this.#lastReportMs.set(senderId, nowMs);
    if (this.#lastReportMs.size > this.#maxStrangers) {
      const oldest = this.#lastReportMs.keys().next();
      if (oldest.done !== true) this.#lastReportMs.delete(oldest.value);
    }
    return true;
  }

  /**
   * Treats `senderId` as just reported: used when a peer is removed, so the heartbeats it had in flight (or sends
   * until its own STOPSENDEXPECTHB arrives) are not reported as martian for one interval.
   */
  quiet(senderId: HostId, nowMs: number): void {
    this.#lastReportMs.delete(senderId);
    this.#lastReportMs.set(senderId, nowMs);
    if (this.#lastReportMs.size > this.#maxStrangers) {
      const oldest = this.#lastReportMs.keys().next();
      if (oldest.done !== true) this.#lastReportMs.delete(oldest.value);
    }
  }

  /** Forgets `senderId` (it became a peer). */
  forget(senderId: HostId): void {
    this.#lastReportMs.delete(senderId);
  }
}
