/**
 * Everything about a host that is derived from the world instead of stored: host id, key, name, address, MAC,
 * subnet, and the LLDP its switch port sends. Host ids are 24 random hex digits + the host index in 8, so the
 * simulator routes a message by its peer id in O(1) and the ids still sort randomly.
 */
import type { WireAddress } from '../../protocol/index.ts';
import type { World } from './world.ts';

/** The port every nanoprobe listens on (DESIGN §3). */
export const NANOPROBE_PORT = 1984;

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** Host `h`'s id: 32 lowercase hex characters. */
export function hostIdOf(world: World, h: number): string {
  const e = world.hostEntropy;
  return hex8(e[3 * h] ?? 0) + hex8(e[3 * h + 1] ?? 0) + hex8(e[3 * h + 2] ?? 0) + hex8(h);
}

/** The host index encoded in a simulator host id, or -1 when `id` is no host of this world. */
export function hostIndexOf(world: World, id: string): number {
  if (id.length !== 32) return -1;
  const h = Number.parseInt(id.slice(24), 16);
  return Number.isInteger(h) && h >= 0 && h < world.hostCount ? h : -1;
}

/** A deterministic 32-byte "public key" for host `h` (the simulator does not seal; the key is an identity). */
export function publicKeyOf(world: World, h: number): Uint8Array {
  const key = new Uint8Array(32);
  const view = new DataView(key.buffer);
  const e = world.hostEntropy;
  for (let i = 0; i < 8; i++) view.setUint32(4 * i, Math.imul((e[3 * h + (i % 3)] ?? 0) ^ (h + i), 0x9e3779b1) >>> 0);
  return key;
}

/** `dc<d>-r<switch>-h<slot>`. */
export function hostnameOf(world: World, h: number): string {
  const sw = world.hostSwitch[h] ?? 0;
  return `dc${world.switchDc[sw] ?? 0}-r${sw}-h${world.hostSlot[h] ?? 0}`;
}

/** The /24 of switch `sw`: 10.(sw >> 8).(sw & 255).0/24. */
export function switchSubnet(sw: number): string {
  return `10.${sw >> 8}.${sw & 255}.0/24`;
}

/** Host `h`'s IPv4 address: 10.(sw >> 8).(sw & 255).(10 + slot). */
export function hostIpOf(world: World, h: number): string {
  const sw = world.hostSwitch[h] ?? 0;
  return `10.${sw >> 8}.${sw & 255}.${10 + (world.hostSlot[h] ?? 0)}`;
}

/** The address host `h`'s nanoprobe listens on. */
export function hostAddressOf(world: World, h: number): WireAddress {
  return { host: hostIpOf(world, h), port: NANOPROBE_PORT };
}

/** Host `h`'s primary NIC MAC (locally administered, 52:54:00 + 24 bits of the index). */
export function hostMacOf(h: number): string {
  return `52:54:00:${((h >> 16) & 255).toString(16).padStart(2, '0')}:${((h >> 8) & 255).toString(16).padStart(2, '0')}:${(h & 255).toString(16).padStart(2, '0')}`;
}

/** Switch `sw`'s LLDP chassis id (a MAC: 02:00 + 32 bits of the index). */
export function chassisIdOf(sw: number): string {
  const b = [(sw >>> 24) & 255, (sw >>> 16) & 255, (sw >>> 8) & 255, sw & 255].map((x) => x.toString(16).padStart(2, '0'));
  return `02:00:${b.join(':')}`;
}

/** What LLDP on host `h`'s primary NIC says (its switch and port), or undefined when the host hears no LLDP. */
export interface HostLldp {
  readonly chassisId: string;
  readonly portId: string;
  readonly systemName: string;
  readonly portDescription: string;
}

/** Host `h`'s LLDP neighbour, undefined for the hosts outside `lldpFraction` (a fixed, seeded subset). */
export function lldpOf(world: World, h: number): HostLldp | undefined {
  const draw = ((world.hostEntropy[3 * h] ?? 0) % 10_000) / 10_000;
  if (draw >= world.params.lldpFraction) return undefined;
  const sw = world.hostSwitch[h] ?? 0;
  const slot = world.hostSlot[h] ?? 0;
  return { chassisId: chassisIdOf(sw), portId: `Ethernet${slot + 1}`, systemName: `dc${world.switchDc[sw] ?? 0}-tor${sw}`, portDescription: `${hostnameOf(world, h)} eth0` };
}
