/**
 * RingSet: every ring the CMA runs — one local ring per placement key plus the top ring — and the queries the
 * CMA, the executor and the simulator ask of them.
 *
 * Design (STYLE practice 13, adapted for 100k members): a RingSet is a MUTABLE structure that only the plan
 * functions of plan.ts change. Each plan function updates it in place in O(1) and returns `{ next, commands,
 * graphChanges }` with `next` the same object, so the `(state, event) → plan` shape holds without copying
 * 100k-entry maps per event. Queries never mutate. Start from `new RingSet()` or `planRebuild(records).next`.
 */
import type { HostId, Timing } from '../../protocol/messages.ts';
import { Cycle } from './cycle.ts';
import { RingError } from './errors.ts';
import { isRingId } from './placement.ts';
import { TOP_RING_ID, type Placement, type RingEdge, type RingId, type RingMemberRecord, type RingNeighbours } from './types.ts';

/** How many members of each local ring represent it in the top ring (all of them when it has fewer). */
export const REPRESENTATIVES_PER_RING = 2;

/** The internal tables of a RingSet. Exposed for the plan functions and invariant checks of cma/ring only. */
export interface RingSetState {
  /** Local rings with ≥ 1 member; bounded by the number of distinct placements of monitored hosts. */
  readonly local: Map<Placement, Cycle>;
  /** Each monitored host's local ring; bounded by the number of monitored hosts. */
  readonly hostRing: Map<HostId, Cycle>;
  /** The top ring (exists as a ring only while it has members). */
  readonly top: Cycle;
  /** Per-ring timing overrides; bounded by the overrides an operator configured. */
  readonly timings: Map<RingId, Timing>;
}

/** All rings of one CMA. Mutated only through planJoin / planLeave / planMove / planRebuild. */
export class RingSet {
  /** @internal Tables changed only by the plan functions; read them through the query methods. */
  readonly state: RingSetState = {
    local: new Map(),
    hostRing: new Map(),
    top: new Cycle(TOP_RING_ID),
    timings: new Map(),
  };

  /** Number of monitored hosts (members of a local ring). */
  get size(): number {
    return this.state.hostRing.size;
  }

  /** True when `hostId` is a member of a local ring. */
  has(hostId: HostId): boolean {
    return this.state.hostRing.has(hostId);
  }

  /** The host's local ring id (its placement), undefined for an unknown host. */
  ringOf(hostId: HostId): Placement | undefined {
    return this.state.hostRing.get(hostId)?.id as Placement | undefined;
  }

  /** Members of a ring in cycle order from the lowest position; empty for an unknown ring. O(n). */
  members(ringId: RingId): HostId[] {
    const cycle = this.#cycle(ringId);
    return cycle === undefined ? [] : [...cycle.members()];
  }

  /** Number of members of a ring (0 for an unknown ring). */
  ringSize(ringId: RingId): number {
    return this.#cycle(ringId)?.size ?? 0;
  }

  /** Ids of every ring with members: local rings sorted (independent of history), then the top ring. */
  ringIds(): RingId[] {
    const ids: RingId[] = [...this.state.local.keys()].sort();
    if (this.state.top.size > 0) ids.push(TOP_RING_ID);
    return ids;
  }

  /** The rings a host is in and its heartbeat peers in each (local ring first). Empty for an unknown host. */
  neighbours(hostId: HostId): RingNeighbours[] {
    const local = this.state.hostRing.get(hostId);
    if (local === undefined) return [];
    const out: RingNeighbours[] = [{ ringId: local.id, peers: local.peers(hostId) }];
    if (this.state.top.has(hostId)) out.push({ ringId: TOP_RING_ID, peers: this.state.top.peers(hostId) });
    return out;
  }

  /** Every host that heartbeats with `hostId` in any ring, without duplicates. O(1). */
  watchersOf(hostId: HostId): HostId[] {
    const local = this.state.hostRing.get(hostId);
    if (local === undefined) return [];
    return [...new Set([...local.peers(hostId), ...this.state.top.peers(hostId)])];
  }

  /** The members of a local ring that represent it in the top ring: its first min(2, n) by position. */
  representatives(ringId: Placement): HostId[] {
    return this.state.local.get(ringId)?.first(REPRESENTATIVES_PER_RING) ?? [];
  }

  /** True when the host is in the top ring. */
  isRepresentative(hostId: HostId): boolean {
    return this.state.top.has(hostId);
  }

  /** The heartbeat edges of one ring (a < b), in cycle order. O(n). */
  edgesOf(ringId: RingId): RingEdge[] {
    const cycle = this.#cycle(ringId);
    if (cycle === undefined || cycle.size < 2) return [];
    const out: RingEdge[] = [];
    for (const u of cycle.members()) {
      const v = cycle.next(u);
      if (cycle.size === 2 && u > v) continue; // a ring of two is one edge, seen from both ends
      out.push(u < v ? { a: u, b: v, ringId } : { a: v, b: u, ringId });
    }
    return out;
  }

  /** Every heartbeat edge of every ring. O(total members). */
  edges(): RingEdge[] {
    return this.ringIds().flatMap((id) => this.edgesOf(id));
  }

  /** Every membership with its position, as the store keeps it (the input planRebuild takes back). O(n). */
  records(): RingMemberRecord[] {
    const out: RingMemberRecord[] = [];
    for (const cycle of [...this.state.local.values(), this.state.top]) {
      for (const hostId of cycle.members()) out.push({ hostId, ringId: cycle.id, position: cycle.position(hostId) });
    }
    return out;
  }

  /**
   * Sets (or with undefined clears) a ring's timing override. Kept by ring id even while the ring is empty, as
   * it is per-switch / per-subnet configuration. The caller re-sends SENDEXPECTHB for `edgesOf(ringId)`.
   */
  setRingTiming(ringId: RingId, timing: Timing | undefined): void {
    if (!isRingId(ringId)) throw new RingError('RING_BAD_PLACEMENT', `not a ring id: ${JSON.stringify(ringId)}`, { ringId });
    if (timing === undefined) {
      this.state.timings.delete(ringId);
      return;
    }
    const { intervalMs, lateMs, deadMs } = timing;
    const ok = [intervalMs, lateMs, deadMs].every((ms) => Number.isSafeInteger(ms) && ms > 0) && intervalMs < lateMs && lateMs < deadMs;
    if (!ok) throw new RingError('RING_BAD_TIMING', `timing must be positive integers with interval < late < dead`, { ringId, timing });
    this.state.timings.set(ringId, { intervalMs, lateMs, deadMs });
  }

  /** The ring's timing: its override, else `defaults`. */
  timingOf(ringId: RingId, defaults: Timing): Timing {
    return this.state.timings.get(ringId) ?? defaults;
  }

  #cycle(ringId: RingId): Cycle | undefined {
    return ringId === TOP_RING_ID ? this.state.top : this.state.local.get(ringId);
  }
}
