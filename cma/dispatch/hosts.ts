/**
 * The CMA's host table: the latest HostRecord of every registered host plus the little transient state the
 * decision core keeps beside it (never stored: a restarted CMA starts without it, which only makes it more
 * cautious).
 */
import type { HostId, Startup, WireAddress } from '../../protocol/index.ts';
import type { Placement, RingId } from '../ring/index.ts';
import type { HostRecord } from '../store/index.ts';

/** A heartbeat edge a host ran when it was declared dead: `peerId` in `ringId`. */
export interface StaleEdge {
  readonly peerId: HostId;
  readonly ringId: RingId;
}

/** One registered host. `record` is replaced (never mutated) on every change, so it can go into a batch as is. */
export interface HostState {
  record: HostRecord;
  /** Monotonic ms of its last resurrection from dead; its HBDEADs do not count for confirmWindowMs after it. */
  backAtMs: number | undefined;
  /** The edges it ran when declared dead or shut down (≤ 4: local + top ring); told to stop when it comes back. */
  staleEdges: readonly StaleEdge[];
}

/** Registered hosts by id. */
export class HostTable {
  /** Bounded by the hosts ever registered (dead and shut-down hosts stay, as in the graph). */
  readonly #hosts = new Map<HostId, HostState>();

  /** Number of registered hosts. */
  get size(): number {
    return this.#hosts.size;
  }

  /** The host's state, undefined when unknown. */
  get(hostId: HostId): HostState | undefined {
    return this.#hosts.get(hostId);
  }

  /** True when the host is registered and `up`. */
  isUp(hostId: HostId): boolean {
    return this.#hosts.get(hostId)?.record.status === 'up';
  }

  /** Adds (or replaces) a host with a fresh transient state. */
  add(record: HostRecord): HostState {
    const state: HostState = { record, backAtMs: undefined, staleEdges: [] };
    this.#hosts.set(record.hostId, state);
    return state;
  }

  /** Every host, in registration order. */
  values(): IterableIterator<HostState> {
    return this.#hosts.values();
  }
}

/** What a STARTUP says about its host: the fields a (re-)registration copies into the host record. */
export function startupFacts(msg: Startup): Pick<HostRecord, 'hostname' | 'addresses' | 'machineId' | 'version' | 'sessionId' | 'startedWallMs'> {
  return {
    hostname: msg.hostname,
    addresses: msg.addresses,
    machineId: msg.machineId,
    version: msg.version,
    sessionId: msg.sessionId,
    startedWallMs: msg.startedWallMs,
  };
}

/** The record of a host seen for the first time. */
export function newHostRecord(msg: Startup, placement: Placement, wallMs: number): HostRecord {
  return {
    hostId: msg.hostId,
    publicKey: msg.publicKey,
    ...startupFacts(msg),
    firstSeenWallMs: wallMs,
    lastSeenWallMs: wallMs,
    status: 'up',
    statusSinceWallMs: wallMs,
    placement,
    deadAtWallMs: null,
    deadReason: '',
    lateCount: 0,
  };
}

/** The address peers and the CMA use for a host: its first one. */
export function primaryAddress(record: HostRecord): WireAddress | undefined {
  return record.addresses[0];
}

/** `ip:port`, or `[ip]:port` for IPv6. */
export function formatAddress(address: WireAddress | undefined): string {
  if (address === undefined) return '';
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** True when both lists hold the same addresses in the same order. */
export function sameAddresses(x: readonly WireAddress[], y: readonly WireAddress[]): boolean {
  return x.length === y.length && x.every((a, i) => {
    const b = y[i];
    return b !== undefined && a.host === b.host && a.port === b.port;
  });
}

/** True when two keys have the same bytes. */
export function sameKey(x: Uint8Array, y: Uint8Array): boolean {
  return x.length === y.length && x.every((b, i) => b === y[i]);
}
