/**
 * @packageDocumentation
 * The CMA's pure ring planner (DESIGN §5, docs/rings.md). Hosts are grouped into local rings by placement
 * (`switch:<chassisId>` from LLDP, else `subnet:<cidr>`); the first two members of each local ring also sit in
 * the top ring. Plan functions update a RingSet in place and return the nanoprobe commands and graph changes.
 * No I/O, no clock, no randomness.
 *
 * @example
 * ```ts
 * const rings = new RingSet();
 * const { commands, graphChanges } = planJoin(rings, { id: 'h1', placement: 'switch:aa:bb:cc:00:00:01' });
 * // commands: start/stop heartbeat pairs → SENDEXPECTHB / STOPSENDEXPECTHB; graphChanges → one store transaction
 * ```
 */
export { RING_ERROR_CODES, RingError, type RingErrorCode } from './errors.ts';
export {
  LEAVE_REASONS,
  TOP_RING_ID,
  type GraphChange,
  type LeaveReason,
  type Placement,
  type RingCommand,
  type RingEdge,
  type RingHost,
  type RingId,
  type RingMemberRecord,
  type RingNeighbours,
  type RingPlan,
} from './types.ts';
export { MAX_RING_KEY_CHARS, assertPlacement, isPlacement, isRingId, placementFor } from './placement.ts';
export { REPRESENTATIVES_PER_RING, RingSet } from './ring-set.ts';
export { planJoin, planLeave, planMove, planRebuild } from './plan.ts';
export { EdgeModel, edgeKey } from './edge-model.ts';
export { checkRingInvariants, type RingInvariantOptions } from './invariants.ts';
