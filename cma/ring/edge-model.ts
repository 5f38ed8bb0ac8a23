/**
 * EdgeModel: what the nanoprobes are doing, rebuilt from the commands alone. The simulator and the property tests
 * apply every plan's commands to one and compare it with `RingSet.edges()`: equal sets mean the commands are
 * complete and correct (nothing missing, nothing stale).
 */
import type { HostId } from '../../protocol/messages.ts';
import type { RingCommand, RingEdge, RingId } from './types.ts';

/** A canonical string for the undirected edge a–b of `ringId` (order of a and b does not matter). */
export function edgeKey(ringId: RingId, a: HostId, b: HostId): string {
  return a < b ? `${ringId}\u0000${a}\u0000${b}` : `${ringId}\u0000${b}\u0000${a}`;
}

/** A set of heartbeat edges driven by start/stop commands. */
export class EdgeModel {
  /** Live edges by edgeKey; bounded by the rings' edge count (≈ hosts + top-ring members). */
  readonly #edges = new Map<string, RingEdge>();
  /** Number of heartbeat edges each host has (over all rings); bounded by the hosts that have any. */
  readonly #degree = new Map<HostId, number>();

  /** Number of live edges. */
  get size(): number {
    return this.#edges.size;
  }

  /** True when the edge is live. */
  has(ringId: RingId, a: HostId, b: HostId): boolean {
    return this.#edges.has(edgeKey(ringId, a, b));
  }

  /** How many live edges touch `hostId` (its watcher count, counting a peer once per ring). */
  degree(hostId: HostId): number {
    return this.#degree.get(hostId) ?? 0;
  }

  /**
   * Applies one command. Returns a problem description for a start of a live edge, a stop of an absent one or a
   * self-edge (the edge set is left consistent either way), else undefined.
   */
  apply(command: RingCommand): string | undefined {
    const { a, b, ringId } = command;
    if (a === b) return `${command.kind} of a self-edge ${a} in ${ringId}`;
    const key = edgeKey(ringId, a, b);
    const live = this.#edges.has(key);
    if (command.kind === 'start') {
      if (live) return `start of live edge ${a}–${b} in ${ringId}`;
      this.#edges.set(key, { a, b, ringId });
      this.#bump(a, 1);
      this.#bump(b, 1);
    } else {
      if (!live) return `stop of absent edge ${a}–${b} in ${ringId}`;
      this.#edges.delete(key);
      this.#bump(a, -1);
      this.#bump(b, -1);
    }
    return undefined;
  }

  /** Applies commands in order; returns the problems found (empty when all applied cleanly). */
  applyAll(commands: readonly RingCommand[]): string[] {
    const problems: string[] = [];
    for (const c of commands) {
      const p = this.apply(c);
      if (p !== undefined) problems.push(p);
    }
    return problems;
  }

  /** The live edge keys (see edgeKey). */
  keys(): IterableIterator<string> {
    return this.#edges.keys();
  }

  #bump(hostId: HostId, delta: number): void {
    const d = (this.#degree.get(hostId) ?? 0) + delta;
    if (d === 0) this.#degree.delete(hostId);
    else this.#degree.set(hostId, d);
  }
}
