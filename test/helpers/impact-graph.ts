/**
 * A known multi-tier world in the shape of docs/graph-model.md for the dependency and impact queries, written with
 * plain Cypher (not through the GraphStore, so the queries are tested against the documented model itself).
 *
 * ```
 *   client-1 ─┐                       ┌─ web-1 (sw1 ge-0/0/2) ─┐
 *   client-2 ─┴→ haproxy:443 on lb-1 ─┤  gunicorn:8080, two     ├→ postgres:5432 on db-1 (sw2 Gi1/0/2)
 *              (sw1 ge-0/0/1)          └─ web-2 (sw2 Gi1/0/1) ─┘     (+ sshd:22, no clients)
 *   web-1's gunicorn also calls an external API, 198.19.0.7:443 (no known host owns it).
 * ```
 *
 * sw1 port ge-0/0/3 is empty. Clients sit beyond a router (no switch known). lb-1's haproxy has a stale
 * DEPENDS_ON to postgres (an old health check), which no query may follow. web-2 has a gone gunicorn (pid 150)
 * and lb-1 a gone haproxy (pid 90). Monitors check db-1's postgres and web-1's gunicorn; a third checks the
 * lb-1 host itself (not a service). web-1 saw 198.18.0.99 in its ARP table: no known host owns it.
 */
import neo4j from 'neo4j-driver';
import type { AuthToken } from 'neo4j-driver';
import { BACKFILL_PROVIDERS } from '../../cma/store/cypher-derive.ts';
import { hostSwitches } from '../../cma/store/cypher-facts.ts';

/** 2026-01-15T08:00:00Z: every time in this graph is T0 + minutes. */
export const T0_MS = Date.UTC(2026, 0, 15, 8, 0, 0);
const MIN = 60_000;

export const ID = {
  'lb-1': '10'.repeat(16),
  'web-1': '21'.repeat(16),
  'web-2': '22'.repeat(16),
  'db-1': '30'.repeat(16),
  'client-1': '41'.repeat(16),
  'client-2': '42'.repeat(16),
} as const;
type Name = keyof typeof ID;

export const SW1 = '02:00:5e:00:01:00';
export const SW2 = '02:00:5e:00:02:00';

interface SeedHost {
  readonly hostname: Name;
  readonly mac: string;
  readonly ip: string;
  readonly subnet: string;
  readonly owner: string | null;
  readonly contact: string | null;
  /** [chassisId, portId] of the switch port eth0 is wired to, or null. */
  readonly wired: readonly [string, string] | null;
}

export const HOSTS: readonly SeedHost[] = [
  { hostname: 'lb-1', mac: '02:00:5e:10:00:10', ip: '198.18.0.10', subnet: '198.18.0.0/24', owner: 'netops', contact: 'noc@example.com', wired: [SW1, 'ge-0/0/1'] },
  { hostname: 'web-1', mac: '02:00:5e:10:00:21', ip: '198.18.0.21', subnet: '198.18.0.0/24', owner: 'web-team', contact: 'web@example.com', wired: [SW1, 'ge-0/0/2'] },
  { hostname: 'web-2', mac: '02:00:5e:10:00:22', ip: '198.18.0.22', subnet: '198.18.0.0/24', owner: 'web-team', contact: 'web@example.com', wired: [SW2, 'Gi1/0/1'] },
  { hostname: 'db-1', mac: '02:00:5e:10:00:30', ip: '198.18.0.30', subnet: '198.18.0.0/24', owner: 'dba-team', contact: 'dba@example.com', wired: [SW2, 'Gi1/0/2'] },
  { hostname: 'client-1', mac: '02:00:5e:10:00:41', ip: '198.18.2.41', subnet: '198.18.2.0/24', owner: 'alice', contact: 'alice@example.com', wired: null },
  { hostname: 'client-2', mac: '02:00:5e:10:00:42', ip: '198.18.2.42', subnet: '198.18.2.0/24', owner: null, contact: null, wired: null },
];

