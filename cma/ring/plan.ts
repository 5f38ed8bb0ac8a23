/**
 * The ring planner's events (DESIGN §5, STYLE practice 13): each takes the RingSet and one event and returns
 * `{ next, commands, graphChanges }`. Every check happens before the first edit, so a plan function that throws
 * a RingError leaves the rings untouched. `next` is the input RingSet, updated in place (see ring-set.ts).
 *
 * Cost: join, leave and move edit O(1) members and emit at most a handful of commands (a join: ≤ 3 for its local
 * ring plus ≤ 3 for the top ring). Rebuild is O(n log n) in the records.
 */
import type { HostId } from '../../protocol/messages.ts';
import { Cycle } from './cycle.ts';
import { RingError } from './errors.ts';
import { assertHostId, assertPlacement, isRingId } from './placement.ts';
import { PlanBuilder } from './plan-builder.ts';
import { RingSet } from './ring-set.ts';
import { LEAVE_REASONS, TOP_RING_ID, type LeaveReason, type RingHost, type RingId, type RingMemberRecord, type RingPlan } from './types.ts';

/**
 * A host joins the local ring of its placement (created if new), at the tail: its two neighbours become its
 * peers and the edge between them is dropped. If the ring had fewer than two members the host also becomes a
 * representative and joins the top ring.
 */
export function planJoin(rings: RingSet, host: RingHost): RingPlan {
  assertHostId(host.id);
  const placement = assertPlacement(host.placement);
  if (rings.has(host.id)) {
    throw new RingError('RING_DUPLICATE_HOST', `${host.id} is already in ring ${rings.ringOf(host.id) ?? '?'}`, { hostId: host.id, placement });
  }
  const b = new PlanBuilder(rings);
  const cycle = b.localCycle(placement);
  const before = cycle.first(2);
  b.insert(cycle, host.id);
  rings.state.hostRing.set(host.id, cycle);
  b.reconcileTop(before, cycle.first(2));
  return b.finish();
}

/**
 * A host leaves (declared dead, shut down, or removed by an operator): its two neighbours are linked to each
 * other, and if it represented its ring in the top ring the next member by position replaces it. The reason does
 * not change the plan; the executor uses it to skip messaging a dead host.
 */
export function planLeave(rings: RingSet, hostId: HostId, reason: LeaveReason): RingPlan {
  if (!LEAVE_REASONS.includes(reason)) throw new RingError('RING_BAD_REASON', `unknown leave reason ${JSON.stringify(reason)}`, { hostId, reason });
  const cycle = knownHost(rings, hostId);
  const b = new PlanBuilder(rings);
  const before = cycle.first(2);
  b.remove(cycle, hostId);
  rings.state.hostRing.delete(hostId);
  b.reconcileTop(before, cycle.first(2));
  return b.finish();
}

/**
 * A host's placement changed (LLDP now says another switch): it joins the new ring BEFORE it leaves the old one.
 * The commands start every new heartbeat (new ring, top-ring changes, the old ring's repair edge) before they
 * stop any old one, so the host and its old neighbours are watched throughout. A move to the current placement
 * is an empty plan.
 */
export function planMove(rings: RingSet, hostId: HostId, newPlacement: string): RingPlan {
  const placement = assertPlacement(newPlacement);
  const from = knownHost(rings, hostId);
  const b = new PlanBuilder(rings);
  if (from.id === placement) return b.finish();
  const to = b.localCycle(placement);
  const before = [...from.first(2), ...to.first(2)];
  b.insert(to, hostId);
  rings.state.hostRing.set(hostId, to);
  b.remove(from, hostId);
  b.reconcileTop(before, [...from.first(2), ...to.first(2)]);
  return b.finish();
}

/**
 * Restores rings from stored memberships (after a CMA restart or failover) into a new RingSet: each ring's
 * members in position order. The nanoprobes already run the stored edges, so no command is emitted for them;
 * the plan only repairs a stored top ring that disagrees with the representative rule (missing, extra or stale
 * representatives), with commands and graph changes as for any other event.
 */
export function planRebuild(records: readonly RingMemberRecord[]): RingPlan {
  /** Records grouped per ring; bounded by the number of records. */
  const byRing = new Map<RingId, RingMemberRecord[]>();
  for (const r of records) {
    assertHostId(r.hostId);
    if (!isRingId(r.ringId)) throw new RingError('RING_BAD_RECORD', `bad ring id ${JSON.stringify(r.ringId)} for ${r.hostId}`, { record: r });
    if (!Number.isSafeInteger(r.position) || r.position < 0) throw new RingError('RING_BAD_RECORD', `bad position ${r.position} for ${r.hostId}`, { record: r });
    const list = byRing.get(r.ringId);
    if (list === undefined) byRing.set(r.ringId, [r]);
    else list.push(r);
  }
  const rings = new RingSet();
  const { local, hostRing, top } = rings.state;
  for (const [ringId, list] of byRing) {
    list.sort((x, y) => x.position - y.position); // a repeated position then fails insertAtTail (RING_BAD_RECORD)
    const cycle = ringId === TOP_RING_ID ? top : new Cycle(ringId);
    for (const r of list) {
      if (cycle.has(r.hostId) || (ringId !== TOP_RING_ID && hostRing.has(r.hostId))) {
        throw new RingError('RING_DUPLICATE_HOST', `${r.hostId} appears twice in the stored rings`, { record: r });
      }
      cycle.insertAtTail(r.hostId, r.position);
      if (ringId !== TOP_RING_ID) hostRing.set(r.hostId, cycle);
    }
    if (ringId !== TOP_RING_ID) local.set(ringId, cycle);
  }
  const b = new PlanBuilder(rings);
  b.reconcileTop([...top.members()], PlanBuilder.representativesOf(local.values()));
  return b.finish();
}

function knownHost(rings: RingSet, hostId: HostId): Cycle {
  const cycle = rings.state.hostRing.get(hostId);
  if (cycle === undefined) throw new RingError('RING_UNKNOWN_HOST', `${hostId} is in no ring`, { hostId });
  return cycle;
}
