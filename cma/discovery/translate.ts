/**
 * DISCOVERY payload → graph facts (docs/graph-model.md), pure. Each kind's payload is the whole state
 * (docs/discovery.md); malformed entries are skipped, never thrown on.
 *
 * - inventory → NIC (mac, name, mtu, speed), IPAddress + HAS_IP{prefixLength}, Subnet + IN_SUBNET. Loopback and
 *   MAC-less interfaces, loopback and link-local addresses are left out.
 * - lldp → Switch, SwitchPort, HAS_PORT, and NIC-[:WIRED_TO]->SwitchPort by the interface the frame came in on.
 * - netstat → Process (key hostId/pid/startTime), RUNS, Endpoint, LISTENS_ON (a wildcard listener becomes one
 *   Endpoint per concrete address of the host, so no two hosts share a listening Endpoint), CONNECTS_TO (remote end).
 *   Noise left out: loopback listeners and connections, UDP "listeners" on ephemeral ports (unconnected UDP
 *   clients look the same), connections to unspecified addresses.
 * - arp → SEES (ip, mac).
 * - facts → properties of the Host node: only HOST_FACT_KEYS (protocol/host-facts.ts) with scalar values; every
 *   other key is ignored, so a host can never set hostId, status or any property the CMA owns. A key the report
 *   lacks is cleared (null).
 */
import { HOST_FACT_KEYS, hostFactsOf, type HostId } from '../../protocol/index.ts';
import { subnetOf } from '../dispatch/cidr.ts';
import { canonicalIp, EPHEMERAL_PORT_MIN, isLinkLocal, isLoopback, isUnspecified } from './addresses.ts';
import { compositeKey, FACT_KINDS, type DiscoveryFacts, type EndpointFact, type FactKind, type IpFact, type NicFact, type PortFact, type ProcessFact, type SeesFact, type SwitchFact } from './facts.ts';
import { int, num, obj, objs, str, strings, ints, type Obj } from './read.ts';