export const SWITCHES = [
  { chassisId: SW1, name: 'sw1', ports: [['ge-0/0/1', 'lb uplink', [10]], ['ge-0/0/2', 'web-1', [10]], ['ge-0/0/3', 'spare', [10]]] },
  { chassisId: SW2, name: 'sw2', ports: [['Gi1/0/1', 'web-2', [10, 20]], ['Gi1/0/2', 'db-1', [20]]] },
] as const;

interface SeedProcess {
  readonly host: Name;
  readonly pid: number;
  readonly name: string;
  readonly exe: string;
  /** `ip:port` it listens on (tcp). */
  readonly listens: readonly string[];
  /** `ip:port` it is connected to (tcp). */
  readonly connects: readonly string[];
  readonly goneAtMs?: number;
}

export const PROCESSES: readonly SeedProcess[] = [
  { host: 'lb-1', pid: 100, name: 'haproxy', exe: '/usr/sbin/haproxy', listens: ['198.18.0.10:443'], connects: ['198.18.0.21:8080', '198.18.0.22:8080'] },
  { host: 'lb-1', pid: 90, name: 'haproxy', exe: '/usr/sbin/haproxy', listens: [], connects: [], goneAtMs: T0_MS - 2 * 24 * 60 * MIN },
  { host: 'web-1', pid: 200, name: 'gunicorn', exe: '/usr/bin/gunicorn', listens: ['198.18.0.21:8080'], connects: ['198.18.0.30:5432', '198.19.0.7:443'] },
  { host: 'web-2', pid: 200, name: 'gunicorn', exe: '/usr/bin/gunicorn', listens: ['198.18.0.22:8080'], connects: ['198.18.0.30:5432'] },
  { host: 'web-2', pid: 150, name: 'gunicorn', exe: '/usr/bin/gunicorn', listens: [], connects: [], goneAtMs: T0_MS + 20 * MIN },
  { host: 'db-1', pid: 300, name: 'postgres', exe: '/usr/lib/postgresql/15/bin/postgres', listens: ['198.18.0.30:5432'], connects: [] },
  { host: 'db-1', pid: 22, name: 'sshd', exe: '/usr/sbin/sshd', listens: ['198.18.0.30:22'], connects: [] },
  { host: 'client-1', pid: 400, name: 'loadgen', exe: '/usr/local/bin/loadgen', listens: [], connects: ['198.18.0.10:443'] },
  { host: 'client-2', pid: 400, name: 'loadgen', exe: '/usr/local/bin/loadgen', listens: [], connects: ['198.18.0.10:443'] },
];

/** Service key → name, port, providers ([host, pid]), owner. */
export const SERVICES = [
  { key: `haproxy:443@${ID['lb-1']}`, name: 'haproxy:443', port: 443, exe: '/usr/sbin/haproxy', providers: [['lb-1', 100]], owner: 'netops', contact: 'noc@example.com' },
  { key: 'gunicorn:8080@cluster:web', name: 'gunicorn:8080', port: 8080, exe: '/usr/bin/gunicorn', providers: [['web-1', 200], ['web-2', 200]], owner: 'web-team', contact: 'web@example.com' },
  { key: `postgres:5432@${ID['db-1']}`, name: 'postgres:5432', port: 5432, exe: '/usr/lib/postgresql/15/bin/postgres', providers: [['db-1', 300]], owner: 'dba-team', contact: 'dba@example.com' },
  { key: `sshd:22@${ID['db-1']}`, name: 'sshd:22', port: 22, exe: '/usr/sbin/sshd', providers: [['db-1', 22]], owner: null, contact: null },
] as const;

/** DEPENDS_ON from a client process ([host, pid]) to a service key. */
export const DEPENDS = [
  { from: ['client-1', 400], to: SERVICES[0].key, stale: false },
  { from: ['client-2', 400], to: SERVICES[0].key, stale: false },
  { from: ['lb-1', 100], to: SERVICES[1].key, stale: false },
  { from: ['lb-1', 100], to: SERVICES[2].key, stale: true },
  { from: ['web-1', 200], to: SERVICES[2].key, stale: false },
  { from: ['web-2', 200], to: SERVICES[2].key, stale: false },
] as const;

