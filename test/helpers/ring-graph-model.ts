/**
 * A stand-in for the graph store in ring tests: applies a plan's graphChanges in order, complaining about
 * anything a store would reject (a member of a ring not yet added, a removed ring with members left, a duplicate
 * edge), and compares itself with a RingSet.
 */
import { edgeKey, type GraphChange, type RingId, type RingSet } from '../../cma/ring/index.ts';

export class RingGraphModel {
  /** ring id → host id → position. */
  readonly rings = new Map<RingId, Map<string, number>>();
  readonly edges = new Set<string>();

  /** Applies changes in order; returns the problems met. */
  apply(changes: readonly GraphChange[]): string[] {
    const problems: string[] = [];
    for (const c of changes) {
      switch (c.kind) {
        case 'ring-add':
          if (this.rings.has(c.ringId)) problems.push(`ring-add of existing ${c.ringId}`);
          if (c.placement !== c.ringId) problems.push(`ring-add ${c.ringId} with placement ${c.placement}`);
          this.rings.set(c.ringId, new Map());
          break;
        case 'ring-remove': {
          const members = this.rings.get(c.ringId);
          if (members === undefined) problems.push(`ring-remove of absent ${c.ringId}`);
          else if (members.size > 0) problems.push(`ring-remove of ${c.ringId} with ${members.size} members`);
          this.rings.delete(c.ringId);
          break;
        }
        case 'member-add': {
          const members = this.rings.get(c.ringId);
          if (members === undefined) problems.push(`member-add to absent ring ${c.ringId}`);
          else if (members.has(c.hostId)) problems.push(`member-add of existing ${c.hostId} to ${c.ringId}`);
          else members.set(c.hostId, c.position);
          break;
        }
        case 'member-remove':
          if (this.rings.get(c.ringId)?.delete(c.hostId) !== true) problems.push(`member-remove of absent ${c.hostId} from ${c.ringId}`);
          break;
        case 'edge-add': {
          const key = edgeKey(c.ringId, c.a, c.b);
          if (this.edges.has(key)) problems.push(`edge-add of existing ${key}`);
          this.edges.add(key);
          break;
        }
        case 'edge-remove':
          if (!this.edges.delete(edgeKey(c.ringId, c.a, c.b))) problems.push(`edge-remove of absent ${c.a}–${c.b} in ${c.ringId}`);
          break;
      }
    }
    return problems;
  }

  /** Differences between this model and the rings (memberships with positions, and edges). */
  diff(rings: RingSet): string[] {
    const problems: string[] = [];
    const records = rings.records();
    let count = 0;
    for (const members of this.rings.values()) count += members.size;
    if (count !== records.length) problems.push(`model has ${count} memberships, rings ${records.length}`);
    for (const r of records) {
      if (this.rings.get(r.ringId)?.get(r.hostId) !== r.position) problems.push(`membership ${r.hostId}@${r.ringId}#${r.position} missing from model`);
    }
    const ringIds = new Set(rings.ringIds());
    for (const id of this.rings.keys()) if (!ringIds.has(id)) problems.push(`model has ring ${id} the rings do not`);
    const edges = rings.edges().map((e) => edgeKey(e.ringId, e.a, e.b));
    if (edges.length !== this.edges.size) problems.push(`model has ${this.edges.size} edges, rings ${edges.length}`);
    for (const e of edges) if (!this.edges.has(e)) problems.push(`edge ${e} missing from model`);
    return problems;
  }
}
