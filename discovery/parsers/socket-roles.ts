/**
 * Which sockets serve and which are clients, from one host's socket tables alone.
 *
 * - A **listener** is a TCP socket in LISTEN, or a UDP socket that is unconnected and bound to a port (that is
 *   what a UDP server looks like; an unconnected UDP *client* looks the same and cannot be told apart here).
 * - A **connection** has a peer (remote port ≠ 0) and is not a listener. It is **server-side** when its local
 *   port is served by a listener on this host: same protocol, same port, same address family, and the listener's
 *   address is the wildcard or the connection's local address. Otherwise it is a **client connection**.
 *   Accepted sockets inherit the listener's family, so a dual-stack `[::]:8080` listener's IPv4 clients show up
 *   in tcp6 as `::ffff:198.18.1.2` and are matched by it.
 */
import { isWildcardAddress, type SocketEndpoint } from './hex-address.ts';
import type { ProcNetSocket } from './proc-net.ts';

/** What the role rules read of a socket (a streaming collector keeps only this much). */
export type SocketShape = Pick<ProcNetSocket, 'protocol' | 'state' | 'local' | 'remote'>;

/** Whether the socket is a listener (TCP LISTEN, or UDP unconnected on a non-zero port). */
export function isListener(s: SocketShape): boolean {
  return s.protocol === 'tcp' ? s.state === 'LISTEN' : s.state === 'UNCONNECTED' && s.local.port !== 0;
}

/** Whether the socket has a peer and is not a listener (any TCP state but LISTEN, incl. TIME_WAIT; connected UDP). */
export function isConnection(s: SocketShape): boolean {
  return !isListener(s) && s.remote.port !== 0;
}

/** The listening sockets, in input order. */
export function listeners<T extends SocketShape>(sockets: readonly T[]): T[] {
  return sockets.filter(isListener);
}

/** Builds a predicate "is this connection served by one of these listeners?". */
export function servedBy(all: readonly SocketShape[]): (s: SocketShape) => boolean {
  /** Listeners by "protocol/port"; bounded by the number of listeners given. */
  const byPort = new Map<string, SocketEndpoint[]>();
  for (const l of listeners(all)) {
    const key = `${l.protocol}/${l.local.port}`;
    const list = byPort.get(key);
    if (list === undefined) byPort.set(key, [l.local]);
    else list.push(l.local);
  }
  return (s) =>
    (byPort.get(`${s.protocol}/${s.local.port}`) ?? []).some((l) => l.family === s.local.family && (isWildcardAddress(l) || l.address === s.local.address));
}

/** Connections this host accepted: the local end is served by a listener here. */
export function serverConnections<T extends SocketShape>(sockets: readonly T[]): T[] {
  const served = servedBy(sockets);
  return sockets.filter((s) => isConnection(s) && served(s));
}

/** Connections this host opened: a peer, and a local port that no listener here serves. */
export function clientConnections<T extends SocketShape>(sockets: readonly T[]): T[] {
  const served = servedBy(sockets);
  return sockets.filter((s) => isConnection(s) && !served(s));
}