/** Monitor id → what it CHECKS: a process [host, pid] or a host. */
export const MONITORS = [
  { id: 'mon-pg', kind: 'tcp', target: '198.18.0.30:5432', process: ['db-1', 300], host: null },
  { id: 'mon-web-1', kind: 'http', target: 'http://198.18.0.21:8080/health', process: ['web-1', 200], host: null },
  { id: 'mon-lb-ping', kind: 'ping', target: '198.18.0.10', process: null, host: 'lb-1' },
] as const;

/** ARP: host → [ip, mac] it saw. */
export const ARP = [
  { host: 'web-1', ip: '198.18.0.30', mac: '02:00:5e:10:00:30' },
  { host: 'web-1', ip: '198.18.0.99', mac: '02:00:5e:10:00:99' },
  { host: 'db-1', ip: '198.18.0.21', mac: '02:00:5e:10:00:21' },
] as const;

/** The external endpoint web-1's gunicorn calls. */
export const EXTERNAL_IP = '198.19.0.7';

/** Process start time (clock ticks) in this world: 1000 + pid. */
const startTime = (pid: number): number => 1000 + pid;

/** The indexes the queries rely on (docs/graph-model.md), created here the way the store creates them. */
export const IMPACT_SCHEMA: readonly string[] = [
  'CREATE CONSTRAINT host_id IF NOT EXISTS FOR (h:Host) REQUIRE h.hostId IS UNIQUE',
  'CREATE CONSTRAINT nic_mac IF NOT EXISTS FOR (n:NIC) REQUIRE n.mac IS UNIQUE',
  'CREATE CONSTRAINT ip_ip IF NOT EXISTS FOR (i:IPAddress) REQUIRE i.ip IS UNIQUE',
  'CREATE CONSTRAINT subnet_cidr IF NOT EXISTS FOR (s:Subnet) REQUIRE s.cidr IS UNIQUE',
  'CREATE CONSTRAINT switch_chassis IF NOT EXISTS FOR (s:Switch) REQUIRE s.chassisId IS UNIQUE',
  'CREATE CONSTRAINT switch_port IF NOT EXISTS FOR (p:SwitchPort) REQUIRE (p.chassisId, p.portId) IS UNIQUE',
  'CREATE CONSTRAINT process_key IF NOT EXISTS FOR (p:Process) REQUIRE (p.hostId, p.pid, p.startTime) IS UNIQUE',
  'CREATE CONSTRAINT endpoint_key IF NOT EXISTS FOR (e:Endpoint) REQUIRE (e.ip, e.port, e.proto) IS UNIQUE',
  'CREATE CONSTRAINT service_key IF NOT EXISTS FOR (s:Service) REQUIRE s.key IS UNIQUE',
  'CREATE CONSTRAINT monitor_id IF NOT EXISTS FOR (m:Monitor) REQUIRE m.id IS UNIQUE',
  'CREATE INDEX host_hostname IF NOT EXISTS FOR (h:Host) ON (h.hostname)',
  'CREATE INDEX switch_name IF NOT EXISTS FOR (s:Switch) ON (s.name)',
  'CREATE INDEX service_name IF NOT EXISTS FOR (s:Service) ON (s.name)',
  'CREATE INDEX process_gone_at IF NOT EXISTS FOR (p:Process) ON (p.goneAtMs)',
  'CREATE INDEX depends_on_stale_lastSeenMs IF NOT EXISTS FOR ()-[d:DEPENDS_ON]-() ON (d.stale, d.lastSeenMs)',
];

