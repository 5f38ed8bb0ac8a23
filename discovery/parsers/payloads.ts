/**
 * What each discovery kind sends the CMA: a projection of a collection that keeps what the graph needs
 * (docs/graph-model.md: Endpoint, Process, LISTENS_ON, CONNECTS_TO, neighbours) and drops what changes every
 * second (queue sizes, timers, ephemeral local ports, NUD states), so the content hash changes only when the
 * host's picture does. Lists are sorted by their records' keys (the diff keys of docs/discovery.md); the same
 * host state always gives the same payload.
 */
import type { ArpEntry } from './arp.ts';
import { compareKeyParts } from '../../protocol/discovery-diff.ts';
import type { ProcNetSocket } from './proc-net.ts';

export { compareKeyParts };
import { isConnection, isListener, servedBy, type SocketShape } from './socket-roles.ts';
import type { JoinedSocket, ProcessRecord, SocketOwner } from './socket-owners.ts';

/** A process as the graph keys it (hostId, pid, startTime) plus what an operator reads. */
export interface PayloadProcess {
  readonly pid: number;
  readonly startTimeTicks: number | null;
  readonly name: string | null;
  readonly exe: string | null;
  readonly cmdline: readonly string[];
  readonly uid: number | null;
}

/** A listening endpoint and the pids holding it. */
export interface PayloadListener {
  readonly proto: 'tcp' | 'udp';
  readonly address: string;
  readonly port: number;
  readonly pids: readonly number[];
}

/** An outgoing connection's remote endpoint and the pids holding such connections (`count` sockets). */
export interface PayloadConnection {
  readonly proto: 'tcp' | 'udp';
  readonly localAddress: string;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly count: number;
  readonly pids: readonly number[];
}

/** The `netstat` kind's payload: each process once, endpoints naming them by pid. */
export interface NetstatPayload {
  readonly processes: readonly PayloadProcess[];
  readonly listeners: readonly PayloadListener[];
  readonly connections: readonly PayloadConnection[];
}

function processOf(o: SocketOwner): PayloadProcess {
  return { pid: o.pid, startTimeTicks: o.startTimeTicks ?? null, name: o.name ?? null, exe: o.exe ?? null, cmdline: o.cmdline ?? [], uid: o.uid ?? null };
}

/** The process of a ProcessRecord as the payload lists it (the same projection as {@link processOf}). */
export function payloadProcess(p: ProcessRecord): PayloadProcess {
  return { pid: p.pid, startTimeTicks: p.startTimeTicks ?? null, name: p.name ?? null, exe: p.exe ?? null, cmdline: p.cmdline ?? [], uid: p.uid ?? null };
}

/** Adds the owners to `pids` and, once each, to the process table. */
function addOwners(pids: number[], owners: readonly PayloadProcess[], processes: Map<number, PayloadProcess>): void {
  for (const o of owners) {
    if (!pids.includes(o.pid)) pids.push(o.pid); // a handful per endpoint: an array, not a Set (memory at 10k endpoints)
    if (!processes.has(o.pid)) processes.set(o.pid, o);
  }
}

function sortedPids(pids: number[]): number[] {
  return pids.sort((a, b) => a - b);
}

/** Address as the graph's Endpoint keys it: an IPv4-mapped IPv6 address is the IPv4 address. */
function ip(e: { address: string; ipv4?: string }): string {
  return e.ipv4 ?? e.address;
}

/**
 * The payload from sockets in any order, each with its owners' processes: listeners and the connections
 * `served` does not claim (TIME_WAIT left out). Lists are sorted by their diff keys (docs/discovery.md).
 */
