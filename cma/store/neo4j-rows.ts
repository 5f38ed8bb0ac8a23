/**
 * Pure translation between the CMA's records and the rows the Neo4j store writes with `UNWIND $rows` (property
 * names as docs/graph-model.md has them). Ring changes are coalesced into their net effect so one transaction runs
 * a fixed number of statements however many batches a group commit merged: replaying the changes in order on
 * sets gives the same final state as applying them one by one (MERGE / DELETE are idempotent).
 */
import neo4j, { type Integer } from 'neo4j-driver';
import type { WireAddress } from '../../protocol/index.ts';
import type { GraphChange, Placement, RingId, RingMemberRecord } from '../ring/index.ts';
import type { DiscoveryRecord, EventDetailValue, EventRecord, HostRecord, HostStatus, StoreBatch } from './graph-store.ts';

/** Integers go to Neo4j as INTEGER (a JS number would be stored as FLOAT); anything else as it is. */
const int = (v: number): Integer | number => (Number.isSafeInteger(v) ? neo4j.int(v) : v);
const intOrNull = (v: number | null): Integer | number | null => (v === null ? null : int(v));

/** `ip:port`, IPv6 in brackets (docs/graph-model.md Host.addresses). */
export function formatWireAddress(a: WireAddress): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

/** Inverse of formatWireAddress. */
export function parseWireAddress(text: string): WireAddress {
  const at = text.lastIndexOf(':');
  const host = text.slice(0, at);
  return { host: host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host, port: Number(text.slice(at + 1)) };
}

/** The Host node's properties of a record (hostId is the MERGE key). */
export function hostProps(h: HostRecord): Record<string, unknown> {
  return {
    hostname: h.hostname,
    publicKey: Buffer.from(h.publicKey).toString('base64'),
    addresses: h.addresses.map(formatWireAddress),
    machineId: h.machineId,
    version: h.version,
    sessionId: int(h.sessionId),
    startedWallMs: int(h.startedWallMs),
    firstSeenMs: int(h.firstSeenWallMs),
    lastSeenMs: int(h.lastSeenWallMs),
    status: h.status,
    statusSinceMs: int(h.statusSinceWallMs),
    placement: h.placement,
    deadAtMs: intOrNull(h.deadAtWallMs), // null removes the property
    deadReason: h.deadReason,
    lateCount: int(h.lateCount),
  };
}

type Props = Readonly<Record<string, unknown>>;
const num = (v: unknown): number => (typeof v === 'number' ? v : neo4j.isInt(v) ? v.toNumber() : Number(v));
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A HostRecord from a Host node's properties (the driver runs with disableLosslessIntegers, but Integer is accepted too). */
export function hostFromProps(p: Props): HostRecord {
  const addresses = Array.isArray(p.addresses) ? (p.addresses as unknown[]).map((a) => parseWireAddress(str(a))) : [];
  return {
    hostId: str(p.hostId),
    publicKey: Uint8Array.from(Buffer.from(str(p.publicKey), 'base64')),
    hostname: str(p.hostname),
    addresses,
    machineId: str(p.machineId),
    version: str(p.version),
    sessionId: num(p.sessionId),
    startedWallMs: num(p.startedWallMs),
    firstSeenWallMs: num(p.firstSeenMs),
    lastSeenWallMs: num(p.lastSeenMs),
    status: str(p.status) as HostStatus,
    statusSinceWallMs: num(p.statusSinceMs),
    placement: str(p.placement) as Placement,
    deadAtWallMs: p.deadAtMs === null || p.deadAtMs === undefined ? null : num(p.deadAtMs),
    deadReason: str(p.deadReason),
    lateCount: num(p.lateCount),
  };
}

/** The Event node's row. `detail` is stored as JSON text. */
export function eventRow(e: EventRecord): Record<string, unknown> {
  return { id: e.id, wallMs: int(e.wallMs), type: e.type, hostId: e.hostId, ringId: e.ringId, detail: JSON.stringify(e.detail) };
}

/** An EventRecord from an Event node's properties. */
export function eventFromProps(p: Props): EventRecord {
  const hostId = p.hostId;
  const ringId = p.ringId;
  return {
    id: str(p.id),
    wallMs: num(p.wallMs),
    type: str(p.type) as EventRecord['type'],
    hostId: typeof hostId === 'string' ? hostId : null,
    ringId: typeof ringId === 'string' ? ringId : null,
    detail: JSON.parse(str(p.detail) || '{}') as Record<string, EventDetailValue>,
  };
}

/** The `key` of a Discovery node: JSON text of `[hostId, kind]` (docs/graph-model.md, synthetic composite keys). */
export const discoveryKey = (hostId: string, kind: string): string => JSON.stringify([hostId, kind]);

/** JSON that never throws on bigint or bytes (discovery payloads are decoded msgpack). */
function payloadJson(payload: unknown): string {
  if (payload === undefined || typeof payload === 'function' || typeof payload === 'symbol') return 'null';
  return JSON.stringify(payload, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v));
}