/** Writes the world (idempotently: every write MERGEs on the model's keys). */
export async function seedImpactGraph(uri: string, auth: AuthToken | undefined): Promise<void> {
  const driver = neo4j.driver(uri, auth);
  const int = (n: number) => neo4j.int(n);
  const proc = (host: string, pid: number) => ({ hostId: ID[host as Name], pid: int(pid), startTime: int(startTime(pid)) });
  const run = async (cypher: string, params: Record<string, unknown> = {}) => {
    await driver.executeQuery(cypher, params);
  };
  try {
    for (const statement of IMPACT_SCHEMA) await run(statement);
    await run(
      `UNWIND $hosts AS row
       MERGE (h:Host {hostId: row.hostId})
       SET h.hostname = row.hostname, h.status = 'up', h.owner = row.owner, h.contact = row.contact, h.firstSeenMs = $t0, h.lastSeenMs = $t0
       MERGE (n:NIC {mac: row.mac}) SET n.name = 'eth0', n.mtu = 1500, n.hostId = row.hostId, n.gone = false
       MERGE (h)-[:HAS_NIC]->(n)
       MERGE (ip:IPAddress {ip: row.ip}) SET ip.family = 4, ip.gone = false, ip.firstSeenMs = $t0, ip.lastSeenMs = $t0
       MERGE (n)-[:HAS_IP {prefixLength: 24}]->(ip)
       MERGE (s:Subnet {cidr: row.subnet})
       MERGE (ip)-[:IN_SUBNET]->(s)`,
      { t0: int(T0_MS), hosts: HOSTS.map((h) => ({ ...h, hostId: ID[h.hostname] })) },
    );
    await run(
      `UNWIND $switches AS sw
       MERGE (s:Switch {chassisId: sw.chassisId})
       SET s.chassisIdSubtype = 'mac', s.name = sw.name, s.description = 'test switch', s.protocol = 'lldp', s.lastSeenMs = $t0
       WITH s, sw UNWIND sw.ports AS port
       MERGE (p:SwitchPort {chassisId: sw.chassisId, portId: port[0]})
       SET p.portIdSubtype = 'ifname', p.description = port[1], p.vlans = port[2], p.pvid = port[2][0], p.lastSeenMs = $t0
       MERGE (s)-[:HAS_PORT]->(p)`,
      { t0: int(T0_MS), switches: SWITCHES.map((s) => ({ ...s, ports: s.ports.map(([id, d, vlans]) => [id, d, vlans.map(int)]) })) },
    );
    await run(
      `UNWIND $wires AS row
       MATCH (n:NIC {mac: row.mac}), (p:SwitchPort {chassisId: row.chassisId, portId: row.portId})
       MERGE (n)-[w:WIRED_TO]->(p) SET w.lastSeenMs = $t0, w.protocol = 'lldp'`,
      { t0: int(T0_MS), wires: HOSTS.flatMap((h) => (h.wired === null ? [] : [{ mac: h.mac, chassisId: h.wired[0], portId: h.wired[1] }])) },
    );
    // Host.switches: the chassis ids its live NICs are wired to (the store maintains it; docs/graph-model.md).
    await run(`MATCH (h:Host) SET h.switches = ${hostSwitches('h')}`);
    await run(
      `UNWIND $procs AS row
       MATCH (h:Host {hostId: row.hostId})
       MERGE (p:Process {hostId: row.hostId, pid: row.pid, startTime: row.startTime})
       SET p.name = row.name, p.exe = row.exe, p.cmdline = row.exe, p.user = 'svc', p.firstSeenMs = $t0, p.lastSeenMs = $t0,
           p.gone = row.goneAtMs IS NOT NULL, p.goneAtMs = row.goneAtMs
       MERGE (h)-[:RUNS]->(p)
       WITH p, row
       CALL (p, row) {
         UNWIND row.listens AS l
         MERGE (e:Endpoint {ip: l.ip, port: l.port, proto: 'tcp'}) SET e.external = false
         MERGE (p)-[r:LISTENS_ON]->(e) SET r.firstSeenMs = $t0, r.lastSeenMs = $t0, r.gone = false
       }
       CALL (p, row) {
         UNWIND row.connects AS c
         MERGE (e:Endpoint {ip: c.ip, port: c.port, proto: 'tcp'}) SET e.external = c.external
         MERGE (p)-[r:CONNECTS_TO]->(e) SET r.firstSeenMs = $t0, r.lastSeenMs = $t0, r.gone = false
       }`,
      {
        t0: int(T0_MS),
        procs: PROCESSES.map((p) => {
          const ep = (text: string) => {
            const [ip = '', port = '0'] = text.split(':');
            return { ip, port: int(Number(port)), external: !HOSTS.some((h) => h.ip === ip) };
          };
          return { ...p, ...proc(p.host, p.pid), goneAtMs: p.goneAtMs === undefined ? null : int(p.goneAtMs), listens: p.listens.map(ep), connects: p.connects.map(ep) };
        }),
      },
    );
    await run(
      `UNWIND $services AS row
       MERGE (s:Service {key: row.key})
       SET s.name = row.name, s.port = row.port, s.proto = 'tcp', s.exe = row.exe, s.owner = row.owner, s.contact = row.contact
       WITH s, row UNWIND row.providers AS pr
       MATCH (p:Process {hostId: pr.hostId, pid: pr.pid, startTime: pr.startTime})
       MERGE (s)-[:PROVIDED_BY]->(p)`,
      { services: SERVICES.map((s) => ({ ...s, port: int(s.port), providers: s.providers.map(([h, pid]) => proc(h, pid)) })) },
    );
    await run(
      `UNWIND $deps AS row
       MATCH (p:Process {hostId: row.from.hostId, pid: row.from.pid, startTime: row.from.startTime}), (s:Service {key: row.to})
       MERGE (p)-[d:DEPENDS_ON]->(s) SET d.firstSeenMs = $t0, d.lastSeenMs = $t0, d.stale = row.stale`,
      { t0: int(T0_MS), deps: DEPENDS.map((d) => ({ from: proc(d.from[0], d.from[1]), to: d.to, stale: d.stale })) },
    );
    // Service.clients: the distinct hosts with a live DEPENDS_ON from a live process (the derivation maintains it).
    await run(`MATCH (s:Service)
       SET s.clients = COUNT { MATCH (s)<-[d:DEPENDS_ON]-(c:Process) WHERE NOT coalesce(d.stale, false) AND NOT coalesce(c.gone, false) RETURN DISTINCT c.hostId }`);
    // Service.providerHosts, providerHostId, providerSwitch (the derivation maintains them; the CMA's start backfills them).
    await run(BACKFILL_PROVIDERS);
    await run(
      `UNWIND $monitors AS row
       MERGE (m:Monitor {id: row.id}) SET m.kind = row.kind, m.target = row.target, m.intervalMs = 10000, m.state = 'ok', m.stateSinceMs = $t0
       WITH m, row
       OPTIONAL MATCH (p:Process {hostId: row.process.hostId, pid: row.process.pid, startTime: row.process.startTime})
       OPTIONAL MATCH (h:Host {hostId: row.hostId})
       FOREACH (x IN CASE WHEN p IS NULL THEN [] ELSE [p] END | MERGE (m)-[:CHECKS]->(x))
       FOREACH (x IN CASE WHEN h IS NULL THEN [] ELSE [h] END | MERGE (m)-[:CHECKS]->(x))`,
      {
        t0: int(T0_MS),
        monitors: MONITORS.map((m) => ({
          id: m.id,
          kind: m.kind,
          target: m.target,
          process: m.process === null ? { hostId: '', pid: int(-1), startTime: int(-1) } : proc(m.process[0], m.process[1]),
          hostId: m.host === null ? '' : ID[m.host],
        })),
      },
    );
    await run(
      `UNWIND $arp AS row
       MATCH (h:Host {hostId: row.hostId})
       MERGE (ip:IPAddress {ip: row.ip}) ON CREATE SET ip.family = 4, ip.gone = false, ip.firstSeenMs = $t0
       SET ip.lastSeenMs = $t0
       MERGE (h)-[s:SEES]->(ip) SET s.mac = row.mac, s.source = 'arp', s.lastSeenMs = $t0`,
      { t0: int(T0_MS), arp: ARP.map((a) => ({ ...a, hostId: ID[a.host] })) },
    );
  } finally {
    await driver.close();
  }
}
