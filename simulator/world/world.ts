/**
 * The simulated world (DESIGN §10): datacentres → top-of-rack switches → hosts, generated from a seed. Kept
 * compact for 1M hosts: per host only a switch index and a slot (5 bytes) plus 12 bytes of identity entropy;
 * names, addresses, MACs and LLDP data are derived on demand (identity.ts), services live in services.ts.
 */
import { SeededRng } from '../../runtime/index.ts';
import { generateServices, type ServiceCatalogue } from './services.ts';

/** What a world is made of. Every field has a default (DEFAULT_WORLD_PARAMS). */
export interface WorldParams {
  /** Hosts running at the start. */
  readonly hosts: number;
  /** Extra hosts that only start in a join storm (on new racks at the end of the world). */
  readonly reserveHosts: number;
  /** Datacentres; switches are spread round-robin over them. */
  readonly datacentres: number;
  /** Hosts per switch, uniform in [min, max] (a switch is one rack, one /24 subnet). */
  readonly hostsPerSwitch: readonly [number, number];
  /** Multi-tier applications per 1,000 hosts (web → app → database). */
  readonly appsPer1000Hosts: number;
  /** Database clusters shared by several applications. */
  readonly sharedDatabases: number;
  /** External endpoints (SaaS APIs) applications call. */
  readonly externalEndpoints: number;
  /** Fraction of hosts whose NIC sees LLDP from its switch (the rest are placed by subnet only). */
  readonly lldpFraction: number;
}

export const DEFAULT_WORLD_PARAMS: WorldParams = Object.freeze({
  hosts: 1_000,
  reserveHosts: 0,
  datacentres: 2,
  hostsPerSwitch: Object.freeze([24, 48] as const),
  appsPer1000Hosts: 20,
  sharedDatabases: 4,
  externalEndpoints: 6,
  lldpFraction: 1,
});

/** Largest world (host slots, reserve included). */
export const MAX_WORLD_HOSTS = 4_000_000;
/** Most switches (each gets a /24 under 10.0.0.0/8, so ≤ 65,536). */
export const MAX_SWITCHES = 65_536;

/** A generated world. Host `h` is 0 ≤ h < hostCount; reserve hosts are the last `reserveHosts`. */
export interface World {
  readonly seed: number;
  readonly params: WorldParams;
  readonly hostCount: number;
  readonly switchCount: number;
  /** Switch of each host. */
  readonly hostSwitch: Uint32Array;
  /** Position of each host on its switch (port = slot + 1, address 10.a.b.(10 + slot)). */
  readonly hostSlot: Uint8Array;
  /** 96 bits of identity entropy per host (3 words): the random part of its host id and MAC. */
  readonly hostEntropy: Uint32Array;
  /** Datacentre of each switch. */
  readonly switchDc: Uint16Array;
  /** First host of each switch and its number of hosts. */
  readonly switchFirstHost: Uint32Array;
  readonly switchSize: Uint8Array;
  /** Services, their hosts and their dependencies (the ground truth of the dependency graph). */
  readonly services: ServiceCatalogue;
}

/** Builds the world of `params` from `seed`; the same pair always gives the same world. */
export function generateWorld(params: WorldParams, seed: number): World {
  const rng = new SeededRng(seed ^ 0x5eed_0001);
  const hostCount = params.hosts + params.reserveHosts;
  const [minPer, maxPer] = params.hostsPerSwitch;
  const hostSwitch = new Uint32Array(hostCount);
  const hostSlot = new Uint8Array(hostCount);
  const firsts: number[] = [];
  const sizes: number[] = [];
  // Initial hosts fill the first racks; reserve hosts get racks of their own (a storm = new racks coming up).
  const fill = (from: number, to: number): void => {
    let h = from;
    while (h < to) {
      const size = Math.min(minPer + rng.int(maxPer - minPer + 1), to - h);
      const sw = firsts.length;
      firsts.push(h);
      sizes.push(size);
      for (let slot = 0; slot < size; slot++) {
        hostSwitch[h + slot] = sw;
        hostSlot[h + slot] = slot;
      }
      h += size;
    }
  };
  fill(0, params.hosts);
  fill(params.hosts, hostCount);
  const switchCount = firsts.length;
  const switchDc = new Uint16Array(switchCount);
  for (let sw = 0; sw < switchCount; sw++) switchDc[sw] = sw % params.datacentres;
  const hostEntropy = new Uint32Array(hostCount * 3);
  for (let i = 0; i < hostEntropy.length; i++) hostEntropy[i] = rng.nextU32();
  const services = generateServices(params, hostCount, params.hosts, new SeededRng(seed ^ 0x5eed_0002));
  return {
    seed,
    params,
    hostCount,
    switchCount,
    hostSwitch,
    hostSlot,
    hostEntropy,
    switchDc,
    switchFirstHost: Uint32Array.from(firsts),
    switchSize: Uint8Array.from(sizes),
    services,
  };
}

/** Datacentre of host `h`. */
export function hostDc(world: World, h: number): number {
  return world.switchDc[world.hostSwitch[h] ?? 0] ?? 0;
}