/** The Discovery node's row. */
export function discoveryRow(d: DiscoveryRecord): Record<string, unknown> {
  return { key: discoveryKey(d.hostId, d.kind), hostId: d.hostId, props: { hostId: d.hostId, kind: d.kind, hash: d.hash, full: d.full, payload: payloadJson(d.payload), wallMs: int(d.wallMs) } };
}

/** The net effect of a batch's ring changes, in the order the store runs them. */
export interface RingWrites {
  /** Rings removed at some point of the batch: DETACH DELETEd first (drops their memberships). */
  readonly ringsRemoved: string[];
  /** Rings that exist at the end: MERGEd, with their placement. */
  readonly ringsAdded: { ringId: string; placement: string }[];
  readonly membersRemoved: { hostId: string; ringId: string }[];
  readonly membersAdded: { hostId: string; ringId: string; position: Integer | number }[];
  readonly edgesRemoved: { a: string; b: string; ringId: string }[];
  readonly edgesAdded: { a: string; b: string; ringId: string }[];
}

/**
 * Replays `changes` on sets and returns the net writes. Equivalence with in-order application: a ring removed
 * and re-added is deleted (with every stored membership) before it is re-created; a membership's or edge's last
 * change wins; a ring removal also cancels the batch's earlier member-adds of that ring. Edges do not belong to
 * Ring nodes (WATCHES joins two hosts), so ring removal leaves them, as in MemoryGraphStore.
 */
export function coalesceRingChanges(changes: readonly GraphChange[]): RingWrites {
  const removedRings = new Set<string>();
  const rings = new Map<string, { present: boolean; placement: string }>();
  const members = new Map<string, RingMemberRecord | { hostId: string; ringId: RingId; position: null }>();
  const edges = new Map<string, { a: string; b: string; ringId: string; present: boolean }>();
  const memberKey = (ringId: string, hostId: string): string => JSON.stringify([ringId, hostId]);
  const edgeKey = (c: { a: string; b: string; ringId: string }): string => JSON.stringify(c.a < c.b ? [c.ringId, c.a, c.b] : [c.ringId, c.b, c.a]);
  for (const c of changes) {
    switch (c.kind) {
      case 'ring-add':
        rings.set(c.ringId, { present: true, placement: c.placement });
        break;
      case 'ring-remove':
        removedRings.add(c.ringId);
        rings.set(c.ringId, { present: false, placement: c.placement });
        for (const [k, m] of members) if (m.ringId === c.ringId) members.delete(k);
        break;
      case 'member-add':
        if (rings.get(c.ringId)?.present !== true) rings.set(c.ringId, { present: true, placement: c.ringId });
        members.set(memberKey(c.ringId, c.hostId), { hostId: c.hostId, ringId: c.ringId, position: c.position });
        break;
      case 'member-remove':
        members.set(memberKey(c.ringId, c.hostId), { hostId: c.hostId, ringId: c.ringId, position: null });
        break;
      case 'edge-add':
      case 'edge-remove':
        edges.set(edgeKey(c), { a: c.a, b: c.b, ringId: c.ringId, present: c.kind === 'edge-add' });
        break;
    }
  }
  const ms = [...members.values()];
  const es = [...edges.values()];
  return {
    ringsRemoved: [...removedRings],
    ringsAdded: [...rings].filter(([, r]) => r.present).map(([ringId, r]) => ({ ringId, placement: r.placement })),
    membersRemoved: ms.filter((m) => m.position === null).map((m) => ({ hostId: m.hostId, ringId: m.ringId })),
    membersAdded: ms.flatMap((m) => (m.position === null ? [] : [{ hostId: m.hostId, ringId: m.ringId, position: int(m.position) }])),
    edgesRemoved: es.filter((e) => !e.present).map(({ a, b, ringId }) => ({ a, b, ringId })),
    edgesAdded: es.filter((e) => e.present).map(({ a, b, ringId }) => ({ a, b, ringId })),
  };
}

/** Every row list of one transaction; keyed records deduplicated (the later one wins, as a later batch would). */
export interface WritePlan {
  readonly hosts: { hostId: string; props: Record<string, unknown> }[];
  readonly rings: RingWrites;
  readonly events: Record<string, unknown>[];
  readonly discovery: Record<string, unknown>[];
}

const lastByKey = <T>(items: readonly T[], key: (t: T) => string): T[] => [...new Map(items.map((i) => [key(i), i])).values()];

/** The rows of one (validated) batch. */
export function planWrites(batch: StoreBatch): WritePlan {
  return {
    hosts: lastByKey(batch.hosts, (h) => h.hostId).map((h) => ({ hostId: h.hostId, props: hostProps(h) })),
    rings: coalesceRingChanges(batch.ringChanges),
    events: lastByKey(batch.events, (e) => e.id).map(eventRow),
    discovery: lastByKey(batch.discovery, (d) => discoveryKey(d.hostId, d.kind)).map(discoveryRow),
  };
}
