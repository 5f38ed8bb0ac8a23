/**
 * What each discovery kind sends the CMA: a projection of a collection that keeps what the graph needs
 * (docs/graph-model.md: Endpoint, Process, LISTENS_ON, CONNECTS_TO, neighbours) and drops what changes every
 * second (queue sizes, timers, ephemeral local ports, NUD states), so the content hash changes only when the
 * host's picture does. Lists are sorted; the same host state always gives the same payload.
 */
import type { ArpEntry } from './arp.ts';
import { serverConnections, isListener, isConnection } from './socket-roles.ts';
import type { JoinedSocket, SocketOwner } from './socket-owners.ts';

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

/** Adds the owners to `pids` and, once each, to the process table. */
function addOwners(pids: Set<number>, owners: readonly SocketOwner[], processes: Map<number, PayloadProcess>): void {
  for (const o of owners) {
    pids.add(o.pid);
    if (!processes.has(o.pid)) processes.set(o.pid, processOf(o));
  }
}

function sortedPids(s: Set<number>): number[] {
  return [...s].sort((a, b) => a - b);
}

/** Address as the graph's Endpoint keys it: an IPv4-mapped IPv6 address is the IPv4 address. */
function ip(e: { address: string; ipv4?: string }): string {
  return e.ipv4 ?? e.address;
}

/**
 * Listeners (TCP LISTEN, bound UDP) and outgoing connections (TIME_WAIT and accepted server-side sockets left
 * out: the client's host reports those), each with its processes.
 */
export function netstatPayload(joined: readonly JoinedSocket[]): NetstatPayload {
  const served = new Set(serverConnections(joined.map((j) => j.socket)));
  const processes = new Map<number, PayloadProcess>();
  const listen = new Map<string, { l: Omit<PayloadListener, 'pids'>; pids: Set<number> }>();
  const conns = new Map<string, { c: Omit<PayloadConnection, 'pids' | 'count'>; count: number; pids: Set<number> }>();
  for (const { socket: s, owners } of joined) {
    if (isListener(s)) {
      const key = `${s.protocol} ${s.local.address} ${s.local.port}`;
      const e = listen.get(key) ?? { l: { proto: s.protocol, address: s.local.address, port: s.local.port }, pids: new Set() };
      addOwners(e.pids, owners, processes);
      listen.set(key, e);
    } else if (isConnection(s) && !served.has(s) && s.state !== 'TIME_WAIT') {
      const key = `${s.protocol} ${ip(s.local)} ${ip(s.remote)} ${s.remote.port}`;
      const e = conns.get(key) ?? { c: { proto: s.protocol, localAddress: ip(s.local), remoteAddress: ip(s.remote), remotePort: s.remote.port }, count: 0, pids: new Set() };
      e.count += 1;
      addOwners(e.pids, owners, processes);
      conns.set(key, e);
    }
  }
  const byKey = <T>(m: Map<string, T>): T[] => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return {
    processes: [...processes.values()].sort((a, b) => a.pid - b.pid),
    listeners: byKey(listen).map((e) => ({ ...e.l, pids: sortedPids(e.pids) })),
    connections: byKey(conns).map((e) => ({ ...e.c, count: e.count, pids: sortedPids(e.pids) })),
  };
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