/** What the translator needs to know about the host besides the payload. */
export interface HostContext {
  readonly hostId: HostId;
  /** The host's own unicast addresses (STARTUP addresses, inventory addresses): where wildcard listeners listen. */
  readonly addresses: readonly string[];
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const ZERO_MAC = '00:00:00:00:00:00';

export const isFactKind = (kind: string): kind is FactKind => (FACT_KINDS as readonly string[]).includes(kind);

/** The facts of a full DISCOVERY of a kind the CMA interprets; undefined for other kinds. */
export function translateDiscovery(kind: string, payload: unknown, host: HostContext, wallMs: number): DiscoveryFacts | undefined {
  if (!isFactKind(kind)) return undefined;
  const empty: DiscoveryFacts = { hostId: host.hostId, kind, wallMs, nics: [], ips: [], switches: [], ports: [], processes: [], listens: [], connects: [], sees: [] };
  const p = obj(payload) ?? {};
  switch (kind) {
    case 'inventory':
      return { ...empty, ...inventoryFacts(p) };
    case 'lldp':
      return { ...empty, ...lldpFacts(p) };
    case 'netstat':
      return { ...empty, ...netstatFacts(p, host) };
    case 'arp':
      return { ...empty, sees: arpFacts(p) };
    case 'facts': {
      const given = hostFactsOf(payload);
      return { ...empty, hostProps: Object.fromEntries(HOST_FACT_KEYS.map((k) => [k, given[k] ?? null])) };
    }
  }
}

/** The unicast addresses an inventory payload gives the host (what wildcard listeners expand to). */
export function inventoryAddresses(payload: unknown): string[] {
  return inventoryFacts(obj(payload) ?? {}).ips.map((i) => i.ip);
}

function inventoryFacts(p: Obj): { nics: NicFact[]; ips: IpFact[] } {
  const nics = new Map<string, NicFact>();
  const ips = new Map<string, IpFact>();
  for (const n of objs(p['nics'])) {
    const mac = str(n['mac'])?.toLowerCase();
    const name = str(n['name']);
    if (mac === undefined || !MAC.test(mac) || mac === ZERO_MAC || name === undefined || name === 'lo') continue;
    const speed = int(n['speedMbps']);
    nics.set(mac, { mac, name, mtu: int(n['mtuBytes']) ?? null, speedMbps: speed !== undefined && speed > 0 ? speed : null });
    for (const a of objs(n['addresses'])) {
      const c = canonicalIp(str(a['address']) ?? '');
      const prefixLength = int(a['prefixLength']);
      if (c === undefined || prefixLength === undefined || isLoopback(c.ip) || isLinkLocal(c.ip) || isUnspecified(c.ip)) continue;
      if (prefixLength < 0 || prefixLength > (c.family === 4 ? 32 : 128)) continue;
      const cidr = subnetOf(c.ip, prefixLength, prefixLength);
      if (cidr !== undefined) ips.set(c.ip, { mac, ip: c.ip, family: c.family, prefixLength, cidr });
    }
  }
  return { nics: [...nics.values()], ips: [...ips.values()] };
}

function idValue(v: unknown): { value: string; subtype: string } | undefined {
  const o = obj(v);
  const value = str(o?.['value']);
  return value === undefined || value === '' ? undefined : { value, subtype: str(o?.['subtype']) ?? '' };
}

function lldpFacts(p: Obj): { switches: SwitchFact[]; ports: PortFact[] } {
  const switches = new Map<string, SwitchFact>();
  const ports = new Map<string, PortFact>();
  for (const n of objs(p['neighbours'])) {
    const chassis = idValue(n['chassisId']);
    const port = idValue(n['portId']);
    const nic = str(n['interface']);
    if (chassis === undefined || port === undefined || nic === undefined || num(n['ttlSec']) === 0) continue;
    const protocol = str(n['protocol']) ?? 'lldp';
    switches.set(chassis.value, {
      chassisId: chassis.value,
      chassisIdSubtype: chassis.subtype,
      name: str(n['systemName']) ?? '',
      description: str(n['systemDescription']) ?? '',
      capabilities: strings(n['capabilities']),
      managementIps: strings(n['managementAddresses']),
      protocol,
    });
    const key = compositeKey(chassis.value, port.value);
    ports.set(`${key}\u0000${nic}`, {
      key,
      chassisId: chassis.value,
      portId: port.value,
      portIdSubtype: port.subtype,
      description: str(n['portDescription']) ?? '',
      vlans: ints(n['vlans']),
      pvid: int(n['portVlanId']) ?? null,
      nic,
      protocol,
    });
  }
  return { switches: [...switches.values()], ports: [...ports.values()] };
}

/** The switch a host is wired to (its lldp payload's first neighbour by interface name), for `switch:` placement. */
export function switchOf(payload: unknown): string | undefined {
  const ports = lldpFacts(obj(payload) ?? {}).ports;
  return [...ports].sort((a, b) => (a.nic < b.nic ? -1 : a.nic > b.nic ? 1 : 0))[0]?.chassisId;
}

function netstatFacts(p: Obj, host: HostContext): { processes: ProcessFact[]; listens: EndpointFact[]; connects: EndpointFact[] } {
  const processes = new Map<number, ProcessFact>();
  for (const x of objs(p['processes'])) {
    const pid = int(x['pid']);
    if (pid === undefined) continue;
    const startTime = int(x['startTimeTicks']) ?? 0;
    const uid = int(x['uid']);
    processes.set(pid, {
      key: compositeKey(host.hostId, pid, startTime),
      pid,
      startTime,
      exe: str(x['exe']) ?? '',
      cmdline: strings(x['cmdline']).join(' '),
      user: uid === undefined ? '' : String(uid),
      name: str(x['name']) ?? '',
    });
  }
  const own = ownAddresses(host.addresses);
  const listens = new Map<string, EndpointFact>();
  for (const l of objs(p['listeners'])) {
    const proto = protoOf(l['proto']);
    const port = int(l['port']);
    const c = canonicalIp(str(l['address']) ?? '');
    if (proto === undefined || port === undefined || port <= 0 || c === undefined || isLoopback(c.ip)) continue;
    if (proto === 'udp' && port >= EPHEMERAL_PORT_MIN) continue;
    const ips = isUnspecified(c.ip) ? own.filter((a) => c.ip === '::' || a.family === 4).map((a) => a.ip) : [c.ip];
    for (const ip of ips) for (const f of endpointFacts(l, processes, ip, port, proto)) listens.set(`${f.processKey}\u0000${f.key}`, f);
  }
  const connects = new Map<string, EndpointFact>();
  for (const x of objs(p['connections'])) {
    const proto = protoOf(x['proto']);
    const port = int(x['remotePort']);
    const c = canonicalIp(str(x['remoteAddress']) ?? '');
    if (proto === undefined || port === undefined || port <= 0 || c === undefined || isLoopback(c.ip) || isUnspecified(c.ip)) continue;
    for (const f of endpointFacts(x, processes, c.ip, port, proto)) connects.set(`${f.processKey}\u0000${f.key}`, f);
  }
  const used = new Set([...listens.values(), ...connects.values()].map((f) => f.processKey));
  return { processes: [...processes.values()].filter((x) => used.has(x.key)), listens: [...listens.values()], connects: [...connects.values()] };
}

function protoOf(v: unknown): 'tcp' | 'udp' | undefined {
  return v === 'tcp' || v === 'udp' ? v : undefined;
}

function ownAddresses(addresses: readonly string[]): { ip: string; family: 4 | 6 }[] {
  const out = new Map<string, { ip: string; family: 4 | 6 }>();
  for (const a of addresses) {
    const c = canonicalIp(a);
    if (c !== undefined && !isLoopback(c.ip) && !isLinkLocal(c.ip) && !isUnspecified(c.ip)) out.set(c.ip, c);
  }
  return [...out.values()];
}

function endpointFacts(e: Obj, processes: ReadonlyMap<number, ProcessFact>, ip: string, port: number, proto: 'tcp' | 'udp'): EndpointFact[] {
  const key = compositeKey(ip, port, proto);
  return ints(e['pids']).flatMap((pid) => {
    const proc = processes.get(pid);
    return proc === undefined ? [] : [{ processKey: proc.key, key, ip, port, proto }];
  });
}

function arpFacts(p: Obj): SeesFact[] {
  const out = new Map<string, SeesFact>();
  for (const n of objs(p['neighbours'])) {
    const c = canonicalIp(str(n['ip']) ?? '');
    const mac = str(n['mac'])?.toLowerCase();
    if (c === undefined || mac === undefined || !MAC.test(mac) || mac === ZERO_MAC || isLoopback(c.ip) || isUnspecified(c.ip)) continue;
    out.set(c.ip, { ip: c.ip, family: c.family, mac });
  }
  return [...out.values()];
}