function assemble(entries: Iterable<readonly [SocketShape, readonly PayloadProcess[]]>, served: (s: SocketShape) => boolean): NetstatPayload {
  const processes = new Map<number, PayloadProcess>();
  // The payload records themselves are the map values (count and pids filled in place): no wrapper objects,
  // and object literals, not spreads (a spread result gets a hidden class of its own: ≈ 2 maps per record).
  const listen = new Map<string, { proto: 'tcp' | 'udp'; address: string; port: number; pids: number[] }>();
  const conns = new Map<string, { proto: 'tcp' | 'udp'; localAddress: string; remoteAddress: string; remotePort: number; count: number; pids: number[] }>();
  for (const [s, owners] of entries) {
    if (isListener(s)) {
      const key = `${s.protocol} ${s.local.address} ${s.local.port}`;
      let e = listen.get(key);
      if (e === undefined) {
        e = { proto: s.protocol, address: s.local.address, port: s.local.port, pids: [] };
        listen.set(key, e);
      }
      addOwners(e.pids, owners, processes);
    } else if (isConnection(s) && s.state !== 'TIME_WAIT' && !served(s)) {
      const key = `${s.protocol} ${ip(s.local)} ${ip(s.remote)} ${s.remote.port}`;
      let e = conns.get(key);
      if (e === undefined) {
        e = { proto: s.protocol, localAddress: ip(s.local), remoteAddress: ip(s.remote), remotePort: s.remote.port, count: 0, pids: [] };
        conns.set(key, e);
      }
      e.count += 1;
      addOwners(e.pids, owners, processes);
    }
  }
  const listeners = [...listen.values()];
  listen.clear();
  for (const l of listeners) sortedPids(l.pids);
  // Field by field, as compareKeyParts orders the keys (strings by code unit, numbers numerically), without
  // allocating key arrays per comparison.
  listeners.sort((a, b) => byText(a.proto, b.proto) || byText(a.address, b.address) || a.port - b.port);
  const connections = [...conns.values()];
  conns.clear();
  for (const c of connections) sortedPids(c.pids);
  connections.sort((a, b) => byText(a.proto, b.proto) || byText(a.localAddress, b.localAddress) || byText(a.remoteAddress, b.remoteAddress) || a.remotePort - b.remotePort);
  return { processes: [...processes.values()].sort((a, b) => a.pid - b.pid), listeners, connections };
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Listeners (TCP LISTEN, bound UDP) and outgoing connections (TIME_WAIT and accepted server-side sockets left
 * out: the client's host reports those), each with its processes.
 */
export function netstatPayload(joined: readonly JoinedSocket[]): NetstatPayload {
  const served = servedBy(joined.map((j) => j.socket));
  return assemble(
    joined.map((j) => [j.socket, j.owners.map(processOf)] as const),
    served,
  );
}

/** What {@link NetstatBuilder} keeps of a socket row. */
interface KeptSocket extends SocketShape {
  readonly inode: number;
}

/**
 * {@link netstatPayload} built incrementally, for a collector that streams the socket tables and the fd links
 * instead of holding them (same payload; `test/unit/discovery/netstat-builder.test.ts`). Pure:
 * 1. `addSocket(row)` for every row of the four tables — only listeners and possible client connections are
 *    kept, and only what the payload needs of them;
 * 2. `wants(inode)` tells which fd links matter; `addOwner(inode, process)` for each of them (any order);
 * 3. `payload()`.
 * Memory is bounded by the kept sockets, their owners and the distinct processes owning them.
 */
export class NetstatBuilder {
  readonly #kept: KeptSocket[] = [];
  /** Inode → the owning processes (pid order is restored by the payload's sorting). */
  readonly #owners = new Map<number, PayloadProcess[]>();

  /** One socket row. TIME_WAIT rows, unconnected non-listeners and inode-less duplicates are dropped at once. */
  addSocket(s: ProcNetSocket): void {
    if (!isListener(s) && !(isConnection(s) && s.state !== 'TIME_WAIT')) return;
    this.#kept.push({ protocol: s.protocol, state: s.state, local: s.local, remote: s.remote, inode: s.inode });
    if (s.inode !== 0 && !this.#owners.has(s.inode)) this.#owners.set(s.inode, []);
  }

  /** Whether a socket kept so far has this inode (an fd link worth reading the process for). */
  wants(inode: number): boolean {
    return inode !== 0 && this.#owners.has(inode);
  }

  /** A process holds `inode` (one call per fd: a process holding it twice counts once). */
  addOwner(inode: number, p: PayloadProcess): void {
    const list = this.#owners.get(inode);
    if (list !== undefined && !list.some((o) => o.pid === p.pid)) list.push(p);
  }

  /** The inodes of the sockets kept so far (each once). */
  inodes(): IterableIterator<number> {
    return this.#owners.keys();
  }

  /** The owners added so far for `inode` (empty when none, or not kept). */
  ownersOf(inode: number): readonly PayloadProcess[] {
    return this.#owners.get(inode) ?? [];
  }

  /** The payload. */
  payload(): NetstatPayload {
    const owners = this.#owners;
    const kept = this.#kept;
    function* entries(): Generator<readonly [SocketShape, readonly PayloadProcess[]]> {
      for (const s of kept) yield [s, s.inode === 0 ? [] : (owners.get(s.inode) ?? [])];
    }
    return assemble(entries(), servedBy(kept));
  }
}

/** One neighbour of the `arp` kind. */
export interface PayloadArpEntry {
  readonly ip: string;
  readonly mac: string;
  readonly device: string;
  readonly permanent: boolean;
}

/** The `arp` kind's payload: complete entries only (incomplete and failed ones say nothing about a MAC). */
export function arpPayload(entries: readonly ArpEntry[]): { readonly neighbours: readonly PayloadArpEntry[] } {
  const out = entries.flatMap((e) => (e.mac === null ? [] : [{ ip: e.ip, mac: e.mac, device: e.device, permanent: e.permanent }]));
  out.sort((a, b) => (a.device === b.device ? (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0) : a.device < b.device ? -1 : 1));
  return { neighbours: out };
}
