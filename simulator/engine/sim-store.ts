/**
 * Where the simulated CMA's StoreBatches go, synchronously (the engine runs one event at a time, so a write is
 * instant in virtual time). Two implementations: `light` keeps just what a failover restore needs (host records
 * by reference — CmaCore replaces records, never mutates them — and ring memberships), cheap enough for 1M
 * hosts; `memory` is the real MemoryGraphStore (copies, events, WATCHES edges), for smaller runs.
 */
import type { RingMemberRecord } from '../../cma/ring/index.ts';
import { MemoryGraphStore, type HostRecord, type StoreBatch } from '../../cma/store/index.ts';

/** The store seam of the simulator. */
export interface SimStore {
  /** Applies one batch; a failure is kept and reported by `error`. */
  apply(batch: StoreBatch): void;
  loadHosts(): Promise<HostRecord[]>;
  loadRingMembers(): Promise<RingMemberRecord[]>;
  /** The first write failure, if any. */
  readonly error: Error | undefined;
}

/** Store kinds a scenario may ask for. */
export type SimStoreKind = 'light' | 'memory';

/** Reference-keeping store: hosts by id, memberships by ring. */
export class LightStore implements SimStore {
  /** Bounded by the hosts ever registered. */
  readonly #hosts = new Map<string, HostRecord>();
  /** ring id → host id → position; bounded by the memberships (≈ hosts + top-ring members). */
  readonly #rings = new Map<string, Map<string, number>>();
  error: Error | undefined = undefined;

  apply(batch: StoreBatch): void {
    for (const h of batch.hosts) this.#hosts.set(h.hostId, h);
    for (const c of batch.ringChanges) {
      switch (c.kind) {
        case 'ring-add':
          if (!this.#rings.has(c.ringId)) this.#rings.set(c.ringId, new Map());
          break;
        case 'ring-remove':
          this.#rings.delete(c.ringId);
          break;
        case 'member-add': {
          let ring = this.#rings.get(c.ringId);
          if (ring === undefined) {
            ring = new Map();
            this.#rings.set(c.ringId, ring);
          }
          ring.set(c.hostId, c.position);
          break;
        }
        case 'member-remove':
          this.#rings.get(c.ringId)?.delete(c.hostId);
          break;
        case 'edge-add':
        case 'edge-remove':
          break; // derivable from the memberships; not kept
      }
    }
  }

  loadHosts(): Promise<HostRecord[]> {
    return Promise.resolve([...this.#hosts.values()].sort((x, y) => (x.hostId < y.hostId ? -1 : x.hostId > y.hostId ? 1 : 0)));
  }

  loadRingMembers(): Promise<RingMemberRecord[]> {
    const out: RingMemberRecord[] = [];
    for (const ringId of [...this.#rings.keys()].sort()) {
      const ring = this.#rings.get(ringId);
      if (ring === undefined) continue;
      const members = [...ring].sort((x, y) => x[1] - y[1]);
      for (const [hostId, position] of members) out.push({ hostId, ringId: ringId as RingMemberRecord['ringId'], position });
    }
    return Promise.resolve(out);
  }
}

/** The real MemoryGraphStore behind the synchronous seam (its apply does its work before returning). */
export class MemoryStoreAdapter implements SimStore {
  readonly store = new MemoryGraphStore({ maxEvents: 1_000_000 });
  error: Error | undefined = undefined;

  apply(batch: StoreBatch): void {
    this.store.apply(batch).catch((err: unknown) => {
      this.error ??= err instanceof Error ? err : new Error(String(err));
    });
  }

  loadHosts(): Promise<HostRecord[]> {
    return this.store.loadHosts();
  }

  loadRingMembers(): Promise<RingMemberRecord[]> {
    return this.store.loadRingMembers();
  }
}

/** A store of `kind`. */
export function createSimStore(kind: SimStoreKind): SimStore {
  return kind === 'memory' ? new MemoryStoreAdapter() : new LightStore();
}
