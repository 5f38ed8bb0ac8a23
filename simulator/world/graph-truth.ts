/**
 * The graph the CMA should hold for a set of simulated hosts (issue 8), from the world's ground truth, in the item
 * form of simulator/report/graph-accuracy.ts. Services and dependencies follow the graph model's identity rules
 * (docs/graph-model.md): a service is `<program>:<port>` and its providers; the providers of a catalogue service
 * form one logical (cluster) service when a client process connects to more than one of them — here whenever
 * the service has ≥ 2 providers and a client (clients keep a connection to every provider, procfs.ts) — and
 * are one service each otherwise (a web tier nobody inside connects to, a lone database). Every host also
 * provides `sshd:22` and `nanoprobe:1984`. External endpoints are no DEPENDS_ON (they have no listener).
 */
import type { GraphItems } from '../report/graph-accuracy.ts';
import { SIM_NIC } from './discovery.ts';
import { hostIdOf, hostIpOf, hostMacOf, lldpOf } from './identity.ts';
import type { ServiceDef } from './services.ts';
import type { World } from './world.ts';

/** `<program>:<port>` as the CMA names a service (the process's comm: the executable's basename here). */
export const serviceNameOf = (s: ServiceDef): string => `${s.exe.slice(s.exe.lastIndexOf('/') + 1)}:${s.port}`;

/** The expected graph items of `hosts` (the hosts that ran; services count only their providers among them). */
export function expectedGraph(world: World, hosts: Iterable<number>): GraphItems {
  const ran = new Set(hosts);
  const id = (h: number): string => hostIdOf(world, h);
  const hostItems = new Set<string>();
  const nics = new Set<string>();
  const ips = new Set<string>();
  const wiring = new Set<string>();
  const services = new Set<string>();
  for (const h of ran) {
    const hid = id(h);
    hostItems.add(hid);
    nics.add(`${hid} ${hostMacOf(h)}`);
    ips.add(`${hid} ${hostIpOf(world, h)}/24`);
    const l = lldpOf(world, h);
    if (l !== undefined) wiring.add(`${hid} ${SIM_NIC} ${l.chassisId} ${l.portId}`);
    services.add(`sshd:22|${hid}`);
    services.add(`nanoprobe:1984|${hid}`);
  }
  const catalogue = world.services.services;
  const providersOf = (s: ServiceDef): number[] => [...s.hosts].filter((h) => ran.has(h));
  const hasClient = new Set<number>();
  for (const s of catalogue) if (providersOf(s).length > 0) for (const d of s.dependsOn) hasClient.add(d);
  /** The service item(s) of catalogue service `s`: host h's own one, or the cluster's. */
  const itemOf = (s: ServiceDef, h: number): string => {
    const providers = providersOf(s);
    const cluster = providers.length >= 2 && hasClient.has(s.id);
    return `${serviceNameOf(s)}|${(cluster ? providers.map(id) : [id(h)]).sort().join(',')}`;
  };
  const dependencies = new Set<string>();
  const hostDependencies = new Set<string>();
  for (const s of catalogue) {
    const providers = providersOf(s);
    for (const h of providers) services.add(itemOf(s, h));
    for (const d of s.dependsOn) {
      const server = catalogue[d];
      if (server === undefined || server.externalIp !== undefined) continue;
      for (const c of providers) {
        for (const p of providersOf(server)) {
          dependencies.add(`${itemOf(s, c)} -> ${itemOf(server, p)}`);
          hostDependencies.add(`${id(c)} -> ${id(p)}`);
        }
      }
    }
  }
  return { hosts: hostItems, nics, ips, wiring, services, dependencies, hostDependencies };
}
