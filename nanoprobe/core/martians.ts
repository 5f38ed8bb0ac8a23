/**
 * HBMARTIAN reports (DESIGN §4): at most one per stranger per `intervalMs`, each HELD for `graceMs` before it is
 * sent, and dropped when the stranger becomes a peer meanwhile. The hold makes a forming ring edge quiet: the CMA
 * sends SENDEXPECTHB to both ends at once, and the end whose command lands second (a slower or retransmitted
 * channel segment) may hear the other's first heartbeat before it knows that peer. Memory of strangers and held
 * reports is bounded by `maxStrangers` each, so a flood of forged ids cannot grow it (STYLE practice 14).
 */
import type { HostId, WireAddress } from '../../protocol/messages.ts';

/** A martian report waiting out its grace period. */
export interface HeldMartian {
  readonly peerId: HostId;
  readonly address: WireAddress;
  readonly ringId: string;
  /** When it is sent unless the stranger became a peer first. */
  readonly dueMs: number;
}

/** Remembers when each stranger was last reported, and the reports still held. */
export class MartianLimiter {
  /**
   * stranger id → time of its last report. Bounded by `maxStrangers`; kept in last-report order (re-inserted on
   * each report), so the first entry is the one reported longest ago and is the one evicted.
   */
  readonly #lastReportMs = new Map<HostId, number>();
  /**
   * stranger id → its held report, in hold order, which is due order (one grace period for all), so the first
   * entry is the earliest due. Bounded by `maxStrangers`: beyond it the oldest hold is sent at once (`due`).
   */
  readonly #held = new Map<HostId, HeldMartian>();
  readonly #intervalMs: number;
  readonly #maxStrangers: number;
  readonly #graceMs: number;

  constructor(intervalMs: number, maxStrangers: number, graceMs = 0) {
    this.#intervalMs = intervalMs;
    this.#maxStrangers = maxStrangers;
    this.#graceMs = graceMs;
  }

  /** Strangers currently remembered. */
  get size(): number {
    return this.#lastReportMs.size;
  }

  /** Reports currently held. */
  get heldCount(): number {
    return this.#held.size;
  }

  /** True (and remembered) when a heartbeat from `senderId` at `nowMs` should be reported. */
  allow(senderId: HostId, nowMs: number): boolean {
    const last = this.#lastReportMs.get(senderId);
    if (last !== undefined && nowMs - last < this.#intervalMs) return false;
    this.quiet(senderId, nowMs);
    return true;
  }

  /**
   * Holds the report of an allowed stranger for the grace period. Returns it when it is due at once (no grace),
   * else undefined (it comes out of `due` later, unless `forget` drops it).
   */
  hold(peerId: HostId, address: WireAddress, ringId: string, nowMs: number): HeldMartian | undefined {
    const report = { peerId, address: { host: address.host, port: address.port }, ringId, dueMs: nowMs + this.#graceMs };
    if (this.#graceMs === 0) return report;
    this.#held.delete(peerId);
    this.#held.set(peerId, report);
    return undefined;
  }

  /** Removes and returns the held reports due at `nowMs` (and the oldest beyond the bound), earliest first. */
  due(nowMs: number): HeldMartian[] {
    const out: HeldMartian[] = [];
    for (const report of this.#held.values()) {
      if (report.dueMs > nowMs && this.#held.size - out.length <= this.#maxStrangers) break;
      out.push(report);
    }
    for (const r of out) this.#held.delete(r.peerId);
    return out;
  }

  /** When the earliest held report is due, or undefined. */
  earliestDueMs(): number | undefined {
    const first = this.#held.values().next();
    return first.done === true ? undefined : first.value.dueMs;
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

  /** Forgets `senderId` (it became a peer); a report still held for it is dropped. True when one was. */
  forget(senderId: HostId): boolean {
    this.#lastReportMs.delete(senderId);
    return this.#held.delete(senderId);
  }
}
