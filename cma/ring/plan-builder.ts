/**
 * PlanBuilder: the only code that changes a RingSet. Each primitive edits a cycle in O(1) and records what it
 * did; `finish` turns the record into a RingPlan.
 *
 * Edge changes are netted per plan (an edge started then stopped in the same plan, as happens when the top ring
 * gains a representative and loses another, produces nothing), and commands are emitted starts first, stops
 * last: a host never loses a watcher it keeps in the end, and a migrating host is watched in its new ring before
 * its old ring lets go (docs/rings.md, "Move").
 */
import type { HostId } from '../../protocol/messages.ts';
import { Cycle } from './cycle.ts';
import { edgeKey } from './edge-model.ts';
import { REPRESENTATIVES_PER_RING, type RingSet } from './ring-set.ts';
import { TOP_RING_ID, type GraphChange, type Placement, type RingCommand, type RingEdge, type RingPlan } from './types.ts';

interface PendingEdge extends RingEdge {
  /** +1 started, −1 stopped, 0 both (cancelled) within this plan. */
  delta: number;
}

/** Records one plan's edits of a RingSet. Single use: edit, then `finish()`. */
export class PlanBuilder {
  readonly #rings: RingSet;
  /** Edges touched by this plan, in first-touch order; O(1) per join/leave/move, O(top ring) in a rebuild. */
  readonly #edges = new Map<string, PendingEdge>();
  readonly #ringAdds: GraphChange[] = [];
  readonly #memberChanges: GraphChange[] = [];
  readonly #ringRemoves: GraphChange[] = [];

  constructor(rings: RingSet) {
    this.#rings = rings;
  }

  /** The local ring for `placement`, created (not yet registered) when it has no members. */
  localCycle(placement: Placement): Cycle {
    return this.#rings.state.local.get(placement) ?? new Cycle(placement);
  }

  /** Inserts `hostId` at the tail of `cycle`, registering the ring if it was empty. */
  insert(cycle: Cycle, hostId: HostId, position?: number): void {
    const tail = cycle.tail;
    const head = cycle.head;
    const pairs: [HostId, HostId][] = tail === undefined || head === undefined ? [] : [[tail, head], [tail, hostId], [hostId, head]];
    const before = pairs.map(([u, v]) => cycle.hasEdge(u, v));
    if (cycle.size === 0) {
      this.#ringAdds.push({ kind: 'ring-add', ringId: cycle.id, placement: cycle.id });
      if (cycle.id !== TOP_RING_ID) this.#rings.state.local.set(cycle.id, cycle);
    }
    const used = cycle.insertAtTail(hostId, position);
    this.#memberChanges.push({ kind: 'member-add', hostId, ringId: cycle.id, position: used });
    this.#diff(cycle, pairs, before);
  }

  /** Removes `hostId` from `cycle`, linking its neighbours; unregisters the ring when it empties. */
  remove(cycle: Cycle, hostId: HostId): void {
    const prev = cycle.prev(hostId);
    const next = cycle.next(hostId);
    const pairs: [HostId, HostId][] = [[prev, hostId], [hostId, next], [prev, next]];
    const before = pairs.map(([u, v]) => cycle.hasEdge(u, v));
    cycle.remove(hostId);
    this.#memberChanges.push({ kind: 'member-remove', hostId, ringId: cycle.id });
    this.#diff(cycle, pairs, before);
    if (cycle.size === 0) {
      if (cycle.id !== TOP_RING_ID) this.#rings.state.local.delete(cycle.id);
      this.#ringRemoves.push({ kind: 'ring-remove', ringId: cycle.id, placement: cycle.id });
    }
  }

  /**
   * Brings the top ring from the representatives `before` to `after` (each: the first min(2, n) members of the
   * local rings an event touched, taken before and after it). New representatives join first, then the old
   * ones leave, so the top ring never empties in between.
   */
  reconcileTop(before: readonly HostId[], after: readonly HostId[]): void {
    const top = this.#rings.state.top;
    const keep = new Set(after);
    const had = new Set(before);
    for (const h of after) if (!had.has(h) && !top.has(h)) this.insert(top, h);
    for (const h of before) if (!keep.has(h) && top.has(h)) this.remove(top, h);
  }

  /** The plan: commands (starts, then stops) and graph changes (rings added, members, edges, rings removed). */
  finish(): RingPlan {
    const starts: RingCommand[] = [];
    const stops: RingCommand[] = [];
    const edgeAdds: GraphChange[] = [];
    const edgeRemoves: GraphChange[] = [];
    for (const { a, b, ringId, delta } of this.#edges.values()) {
      if (delta > 0) {
        starts.push({ kind: 'start', a, b, ringId });
        edgeAdds.push({ kind: 'edge-add', a, b, ringId });
      } else if (delta < 0) {
        stops.push({ kind: 'stop', a, b, ringId });
        edgeRemoves.push({ kind: 'edge-remove', a, b, ringId });
      }
    }
    return {
      next: this.#rings,
      commands: [...starts, ...stops],
      graphChanges: [...this.#ringAdds, ...this.#memberChanges, ...edgeAdds, ...edgeRemoves, ...this.#ringRemoves],
    };
  }

  /** The representatives of local rings: the first min(2, n) members of each, in ring order. */
  static representativesOf(cycles: Iterable<Cycle>): HostId[] {
    const out: HostId[] = [];
    for (const c of cycles) out.push(...c.first(REPRESENTATIVES_PER_RING));
    return out;
  }

  #diff(cycle: Cycle, pairs: readonly [HostId, HostId][], before: readonly boolean[]): void {
    const seen = new Set<string>();
    pairs.forEach(([u, v], i) => {
      const key = edgeKey(cycle.id, u, v);
      if (u === v || seen.has(key)) return;
      seen.add(key);
      const now = cycle.hasEdge(u, v);
      if (now === before[i]) return;
      const pending = this.#edges.get(key);
      const delta = now ? 1 : -1;
      if (pending === undefined) {
        this.#edges.set(key, u < v ? { a: u, b: v, ringId: cycle.id, delta } : { a: v, b: u, ringId: cycle.id, delta });
      } else {
        pending.delta += delta;
      }
    });
  }
}
