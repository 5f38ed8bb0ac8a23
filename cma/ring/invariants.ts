/**
 * Ring invariants (DESIGN §5), checked by the property tests and by the simulator after every event. Returns a
 * list of human-readable violations; empty means the rings are sound.
 */
import type { Cycle } from './cycle.ts';
import type { EdgeModel } from './edge-model.ts';
import { REPRESENTATIVES_PER_RING, type RingSet } from './ring-set.ts';
import { TOP_RING_ID, type Placement } from './types.ts';

/** What to check besides the always-on global checks. */
export interface RingInvariantOptions {
  /**
   * Check only these local rings member by member (plus the top ring and the O(#rings) global counts): what
   * the simulator passes after an event at 100k hosts. Default: every ring, O(total members).
   */
  readonly ringIds?: readonly Placement[];
  /** The nanoprobes' edges rebuilt from the commands so far: must equal the rings' edge set. */
  readonly model?: EdgeModel;
}

/**
 * Violations of: every monitored host in exactly one local ring; each ring a single cycle (prev/next agree,
 * positions increase from the head) visiting every member, with no self-edge once it has ≥ 2 members; no empty
 * ring registered; the top ring holds exactly the first min(2, n) members of every local ring; and, with a
 * model, the commanded edges equal the rings' edges.
 */
export function checkRingInvariants(rings: RingSet, options: RingInvariantOptions = {}): string[] {
  const problems: string[] = [];
  const { local, hostRing, top } = rings.state;
  const full = options.ringIds === undefined;
  const checked = full ? [...local.values()] : (options.ringIds ?? []).flatMap((id) => local.get(id) ?? []);

  let localMembers = 0;
  let expectedTop = 0;
  let expectedEdges = edgeCount(top);
  for (const [id, cycle] of local) {
    if (cycle.id !== id) problems.push(`ring registered as ${id} is ${cycle.id}`);
    if (cycle.size === 0) problems.push(`empty ring ${id} is still registered`);
    localMembers += cycle.size;
    expectedTop += Math.min(REPRESENTATIVES_PER_RING, cycle.size);
    expectedEdges += edgeCount(cycle);
  }
  if (localMembers !== hostRing.size) problems.push(`local rings hold ${localMembers} members but ${hostRing.size} hosts are monitored`);
  if (full) {
    for (const [hostId, cycle] of hostRing) {
      if (local.get(cycle.id as Placement) !== cycle || !cycle.has(hostId)) problems.push(`${hostId} maps to ring ${cycle.id} but is not in it`);
    }
  }

  for (const cycle of checked) {
    checkCycle(cycle, problems);
    for (const h of cycle.rawMembers()) {
      if (hostRing.get(h) !== cycle) problems.push(`${h} is in ring ${cycle.id} but mapped to ${hostRing.get(h)?.id ?? 'no ring'}`);
    }
    for (const rep of cycle.first(REPRESENTATIVES_PER_RING)) {
      if (!top.has(rep)) problems.push(`representative ${rep} of ${cycle.id} is not in the top ring`);
    }
  }

  checkCycle(top, problems);
  if (top.size !== expectedTop) problems.push(`top ring has ${top.size} members, expected ${expectedTop}`);
  for (const h of top.rawMembers()) {
    const cycle = hostRing.get(h);
    if (cycle === undefined) problems.push(`top-ring member ${h} is in no local ring`);
    else if (!cycle.first(REPRESENTATIVES_PER_RING).includes(h)) problems.push(`top-ring member ${h} is not a representative of ${cycle.id}`);
  }

  const model = options.model;
  if (model !== undefined) {
    if (model.size !== expectedEdges) problems.push(`commanded edges: ${model.size}, ring edges: ${expectedEdges}`);
    for (const cycle of [...checked, top]) {
      for (const e of rings.edgesOf(cycle.id)) {
        if (!model.has(e.ringId, e.a, e.b)) problems.push(`edge ${e.a}–${e.b} of ${e.ringId} was never started`);
      }
    }
  }
  return problems;
}

function edgeCount(cycle: Cycle): number {
  return cycle.size < 2 ? 0 : cycle.size === 2 ? 1 : cycle.size;
}

function checkCycle(cycle: Cycle, problems: string[]): void {
  const id = cycle.id;
  const head = cycle.head;
  if (head === undefined) {
    if (cycle.size !== 0) problems.push(`ring ${id} has ${cycle.size} members but no head`);
    return;
  }
  const seen = new Set<string>();
  let at = head;
  let lastPosition = -1;
  for (let i = 0; i < cycle.size; i++) {
    if (seen.has(at)) {
      problems.push(`ring ${id} revisits ${at} after ${i} of ${cycle.size} steps: not a single cycle`);
      return;
    }
    seen.add(at);
    const next = cycle.next(at);
    if (cycle.size >= 2 && next === at) problems.push(`self-edge on ${at} in ring ${id}`);
    if (cycle.prev(next) !== at) problems.push(`ring ${id}: prev of ${next} is not ${at}`);
    const position = cycle.position(at);
    if (position <= lastPosition) problems.push(`ring ${id}: position ${position} of ${at} does not increase`);
    lastPosition = position;
    at = next;
  }
  if (at !== head) problems.push(`ring ${id} does not close after ${cycle.size} steps`);
  if (id !== TOP_RING_ID && cycle.size > 0 && cycle.nextPosition <= lastPosition) problems.push(`ring ${id}: next position below a used one`);
}
