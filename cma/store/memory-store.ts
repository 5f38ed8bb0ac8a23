/**
 * MemoryGraphStore: the GraphStore in plain Maps, for tests and the simulator (STYLE practice 12: the same
 * cma/ring + cma/dispatch code runs over it). Semantics follow what the Neo4j store does with MERGE / DETACH
 * DELETE: upserts replace, removing what is absent is a no-op, removing a ring drops its memberships, so a batch
 * applied twice changes nothing. A batch is validated whole before anything is applied (all or nothing).
 * Records are copied in and out, so callers never share objects with the store.
 */
import { edgeKey, type GraphChange, type RingId, type RingMemberRecord } from '../ring/index.ts';
import { StoreError } from './errors.ts';
import { FactGraph, type FactNode, type FactRel } from './fact-graph.ts';
import { nodeLine, relLine } from './fact-lines.ts';
import type { DiscoveryRecord, EventRecord, GraphStore, HostRecord, StoreBatch, StoredDiscoveryHash } from './graph-store.ts';
import { validateBatch } from './validate.ts';

/** Default number of events kept; the oldest are dropped beyond it. */
export const DEFAULT_MAX_EVENTS = 100_000;

/** Options of a MemoryGraphStore. */
export interface MemoryGraphStoreInit {
  /** Events kept (oldest dropped first); default DEFAULT_MAX_EVENTS. */
  readonly maxEvents?: number;
}

/** A GraphStore held in memory. */
export class MemoryGraphStore implements GraphStore {
  readonly #maxEvents: number;
  /** Hosts by id; bounded by the hosts ever registered. */
  readonly #hosts = new Map<string, HostRecord>();
  /** Ring nodes; bounded by the placements in use plus the top ring. */
  readonly #rings = new Set<RingId>();
  /** Memberships by `ringId \0 hostId`; bounded by the monitored hosts (+ top-ring members). */
  readonly #members = new Map<string, RingMemberRecord>();
  /** WATCHES edges by edgeKey; bounded by the ring edges (≈ members). */
  readonly #edges = new Set<string>();
  /** Events by id in insertion order; bounded by maxEvents (oldest dropped). */
  readonly #events = new Map<string, EventRecord>();
  /** Latest discovery per `hostId \0 kind`; bounded by hosts × discovery kinds. */
  readonly #discovery = new Map<string, DiscoveryRecord>();
  /** The interpreted discovery graph; bounded by what discovery reported. */
  readonly #facts = new FactGraph();
  #closed = false;

  constructor(init: MemoryGraphStoreInit = {}) {
    const max = init.maxEvents ?? DEFAULT_MAX_EVENTS;
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`maxEvents must be a positive integer, got ${max}`);
    this.#maxEvents = max;
  }

  apply(batch: StoreBatch): Promise<void> {
    return this.#run(() => {
      validateBatch(batch);
      for (const h of batch.hosts) this.#hosts.set(h.hostId, structuredClone(h));
      for (const c of batch.ringChanges) this.#applyChange(c);
      for (const e of batch.events) this.#addEvent(structuredClone(e));
      for (const d of batch.discovery) this.#discovery.set(`${d.hostId}\u0000${d.kind}`, structuredClone(d));
      for (const f of batch.facts ?? []) this.#facts.apply(f);
      if ((batch.facts ?? []).length > 0) this.#facts.refreshExternal();
    });
  }

  loadHosts(): Promise<HostRecord[]> {
    return this.#run(() => [...this.#hosts.values()].sort((x, y) => cmp(x.hostId, y.hostId)).map((h) => structuredClone(h)));
  }

  loadRingMembers(): Promise<RingMemberRecord[]> {
    return this.#run(() => [...this.#members.values()].sort((x, y) => cmp(x.ringId, y.ringId) || x.position - y.position).map((m) => ({ ...m })));
  }

  loadDiscoveryHashes(): Promise<StoredDiscoveryHash[]> {
    return this.#run(() => [...this.#discovery.values()].map((d) => ({ hostId: d.hostId, kind: d.kind, hash: d.hash })).sort((x, y) => cmp(x.hostId, y.hostId) || cmp(x.kind, y.kind)));
  }

  events(sinceWallMs: number): Promise<EventRecord[]> {
    return this.#run(() => [...this.#events.values()].filter((e) => e.wallMs >= sinceWallMs).map((e) => structuredClone(e)));
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  /** Test and simulator view: the latest discovery record of a host and kind. */
  discoveryOf(hostId: string, kind: string): DiscoveryRecord | undefined {
    const d = this.#discovery.get(`${hostId}\u0000${kind}`);
    return d === undefined ? undefined : structuredClone(d);
  }

  /** Test and simulator view: the discovery graph as sorted lines (cma/store/fact-lines.ts). */
  factLines(): string[] {
    const nodes = [...this.#facts.nodes.values()].map((n) => nodeLine(n.label, n.key, n.props));
    const rels = [...this.#facts.rels.values()].map((r) => relLine(r.type, r.from, r.to, r.props));
    return [...nodes, ...rels].sort();
  }

  /** Test and simulator view: copies of the discovery graph's nodes and relationships (simulator/engine/graph-read.ts). */
  factGraph(): { readonly nodes: FactNode[]; readonly rels: FactRel[] } {
    return { nodes: [...this.#facts.nodes.values()].map((n) => structuredClone(n)), rels: [...this.#facts.rels.values()].map((r) => structuredClone(r)) };
  }

  /** Test and simulator view: the stored WATCHES edges as edgeKey strings, sorted. */
  edgeKeys(): string[] {
    return [...this.#edges].sort();
  }

  /** Test and simulator view: the stored ring ids, sorted. */
  ringIds(): RingId[] {
    return [...this.#rings].sort();
  }

  #run<T>(body: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreError('STORE_CLOSED', 'the store is closed'));
    try {
      return Promise.resolve(body());
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  #applyChange(c: GraphChange): void {
    switch (c.kind) {
      case 'ring-add':
        this.#rings.add(c.ringId);
        break;
      case 'ring-remove':
        this.#rings.delete(c.ringId);
        for (const [key, m] of this.#members) if (m.ringId === c.ringId) this.#members.delete(key);
        break;
      case 'member-add':
        this.#rings.add(c.ringId);
        this.#members.set(`${c.ringId}\u0000${c.hostId}`, { hostId: c.hostId, ringId: c.ringId, position: c.position });
        break;
      case 'member-remove':
        this.#members.delete(`${c.ringId}\u0000${c.hostId}`);
        break;
      case 'edge-add':
        this.#edges.add(edgeKey(c.ringId, c.a, c.b));
        break;
      case 'edge-remove':
        this.#edges.delete(edgeKey(c.ringId, c.a, c.b));
        break;
    }
  }

  #addEvent(e: EventRecord): void {
    this.#events.set(e.id, e);
    while (this.#events.size > this.#maxEvents) {
      const oldest = this.#events.keys().next();
      if (oldest.done === true) break;
      this.#events.delete(oldest.value);
    }
  }
}

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
