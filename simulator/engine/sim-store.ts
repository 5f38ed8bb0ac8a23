/**
 * Where the simulated CMA's StoreBatches go, synchronously (the engine runs one event at a time, so a write is
 * instant in virtual time). Two implementations: `light` keeps just what a failover restore needs (host records
 * by reference — CmaCore replaces records, never mutates them — and ring memberships), cheap enough for 1M
 * hosts; `memory` is the real MemoryGraphStore (copies, events, WATCHES edges), for smaller runs.
 */
import type { RingMemberRecord } from '../../cma/ring/index.ts';
import { MemoryGraphStore, mergeBatches, type GraphStore, type HostRecord, type StoreBatch } from '../../cma/store/index.ts';
import type { GraphItems } from '../report/graph-accuracy.ts';
import { readCypherGraph, readMemoryGraph, type CypherRead } from './graph-read.ts';

/** The store seam of the simulator. */
export interface SimStore {
  /** Applies one batch; a failure is kept and reported by `error`. */
  apply(batch: StoreBatch): void;
  loadHosts(): Promise<HostRecord[]>;
  loadRingMembers(): Promise<RingMemberRecord[]>;
  /** Waits until every batch applied so far is written. */
  flush(): Promise<void>;
  /** The stored graph as comparison items (simulator/report/graph-accuracy.ts), undefined when not kept. */
  readGraph(): Promise<GraphItems | undefined>;
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

  flush(): Promise<void> {
    return Promise.resolve();
  }

  readGraph(): Promise<GraphItems | undefined> {
    return Promise.resolve(undefined); // keeps no discovery
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

  flush(): Promise<void> {
    return Promise.resolve();
  }

  readGraph(): Promise<GraphItems | undefined> {
    return readMemoryGraph(this.store);
  }
}

/** Batches merged into one transaction when an external store is flushed (the daemon's group commit). */
const GROUP_BATCHES = 500;

/**
 * Any GraphStore (the Neo4j one at small N) behind the synchronous seam: batches are queued in order and written
 * when the run awaits (a failover restore, the end of the run), merged in groups of GROUP_BATCHES as the CMA
 * daemon's group commit merges them. The graph is read back with `read` (Cypher).
 */
export class ExternalStoreAdapter implements SimStore {
  readonly store: GraphStore;
  readonly #read: CypherRead | undefined;
  /** Batches not written yet; bounded by what the run produces between two awaits. */
  #queue: StoreBatch[] = [];
  error: Error | undefined = undefined;

  constructor(store: GraphStore, read?: CypherRead) {
    this.store = store;
    this.#read = read;
  }

  apply(batch: StoreBatch): void {
    this.#queue.push(batch);
  }

  async flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const group = this.#queue.splice(0, GROUP_BATCHES);
      if (this.error !== undefined) continue;
      try {
        await this.store.apply(mergeBatches(group));
      } catch (err) {
        this.error = err instanceof Error ? err : new Error(String(err));
      }
    }
  }

  async loadHosts(): Promise<HostRecord[]> {
    await this.flush();
    return this.store.loadHosts();
  }

  async loadRingMembers(): Promise<RingMemberRecord[]> {
    await this.flush();
    return this.store.loadRingMembers();
  }

  async readGraph(): Promise<GraphItems | undefined> {
    await this.flush();
    return this.#read === undefined ? undefined : readCypherGraph(this.#read);
  }
}

/** A store of `kind`. */
export function createSimStore(kind: SimStoreKind): SimStore {
  return kind === 'memory' ? new MemoryStoreAdapter() : new LightStore();
}
