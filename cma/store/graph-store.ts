/**
 * The store seam of the CMA (DESIGN §1, §7): everything the CMA knows that must survive a restart or a failover
 * goes through a `GraphStore`. The CMA's decision core (cma/dispatch) never writes itself: it emits one
 * `StoreBatch` per input, the shell applies it, and only then commits the reports it records (DESIGN §3: a report
 * is ACKed only after its transaction commits) and sends the commands that depend on it.
 *
 * Implementations: `Neo4jGraphStore` (the store of record), `MemoryGraphStore` (tests, simulator) and
 * `FileGraphStore` (small single-box setups). All pass the contract suite in test/unit/cma/store-contract.ts (the
 * Neo4j one in test/integration/neo4j-store.test.ts).
 */
import type { HostId, WireAddress } from '../../protocol/index.ts';
import type { DiscoveryFacts } from '../discovery/index.ts';
import type { GraphChange, Placement, RingMemberRecord } from '../ring/index.ts';

/** Host states. A `shutdown` host stopped cleanly (HBSHUTDOWN); only a confirmed death makes it `dead`. */
export const HOST_STATUSES = ['up', 'dead', 'shutdown'] as const;

/** One of HOST_STATUSES. */
export type HostStatus = (typeof HOST_STATUSES)[number];

/** A registered nanoprobe host: the `Host` node of the graph (docs/graph-model.md). Plain data. */
export interface HostRecord {
  /** 32 lowercase hex chars: the fingerprint of `publicKey`. */
  readonly hostId: HostId;
  /** Raw 32-byte X25519 public key. */
  readonly publicKey: Uint8Array;
  readonly hostname: string;
  /** Where its nanoprobe listens (first = the one peers heartbeat to). */
  readonly addresses: readonly WireAddress[];
  /** /etc/machine-id or DMI UUID, '' when unknown (links a reinstalled machine to its past). */
  readonly machineId: string;
  /** nanoprobe software version. */
  readonly version: string;
  /** The nanoprobe's reliable-channel session: changes on every process start. */
  readonly sessionId: number;
  /** Wall-clock start of the nanoprobe process, ms since the epoch (as it reported). */
  readonly startedWallMs: number;
  /** First registration, wall ms. */
  readonly firstSeenWallMs: number;
  /** Last STARTUP or report from it, wall ms. */
  readonly lastSeenWallMs: number;
  readonly status: HostStatus;
  /** When `status` last changed, wall ms. */
  readonly statusSinceWallMs: number;
  /** Its local ring's key (`switch:` from LLDP, else `subnet:`), kept while dead so it rejoins the same ring. */
  readonly placement: Placement;
  /** When it was last declared dead (wall ms); null when it is not dead. */
  readonly deadAtWallMs: number | null;
  /** Why it was declared dead (observers, probes, pings); '' when it is not dead. */
  readonly deadReason: string;
  /** HBLATE reports about it since registration. */
  readonly lateCount: number;
}

/** Kinds of stored events. `report-*` record a nanoprobe report as received; the others record decisions. */
export const EVENT_TYPES = [
  'host-join',
  'host-restart',
  'host-dead',
  'host-up',
  'host-shutdown',
  'host-move',
  'ring-unreachable',
  'report-late',
  'report-dead',
  'report-back-alive',
  'report-martian',
  'report-probe-result',
  'report-mon-state',
] as const;

/** One of EVENT_TYPES. */
export type EventType = (typeof EVENT_TYPES)[number];

/** A value in an event's detail: small plain data only (never raw wire payloads). */
export type EventDetailValue = string | number | boolean | null | readonly string[];

/** An `Event` node: something that happened, kept for `cma events` and notification sinks. */
export interface EventRecord {
  /** Unique: `<cmaSession hex>-<counter>`, so retried batches are idempotent. */
  readonly id: string;
  readonly wallMs: number;
  readonly type: EventType;
  /** The host it is about, null for ring-level events. */
  readonly hostId: HostId | null;
  /** The ring it is about (or the reporter's ring), null when none. */
  readonly ringId: string | null;
  readonly detail: Readonly<Record<string, EventDetailValue>>;
}

/** Discovery data of one kind from one host, kept opaque until the discovery issues interpret it. */
export interface DiscoveryRecord {
  readonly hostId: HostId;
  readonly kind: string;
  readonly hash: string;
  /** true: payload is the whole state; false: a diff against the previous hash. */
  readonly full: boolean;
  readonly payload: unknown;
  readonly wallMs: number;
}

/** The hash the store holds for one host's discovery kind (what the CMA compares STARTUP's discoveryHashes with). */
export interface StoredDiscoveryHash {
  readonly hostId: HostId;
  readonly kind: string;
  readonly hash: string;
}

/**
 * One write transaction. Applied atomically and in this order: host upserts (by hostId, whole record), ring
 * changes (in list order, as docs/rings.md orders them), events (by id, idempotent), discovery (latest per host
 * and kind), then facts (in list order: each is the whole state of one kind on one host; what that host held
 * for the kind and is absent gets `gone`), then the dependency derivation over the hosts facts touched.
 * Applying the same batch twice leaves the store as applying it once.
 */
export interface StoreBatch {
  readonly hosts: readonly HostRecord[];
  readonly ringChanges: readonly GraphChange[];
  readonly events: readonly EventRecord[];
  readonly discovery: readonly DiscoveryRecord[];
  /** Interpreted discovery (cma/discovery): graph facts; omitted = none. */
  readonly facts?: readonly DiscoveryFacts[];
}

/** True when the batch writes nothing. */
export function isEmptyBatch(batch: StoreBatch): boolean {
  return batch.hosts.length === 0 && batch.ringChanges.length === 0 && batch.events.length === 0 && batch.discovery.length === 0 && (batch.facts ?? []).length === 0;
}

/** Persistence for the CMA. All methods reject with a StoreError; after close() every call rejects STORE_CLOSED. */
export interface GraphStore {
  /** Applies one batch in one transaction (all or nothing). */
  apply(batch: StoreBatch): Promise<void>;
  /** Every host ever registered (any status), sorted by hostId. */
  loadHosts(): Promise<HostRecord[]>;
  /** Every ring membership with its position (what planRebuild takes), sorted by ring id then position. */
  loadRingMembers(): Promise<RingMemberRecord[]>;
  /** The hash of every stored discovery record (latest per host and kind), sorted by hostId then kind. */
  loadDiscoveryHashes(): Promise<StoredDiscoveryHash[]>;
  /** Events with `wallMs >= sinceWallMs`, oldest first. */
  events(sinceWallMs: number): Promise<EventRecord[]>;
  /** Releases the store; idempotent. */
  close(): Promise<void>;
}

/**
 * One batch equivalent to applying `batches` one after the other (group commit, cma/daemon.ts): lists are
 * concatenated in order; host upserts replace whole records and events and discovery are keyed, so the later
 * record wins exactly as a later batch would; ring changes keep their order.
 */
export function mergeBatches(batches: readonly StoreBatch[]): StoreBatch {
  if (batches.length === 1 && batches[0] !== undefined) return batches[0];
  return {
    hosts: batches.flatMap((b) => b.hosts),
    ringChanges: batches.flatMap((b) => b.ringChanges),
    events: batches.flatMap((b) => b.events),
    discovery: batches.flatMap((b) => b.discovery),
    facts: batches.flatMap((b) => b.facts ?? []),
  };
}
