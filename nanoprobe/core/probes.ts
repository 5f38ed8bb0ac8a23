/**
 * Direct checks requested by the CMA (PROBE → PING → PONG → PROBERESULT, DESIGN §4 "death is confirmed before
 * it is declared"). Each outstanding probe waits for a PONG carrying its nonce from its target until its deadline.
 */
import type { HostId, Probe, WireAddress } from '../../protocol/messages.ts';

/** One PING in flight. */
export interface OutstandingProbe {
  readonly probeId: number;
  readonly targetId: HostId;
  readonly address: WireAddress;
  readonly publicKey: Uint8Array;
  readonly nonce: number;
  readonly sentAtMs: number;
  readonly timeoutMs: number;
  /** Moved later (never earlier) after a stall of the core. */
  deadlineMs: number;
}

/** Outcome of {@link ProbeTable.start}. */
/** What `expire` returns when nothing is outstanding (no allocation on the hot path). */
const NONE: readonly OutstandingProbe[] = Object.freeze([]);

export type ProbeStart =
  | { readonly kind: 'started'; readonly probe: OutstandingProbe }
  | { readonly kind: 'refused'; readonly reason: 'max-probes' | 'duplicate' };

/** Outstanding probes, keyed by nonce. Bounded by `maxProbes`. */
export class ProbeTable {
  /** nonce → probe; bounded by `maxProbes`. */
  readonly #byNonce = new Map<number, OutstandingProbe>();
  readonly #maxProbes: number;
  readonly #maxTimeoutMs: number;
  /** Next nonce (u32, wraps). Seeded from the process session so a previous incarnation's PONGs do not match. */
  #nextNonce: number;

  constructor(maxProbes: number, maxTimeoutMs: number, nonceSeed: number) {
    this.#maxProbes = maxProbes;
    this.#maxTimeoutMs = maxTimeoutMs;
    this.#nextNonce = Math.imul(nonceSeed >>> 0, 0x9e3779b1) >>> 0;
  }

  get size(): number {
    return this.#byNonce.size;
  }

  values(): IterableIterator<OutstandingProbe> {
    return this.#byNonce.values();
  }

  /** True when some outstanding probe targets `hostId`. */
  targets(hostId: HostId): boolean {
    for (const p of this.#byNonce.values()) if (p.targetId === hostId) return true;
    return false;
  }

  /** Registers a probe with a fresh nonce; its timeout is clamped to [1, maxProbeTimeoutMs]. */
  start(cmd: Probe, nowMs: number): ProbeStart {
    for (const p of this.#byNonce.values()) if (p.probeId === cmd.probeId) return { kind: 'refused', reason: 'duplicate' };
    if (this.#byNonce.size >= this.#maxProbes) return { kind: 'refused', reason: 'max-probes' };
    let nonce = this.#nextNonce;
    while (this.#byNonce.has(nonce)) nonce = (nonce + 1) >>> 0;
    this.#nextNonce = (nonce + 1) >>> 0;
    const timeoutMs = Math.min(Math.max(Number.isFinite(cmd.timeoutMs) ? Math.round(cmd.timeoutMs) : 1, 1), this.#maxTimeoutMs);
    const probe: OutstandingProbe = {
      probeId: cmd.probeId,
      targetId: cmd.targetId,
      address: Object.freeze({ host: cmd.address.host, port: cmd.address.port }),
      publicKey: cmd.publicKey.slice(),
      nonce,
      sentAtMs: nowMs,
      timeoutMs,
      deadlineMs: nowMs + timeoutMs,
    };
    this.#byNonce.set(nonce, probe);
    return { kind: 'started', probe };
  }

  /** Removes and returns the probe a PONG (`senderId`, `nonce`) answers, or `undefined` if none matches. */
  answer(senderId: HostId, nonce: number): OutstandingProbe | undefined {
    const probe = this.#byNonce.get(nonce);
    if (probe?.targetId !== senderId) return undefined;
    this.#byNonce.delete(nonce);
    return probe;
  }

  /** Removes and returns every probe whose deadline is ≤ `nowMs`, in start order. */
  expire(nowMs: number): readonly OutstandingProbe[] {
    if (this.#byNonce.size === 0) return NONE;
    const out: OutstandingProbe[] = [];
    for (const [nonce, p] of this.#byNonce) {
      if (p.deadlineMs <= nowMs) {
        this.#byNonce.delete(nonce);
        out.push(p);
      }
    }
    return out;
  }

  /** After a stall: every probe gets a fresh full timeout from `nowMs` (silence slept through does not count). */
  grace(nowMs: number): void {
    for (const p of this.#byNonce.values()) p.deadlineMs = Math.max(p.deadlineMs, nowMs + p.timeoutMs);
  }

  /** Earliest deadline, or `undefined` when none is outstanding. */
  earliestDeadlineMs(): number | undefined {
    let min: number | undefined;
    for (const p of this.#byNonce.values()) if (min === undefined || p.deadlineMs < min) min = p.deadlineMs;
    return min;
  }
}
