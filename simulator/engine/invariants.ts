/**
 * The invariants the engine checks periodically and at the end (issue 8): the ring planner's own
 * (`checkRingInvariants`), no ring member that the CMA's store does not have `up` (no dead host watched), and every
 * member of a local ring of ≥ 3 watched by ≥ 2 hosts.
 */
import { checkRingInvariants, TOP_RING_ID, type Placement, type RingSet } from '../../cma/ring/index.ts';
import { hostIndexOf } from '../world/identity.ts';
import type { World } from '../world/world.ts';
import { CMA_UP } from './host-table.ts';

/**
 * Violations, as text. `ringIds` undefined checks every ring member by member (O(hosts)); otherwise only those
 * rings (plus the planner's O(rings) global checks).
 */
export function simInvariantProblems(rings: RingSet, world: World, cmaStatus: Uint8Array, ringIds: readonly Placement[] | undefined): string[] {
  const problems = checkRingInvariants(rings, ringIds === undefined ? {} : { ringIds });
  for (const ringId of ringIds ?? rings.ringIds()) {
    if (ringId === TOP_RING_ID) continue;
    const members = rings.members(ringId);
    for (const id of members) {
      const h = hostIndexOf(world, id);
      if (h >= 0 && cmaStatus[h] !== CMA_UP) problems.push(`${id} is watched in ${ringId} but is not up at the CMA`);
      if (members.length >= 3 && rings.watchersOf(id).length < 2) problems.push(`${id} in ${ringId} (${members.length} members) has < 2 watchers`);
    }
  }
  return problems;
}
