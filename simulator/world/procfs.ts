/**
 * What `ss -tunap` (the pre-parsed /proc/net/* + /proc/<pid>/fd join, DESIGN §6) would show on a simulated host:
 * its listeners and its client connections, derived from the service catalogue. `dependenciesFromProcfs` turns
 * the sockets of every host back into service dependencies, the way the CMA infers DEPENDS_ON; on a generated
 * world it must equal the catalogue's ground truth.
 */
import { hostIpOf } from './identity.ts';
import type { World } from './world.ts';

/** One socket as `ss -tunap` shows it. */
export interface SimSocket {
  readonly proto: 'tcp' | 'udp';
  readonly state: 'LISTEN' | 'ESTAB' | 'UNCONN';
  readonly local: string;
  readonly remote: string;
  readonly exe: string;
  readonly pid: number;
}

const BASE_PID = 1_000;

/** The sockets of host `h`: sshd and the nanoprobe everywhere, its service's listener, and its client connections. */
export function procfsOf(world: World, h: number): SimSocket[] {
  const ip = hostIpOf(world, h);
  const out: SimSocket[] = [
    { proto: 'tcp', state: 'LISTEN', local: '0.0.0.0:22', remote: '0.0.0.0:*', exe: '/usr/sbin/sshd', pid: 612 },
    { proto: 'udp', state: 'UNCONN', local: '0.0.0.0:1984', remote: '0.0.0.0:*', exe: '/usr/bin/nanoprobe', pid: 701 },
  ];
  const id = world.services.hostService[h] ?? -1;
  const svc = world.services.services[id];
  if (svc === undefined) return out;
  const pid = BASE_PID + (svc.id % 30_000);
  out.push({ proto: 'tcp', state: 'LISTEN', local: `0.0.0.0:${svc.port}`, remote: '0.0.0.0:*', exe: svc.exe, pid });
  let ephemeral = 40_000 + (h % 10_000);
  for (const dep of svc.dependsOn) {
    const server = world.services.services[dep];
    if (server === undefined) continue;
    // A client process keeps a connection pool to every host of the dependency (a replicated database, the app
    // servers behind a web tier), or one connection to an external endpoint.
    const targets = server.externalIp !== undefined ? [server.externalIp] : [...server.hosts].map((s) => hostIpOf(world, s));
    for (const target of targets) out.push({ proto: 'tcp', state: 'ESTAB', local: `${ip}:${ephemeral++}`, remote: `${target}:${server.port}`, exe: svc.exe, pid });
  }
  return out;
}

/** Service dependencies inferred from every host's sockets (`client -> server` names, sorted, unique). */
export function dependenciesFromProcfs(world: World, hosts: Iterable<number>): string[] {
  const serverAt = new Map<string, string>();
  for (const s of world.services.services) {
    if (s.externalIp !== undefined) serverAt.set(`${s.externalIp}:${s.port}`, s.name);
    for (const h of s.hosts) serverAt.set(`${hostIpOf(world, h)}:${s.port}`, s.name);
  }
  const deps = new Set<string>();
  for (const h of hosts) {
    const client = world.services.services[world.services.hostService[h] ?? -1];
    if (client === undefined) continue;
    for (const sock of procfsOf(world, h)) {
      if (sock.state !== 'ESTAB') continue;
      const server = serverAt.get(sock.remote);
      if (server !== undefined) deps.add(`${client.name} -> ${server}`);
    }
  }
  return [...deps].sort();
}
