/**
 * Services and their client/server dependencies (DESIGN §10): multi-tier applications (web → app → database),
 * database clusters shared by several applications, external endpoints. The catalogue IS the ground truth of
 * the dependency graph; `procfsOf` (procfs.ts) derives what each host's /proc would show from it.
 */
import type { SeededRng } from '../../runtime/index.ts';
import type { WorldParams } from './world.ts';

/** Tier of a service. */
export type ServiceTier = 'web' | 'app' | 'db' | 'external';

/** One service: a process listening on `port` on each of its hosts (or an external endpoint). */
export interface ServiceDef {
  readonly id: number;
  readonly name: string;
  readonly tier: ServiceTier;
  readonly exe: string;
  readonly port: number;
  /** Hosts running it (empty for an external endpoint). */
  readonly hosts: Int32Array;
  /** For an external endpoint: its address. */
  readonly externalIp: string | undefined;
  /** Services this one connects to as a client (ids). */
  readonly dependsOn: readonly number[];
}

/** All services, plus which service (if any) each host serves. */
export interface ServiceCatalogue {
  readonly services: readonly ServiceDef[];
  /** Service id of each host, -1 for hosts running only the base processes (sshd, nanoprobe). */
  readonly hostService: Int32Array;
}

const TIERS = {
  web: { exe: '/usr/sbin/nginx', port: 443, size: [2, 8] },
  app: { exe: '/usr/bin/java', port: 8080, size: [2, 6] },
  db: { exe: '/usr/sbin/mysqld', port: 3306, size: [1, 3] },
} as const;

/** Builds the catalogue over hosts [0, assignable): the rest (reserve hosts) serve nothing. */
export function generateServices(params: WorldParams, hostCount: number, assignable: number, rng: SeededRng): ServiceCatalogue {
  const hostService = new Int32Array(hostCount).fill(-1);
  const services: ServiceDef[] = [];
  // Hosts are handed out from a seeded shuffle of the assignable range, so tiers span racks.
  const order = new Int32Array(assignable);
  for (let i = 0; i < assignable; i++) order[i] = i;
  for (let i = assignable - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = t;
  }
  let next = 0;
  const take = (n: number): Int32Array => {
    const count = Math.max(0, Math.min(n, assignable - next));
    const hosts = order.slice(next, next + count);
    next += count;
    return hosts;
  };
  const add = (name: string, tier: ServiceTier, size: number, dependsOn: readonly number[], externalIp?: string): number => {
    const id = services.length;
    const hosts = tier === 'external' ? new Int32Array(0) : take(size);
    for (const h of hosts) hostService[h] = id;
    const spec = tier === 'external' ? { exe: '', port: 443 } : TIERS[tier];
    services.push({ id, name, tier, exe: spec.exe, port: spec.port, hosts, externalIp, dependsOn });
    return id;
  };
  const sizeOf = (tier: keyof typeof TIERS): number => TIERS[tier].size[0] + rng.int(TIERS[tier].size[1] - TIERS[tier].size[0] + 1);

  const externals: number[] = [];
  for (let i = 0; i < params.externalEndpoints; i++) externals.push(add(`ext-api-${i}`, 'external', 0, [], `203.0.113.${10 + i}`));
  const shared: number[] = [];
  for (let i = 0; i < params.sharedDatabases; i++) shared.push(add(`shared-db-${i}`, 'db', sizeOf('db'), []));
  const apps = Math.round((params.hosts * params.appsPer1000Hosts) / 1_000);
  for (let a = 0; a < apps && next < assignable; a++) {
    const deps: number[] = [];
    // Half the apps own a database; the rest (and a quarter of the owners) use a shared one.
    if (shared.length === 0 || rng.next() < 0.5) deps.push(add(`app${a}-db`, 'db', sizeOf('db'), []));
    if (shared.length > 0 && (deps.length === 0 || rng.next() < 0.25)) deps.push(shared[rng.int(shared.length)] ?? 0);
    if (externals.length > 0 && rng.next() < 0.3) deps.push(externals[rng.int(externals.length)] ?? 0);
    const app = add(`app${a}-app`, 'app', sizeOf('app'), deps);
    add(`app${a}-web`, 'web', sizeOf('web'), [app]);
  }
  return { services, hostService };
}

/** The ground-truth service dependencies as `client → server` name pairs, sorted. */
export function dependencyPairs(catalogue: ServiceCatalogue): string[] {
  const out: string[] = [];
  for (const s of catalogue.services) {
    if (s.hosts.length === 0) continue;
    for (const d of s.dependsOn) {
      const server = catalogue.services[d];
      if (server !== undefined && (server.externalIp !== undefined || server.hosts.length > 0)) out.push(`${s.name} -> ${server.name}`);
    }
  }
  return out.sort();
}
