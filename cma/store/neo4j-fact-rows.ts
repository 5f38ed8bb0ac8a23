/** Rows for cma/store/cypher-facts.ts from a batch's DiscoveryFacts (integers as Neo4j INTEGERs). */
import neo4j, { type Integer } from 'neo4j-driver';
import type { DiscoveryFacts } from '../discovery/index.ts';

const int = (v: number): Integer | number => (Number.isSafeInteger(v) ? neo4j.int(v) : v);
const intOrNull = (v: number | null): Integer | number | null => (v === null ? null : int(v));

type Row = Record<string, unknown>;

/** Rows per statement, in the order the store runs them. */
export interface FactRows {
  readonly nics: Row[];
  readonly ips: Row[];
  readonly goneInventory: Row[];
  readonly switches: Row[];
  readonly ports: Row[];
  readonly lldpLinks: Row[];
  readonly link: Row[];
  readonly goneLldp: Row[];
  readonly processes: Row[];
  readonly listens: Row[];
  readonly connects: Row[];
  readonly goneNetstat: Row[];
  readonly sees: Row[];
  readonly goneArp: Row[];
  readonly hostFacts: Row[];
  readonly refresh: Row[];
}

export function factRows(facts: readonly DiscoveryFacts[]): FactRows {
  const r: FactRows = { nics: [], ips: [], goneInventory: [], switches: [], ports: [], lldpLinks: [], link: [], goneLldp: [], processes: [], listens: [], connects: [], goneNetstat: [], sees: [], goneArp: [], hostFacts: [], refresh: [] };
  for (const f of facts) {
    const wallMs = int(f.wallMs);
    const hostId = f.hostId;
    const stamp = { hostId, wallMs };
    for (const n of f.nics) r.nics.push({ ...stamp, mac: n.mac, name: n.name, mtu: intOrNull(n.mtu), speedMbps: intOrNull(n.speedMbps) });
    for (const i of f.ips) r.ips.push({ wallMs, mac: i.mac, ip: i.ip, family: int(i.family), prefixLength: int(i.prefixLength), cidr: i.cidr });
    for (const s of f.switches) r.switches.push({ wallMs, chassisId: s.chassisId, props: { chassisIdSubtype: s.chassisIdSubtype, name: s.name, description: s.description, capabilities: [...s.capabilities], managementIps: [...s.managementIps], protocol: s.protocol } });
    for (const p of f.ports) r.ports.push({ wallMs, chassisId: p.chassisId, key: p.key, props: { chassisId: p.chassisId, portId: p.portId, portIdSubtype: p.portIdSubtype, description: p.description, vlans: p.vlans.map(int), pvid: intOrNull(p.pvid) } });
    for (const p of f.processes) r.processes.push({ ...stamp, key: p.key, props: { hostId, pid: int(p.pid), startTime: int(p.startTime), exe: p.exe, cmdline: p.cmdline, user: p.user, name: p.name } });
    for (const e of f.listens) r.listens.push({ wallMs, processKey: e.processKey, key: e.key, ip: e.ip, port: int(e.port), proto: e.proto });
    for (const e of f.connects) r.connects.push({ wallMs, processKey: e.processKey, key: e.key, ip: e.ip, port: int(e.port), proto: e.proto });
    for (const s of f.sees) r.sees.push({ ...stamp, ip: s.ip, family: int(s.family), mac: s.mac });
    switch (f.kind) {
      case 'inventory':
        r.goneInventory.push(stamp);
        r.link.push({ hostId });
        break;
      case 'lldp':
        r.lldpLinks.push({ ...stamp, nics: f.ports.map((p) => p.nic), ports: f.ports.map((p) => p.key), protocols: f.ports.map((p) => p.protocol) });
        r.link.push({ hostId });
        r.goneLldp.push(stamp);
        break;
      case 'netstat':
        r.goneNetstat.push(stamp);
        break;
      case 'arp':
        r.goneArp.push(stamp);
        break;
      case 'facts':
        r.hostFacts.push({ ...stamp, props: Object.fromEntries(Object.entries(f.hostProps ?? {}).map(([k, v]) => [k, typeof v === 'number' && Number.isSafeInteger(v) ? neo4j.int(v) : v])) });
        break;
    }
  }
  if (facts.length > 0) r.refresh.push({ once: true });
  return r;
}
