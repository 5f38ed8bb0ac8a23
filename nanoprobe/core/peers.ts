/**
 * The peers this nanoprobe heartbeats and watches (one ring edge each way per SENDEXPECTHB). A peer may sit in
 * several rings (its local ring and the top ring) but gets ONE heartbeat stream, timed by the strictest of its
 * rings' timings; reports name the ring whose `deadMs` is tightest (first added wins ties).
 */
import type { HostId, SendExpectHb, Timing, WireAddress } from '../../protocol/messages.ts';
import { sameTiming, strictestTiming } from './timing.ts';

/** What the core believes about a peer. */
export type PeerHealth = 'ok' | 'late' | 'dead';

/** Mutable per-peer record, owned by {@link PeerTable}. Small and stable-shaped (STYLE practice 12). */
export interface PeerRecord {
  readonly peerId: HostId;
  address: WireAddress;
  publicKey: Uint8Array;
  /** ringId → that ring's timing, in the order rings were added. Bounded by `maxRingsPerPeer`. */
  readonly rings: Map<string, Timing>;
  /** Strictest of `rings`' timings: drives sending and deadlines. */
  timing: Timing;
  /** Ring named in heartbeats and reports. */
  reportRingId: string;
  /** Monotonic time of the last heartbeat heard (or of being added). */
  lastHeardMs: number;
  /** Start of the last grace period granted after a stall of the core; silence counts from the later of the two. */
  graceFromMs: number;
  health: PeerHealth;
  lateReported: boolean;
  deadReported: boolean;
  /** When the next heartbeat to this peer is due. */
  nextSendMs: number;
  lastSentMs: number | undefined;
  /** Sequence number of the last heartbeat sent (0 = none yet). */
  seq: number;
  heartbeatsReceived: number;
}

/** Outcome of {@link PeerTable.upsert}. */
export type UpsertOutcome =
  | { readonly kind: 'added'; readonly peer: PeerRecord }
  | { readonly kind: 'updated'; readonly peer: PeerRecord; readonly linkChanged: boolean }
  | { readonly kind: 'refused'; readonly reason: 'max-peers' | 'max-rings' };

/** Outcome of {@link PeerTable.removeRing}. */
export type RemoveOutcome =
  | { readonly kind: 'peer-removed'; readonly peer: PeerRecord }
  | { readonly kind: 'ring-removed'; readonly peer: PeerRecord }
  | { readonly kind: 'unknown' };

function sameAddress(a: WireAddress, b: WireAddress): boolean {
  return a.host === b.host && a.port === b.port;
}

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Recomputes a peer's stream timing and report ring from its rings (which must be non-empty). */
function retime(peer: PeerRecord): void {
  const before = peer.timing;
  peer.timing = strictestTiming(peer.rings.values());
  let best: [string, number] | undefined;
  for (const [ringId, t] of peer.rings) if (best === undefined || t.deadMs < best[1]) best = [ringId, t.deadMs];
  if (best !== undefined) peer.reportRingId = best[0];
  // A tighter interval pulls the next heartbeat in; a looser one waits for the scheduled send.
  if (peer.timing.intervalMs < before.intervalMs && peer.lastSentMs !== undefined) {
    peer.nextSendMs = Math.min(peer.nextSendMs, peer.lastSentMs + peer.timing.intervalMs);
  }
}

/** The peer set. Bounded by `maxPeers` (SENDEXPECTHB beyond it is refused). */
export class PeerTable {
  /** peerId → record; bounded by `maxPeers`. Iteration order is insertion order (deterministic effects). */
  readonly #peers = new Map<HostId, PeerRecord>();
  readonly #maxPeers: number;
  readonly #maxRingsPerPeer: number;
  /** Element-wise minimum of every peer's timing; undefined when stale (recomputed on demand). */
  #strictest: Timing | undefined;

  constructor(maxPeers: number, maxRingsPerPeer: number) {
    this.#maxPeers = maxPeers;
    this.#maxRingsPerPeer = maxRingsPerPeer;
  }

  get size(): number {
    return this.#peers.size;
  }

  get(peerId: HostId): PeerRecord | undefined {
    return this.#peers.get(peerId);
  }

  has(peerId: HostId): boolean {
    return this.#peers.has(peerId);
  }

  values(): IterableIterator<PeerRecord> {
    return this.#peers.values();
  }

  /**
   * The strictest timing over all peers (element-wise minimum), undefined without peers. Cached: the core asks on
   * every `handle` call (the stale-view rule), the peer set changes rarely.
   */
  strictest(): Timing | undefined {
    if (this.#strictest === undefined && this.#peers.size > 0) {
      const timings: Timing[] = [];
      for (const p of this.#peers.values()) timings.push(p.timing);
      this.#strictest = strictestTiming(timings);
    }
    return this.#strictest;
  }

  /**
   * Adds the peer or the ring to it, or updates address, key and that ring's timing. A new peer counts as heard
   * at `nowMs` (so it is not instantly late) and is due a heartbeat at once.
   */
  upsert(cmd: SendExpectHb, nowMs: number): UpsertOutcome {
    const timing: Timing = { ...cmd.timing };
    this.#strictest = undefined;
    const existing = this.#peers.get(cmd.peerId);
    if (existing === undefined) {
      if (this.#peers.size >= this.#maxPeers) return { kind: 'refused', reason: 'max-peers' };
      const peer: PeerRecord = {
        peerId: cmd.peerId,
        address: Object.freeze({ host: cmd.address.host, port: cmd.address.port }),
        publicKey: cmd.publicKey.slice(),
        rings: new Map([[cmd.ringId, timing]]),
        timing,
        reportRingId: cmd.ringId,
        lastHeardMs: nowMs,
        graceFromMs: nowMs,
        health: 'ok',
        lateReported: false,
        deadReported: false,
        nextSendMs: nowMs,
        lastSentMs: undefined,
        seq: 0,
        heartbeatsReceived: 0,
      };
      this.#peers.set(cmd.peerId, peer);
      return { kind: 'added', peer };
    }
    const known = existing.rings.get(cmd.ringId);
    if (known === undefined && existing.rings.size >= this.#maxRingsPerPeer) return { kind: 'refused', reason: 'max-rings' };
    const linkChanged = !sameAddress(existing.address, cmd.address) || !sameKey(existing.publicKey, cmd.publicKey);
    if (linkChanged) {
      existing.address = Object.freeze({ host: cmd.address.host, port: cmd.address.port });
      existing.publicKey = cmd.publicKey.slice();
    }
    if (known === undefined || !sameTiming(known, timing)) {
      existing.rings.set(cmd.ringId, timing);
      retime(existing);
    }
    return { kind: 'updated', peer: existing, linkChanged };
  }

  /** Drops `ringId` from the peer; the peer itself goes when no ring is left. */
  removeRing(peerId: HostId, ringId: string): RemoveOutcome {
    const peer = this.#peers.get(peerId);
    if (peer?.rings.delete(ringId) !== true) return { kind: 'unknown' };
    this.#strictest = undefined;
    if (peer.rings.size === 0) {
      this.#peers.delete(peerId);
      return { kind: 'peer-removed', peer };
    }
    retime(peer);
    return { kind: 'ring-removed', peer };
  }
}
