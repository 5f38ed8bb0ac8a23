/**
 * Plain-data types of the ring planner (docs/rings.md): placements, commands for nanoprobes, changes for the
 * graph store, and the plan that carries both.
 */
import type { HostId } from '../../protocol/messages.ts';
import type { RingSet } from './ring-set.ts';

/**
 * Where a host's local ring is: `switch:<chassisId>` when LLDP says which switch the primary NIC is wired to,
 * else `subnet:<cidr>`. A local ring's id IS its placement key.
 */
export type Placement = `switch:${string}` | `subnet:${string}`;

/** The id of the one top ring that holds the representatives of every local ring. */
export const TOP_RING_ID = 'top';

/** A ring id: a placement key for a local ring, or TOP_RING_ID. */
export type RingId = Placement | typeof TOP_RING_ID;

/** A host as the planner sees it. */
export interface RingHost {
  readonly id: HostId;
  readonly placement: Placement;
}

/** Why a host leaves its rings. The planner treats all three alike; the executor does not message a dead host. */
export type LeaveReason = 'dead' | 'shutdown' | 'removed';

/** All leave reasons (for validation). */
export const LEAVE_REASONS: readonly LeaveReason[] = ['dead', 'shutdown', 'removed'];

/**
 * A heartbeat edge of one ring: `a` and `b` heartbeat each other (both send and expect). Undirected; the planner
 * always emits `a < b` (string order).
 */
export interface RingEdge {
  readonly a: HostId;
  readonly b: HostId;
  readonly ringId: RingId;
}

/**
 * An instruction for the nanoprobes. `start`: SENDEXPECTHB to `a` about `b` and to `b` about `a` (with the ring's
 * timing). `stop`: STOPSENDEXPECTHB to both (the executor skips a host that left as 'dead').
 */
export type RingCommand = ({ readonly kind: 'start' } & RingEdge) | ({ readonly kind: 'stop' } & RingEdge);

/** A change for the graph store (MEMBER_OF {position}, WATCHES, Ring nodes), applied in one transaction. */
export type GraphChange =
  | { readonly kind: 'ring-add'; readonly ringId: RingId; readonly placement: RingId }
  | { readonly kind: 'ring-remove'; readonly ringId: RingId; readonly placement: RingId }
  | { readonly kind: 'member-add'; readonly hostId: HostId; readonly ringId: RingId; readonly position: number }
  | { readonly kind: 'member-remove'; readonly hostId: HostId; readonly ringId: RingId }
  | ({ readonly kind: 'edge-add' } & RingEdge)
  | ({ readonly kind: 'edge-remove' } & RingEdge);

/**
 * The result of a plan function. `next` is the SAME RingSet object that was passed in, now updated in place
 * (copying 100k-member maps per event is not affordable); `commands` lists every `start` before every `stop`, so
 * no host loses a watcher it keeps in the end.
 */
export interface RingPlan {
  readonly next: RingSet;
  readonly commands: readonly RingCommand[];
  readonly graphChanges: readonly GraphChange[];
}

/** One stored membership: what `(Host)-[:MEMBER_OF {position}]->(Ring)` holds; the input of planRebuild. */
export interface RingMemberRecord {
  readonly hostId: HostId;
  readonly ringId: RingId;
  /** Order around the ring: members sorted by position, the last one closing the cycle to the first. */
  readonly position: number;
}

/** A host's heartbeat peers in one ring (empty for a ring of one). */
export interface RingNeighbours {
  readonly ringId: RingId;
  readonly peers: readonly HostId[];
}
