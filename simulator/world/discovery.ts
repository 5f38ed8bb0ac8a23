/**
 * What the real nanoprobe collectors (nanoprobe/discovery/host-collectors.ts) would send from a simulated host, in
 * their exact shapes and through the same pure builders: `inventory` is `buildInventory` over the sysfs files and
 * the `ip -j addr` text the host would show, `netstat` is the `NetstatBuilder` fed the /proc/net socket rows and
 * fd owners of `procfsOf`, `lldp` is the capture's `{ neighbours: [{ interface, ...Neighbour }] }` for `lldpOf`.
 * Each answer is a `DiscoveryOutcome` with the canonical payload and its content hash, as `outcomeOf` gives one.
 * `arp` and `facts` are not simulated (the answer says so; the core counts it as a failed run).
 */
import { buildInventory, canonicalData, contentHash, NetstatBuilder, type HostInventory, type NetstatPayload, type Neighbour, type PayloadProcess, type ProcNetSocket } from '../../discovery/index.ts';
import type { DiscoveryOutcome } from '../../nanoprobe/core/index.ts';
import { hostIpOf, hostMacOf, lldpOf } from './identity.ts';
import { procfsOf, type SimSocket } from './procfs.ts';
import type { World } from './world.ts';

/** The simulated hosts' one Ethernet interface. */
export const SIM_NIC = 'eth0';

/** Host `h`'s inventory: lo and eth0 (its MAC, 10 Gb/s, its /24 address), as the real collector builds it. */
export function inventoryPayloadOf(world: World, h: number): HostInventory {
  const mac = hostMacOf(h);
  const ipAddr = [
    { ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65_536, operstate: 'UNKNOWN', link_type: 'loopback', address: '00:00:00:00:00:00', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' }] },
    { ifindex: 2, ifname: SIM_NIC, flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, operstate: 'UP', link_type: 'ether', address: mac, addr_info: [{ family: 'inet', local: hostIpOf(world, h), prefixlen: 24, scope: 'global' }] },
  ];
  const sysNet = [
    { name: 'lo', address: '00:00:00:00:00:00\n', mtu: '65536\n', operstate: 'unknown\n' },
    { name: SIM_NIC, address: `${mac}\n`, mtu: '1500\n', speed: '10000\n', operstate: 'up\n' },
  ];
  return buildInventory({ sysNet, ipAddrJson: JSON.stringify(ipAddr) }).value;
}

const split = (endpoint: string): { address: string; port: number } => {
  const i = endpoint.lastIndexOf(':');
  const port = endpoint.slice(i + 1);
  return { address: endpoint.slice(0, i), port: port === '*' ? 0 : Number(port) };
};

/** One socket row of /proc/net/tcp or /proc/net/udp as the parser returns it (queues, timers: idle). */
function socketRow(s: SimSocket, slot: number, inode: number): ProcNetSocket {
  const local = split(s.local);
  const remote = split(s.remote);
  const tcpState = s.state === 'LISTEN' ? 'LISTEN' : 'ESTABLISHED';
  return {
    table: s.proto,
    protocol: s.proto,
    family: 4,
    slot,
    local: { family: 4, address: local.address, ipv4: local.address, port: local.port },
    remote: { family: 4, address: remote.address === '0.0.0.0' ? '0.0.0.0' : remote.address, ipv4: remote.address, port: remote.port },
    stateCode: s.proto === 'udp' ? (s.state === 'UNCONN' ? 0x07 : 0x01) : s.state === 'LISTEN' ? 0x0a : 0x01,
    state: s.proto === 'udp' ? (s.state === 'UNCONN' ? 'UNCONNECTED' : 'CONNECTED') : tcpState,
    txQueueBytes: 0,
    rxQueueBytes: 0,
    timer: 'none',
    timerCode: 0,
    timerExpiresTicks: 0,
    retransmits: 0,
    uid: 0,
    probes: 0,
    inode,
  };
}

/** The process a socket's pid is (comm = the executable's basename, started 12.34 s after boot × pid order). */
function processOf(s: SimSocket): PayloadProcess {
  const name = s.exe.slice(s.exe.lastIndexOf('/') + 1);
  return { pid: s.pid, startTimeTicks: 1_000 + s.pid, name, exe: s.exe, cmdline: [s.exe], uid: name === 'sshd' ? 0 : 1_000 };
}

/** Host `h`'s `netstat` payload: its sockets joined to their processes by the real builder. */
export function netstatPayloadOf(world: World, h: number): NetstatPayload {
  const b = new NetstatBuilder();
  const socks = procfsOf(world, h);
  socks.forEach((s, i) => {
    b.addSocket(socketRow(s, i, 10_000 + i));
  });
  socks.forEach((s, i) => {
    if (b.wants(10_000 + i)) b.addOwner(10_000 + i, processOf(s));
  });
  return b.payload();
}

/** Host `h`'s `lldp` payload: the one neighbour its switch port announces, or none without LLDP. */
export function lldpPayloadOf(world: World, h: number): { readonly neighbours: readonly (Neighbour & { readonly interface: string })[] } {
  const l = lldpOf(world, h);
  if (l === undefined) return { neighbours: [] };
  const neighbour: Neighbour = {
    protocol: 'lldp',
    version: 1,
    chassisId: { subtype: 'mac', value: l.chassisId },
    portId: { subtype: 'ifname', value: l.portId },
    ttlSec: 120,
    systemName: l.systemName,
    portDescription: l.portDescription,
    capabilities: ['bridge', 'router'],
    managementAddresses: [],
    vlans: [],
  };
  return { neighbours: [{ interface: SIM_NIC, ...neighbour }] };
}

/** The answer of a collector run of `kind` on host `h`. */
export function simDiscoveryOutcome(world: World, h: number, kind: string): DiscoveryOutcome {
  let payload: unknown;
  switch (kind) {
    case 'inventory':
      payload = inventoryPayloadOf(world, h);
      break;
    case 'netstat':
      payload = netstatPayloadOf(world, h);
      break;
    case 'lldp':
      payload = lldpPayloadOf(world, h);
      break;
    default:
      return { ok: false, reason: `discovery kind ${kind} is not simulated` };
  }
  return { ok: true, hash: contentHash(payload), payload: canonicalData(payload) };
}
