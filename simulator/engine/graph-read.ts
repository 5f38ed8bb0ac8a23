/**
 * Reads the graph a simulated CMA stored back into the item form of simulator/report/graph-accuracy.ts: from the
 * MemoryGraphStore's discovery graph (hosts, NICs, IPs, wiring: it derives no services or DEPENDS_ON), or with
 * Cypher from Neo4j (every kind). Only live things count: gone NICs, IPs, processes and WIRED_TO edges, and stale
 * DEPENDS_ON edges, are left out.
 */
import type { MemoryGraphStore } from '../../cma/store/index.ts';
import type { GraphItems } from '../report/graph-accuracy.ts';

/** Runs one read-only Cypher statement and returns its rows as plain objects (numbers as numbers). */
export type CypherRead = (cypher: string) => Promise<readonly Readonly<Record<string, unknown>>[]>;

const keyOf = (nodeId: string): string => nodeId.slice(nodeId.indexOf(' ') + 1);

/** hosts, nics, ips and wiring from the memory store. */
export async function readMemoryGraph(store: MemoryGraphStore): Promise<GraphItems> {
  const hosts = new Set((await store.loadHosts()).map((h) => h.hostId));
  const { nodes, rels } = store.factGraph();
  const node = new Map(nodes.map((n) => [`${n.label} ${n.key}`, n]));
  const live = (id: string): boolean => node.get(id)?.props['gone'] !== true;
  const nics = new Set<string>();
  const ips = new Set<string>();
  const wiring = new Set<string>();
  for (const r of rels) {
    const nic = node.get(r.from);
    const hostId = nic?.props['hostId'];
    if (r.type === 'HAS_NIC' && live(r.to)) nics.add(`${keyOf(r.from)} ${keyOf(r.to)}`);
    else if (r.type === 'HAS_IP' && live(r.from) && live(r.to)) ips.add(`${String(hostId)} ${keyOf(r.to)}/${String(r.props['prefixLength'])}`);
    else if (r.type === 'WIRED_TO' && live(r.from) && r.props['gone'] !== true) {
      const port = node.get(r.to);
      wiring.add(`${String(hostId)} ${String(nic?.props['name'])} ${String(port?.props['chassisId'])} ${String(port?.props['portId'])}`);
    }
  }
  return { hosts, nics, ips, wiring };
}

const HOSTS = `MATCH (h:Host) WHERE h.publicKey IS NOT NULL RETURN h.hostId AS item`;
const NICS = `MATCH (h:Host)-[:HAS_NIC]->(n:NIC) WHERE NOT coalesce(n.gone, false) RETURN h.hostId + ' ' + n.mac AS item`;
const IPS = `MATCH (h:Host)-[:HAS_NIC]->(n:NIC)-[r:HAS_IP]->(i:IPAddress)
WHERE NOT coalesce(n.gone, false) AND NOT coalesce(i.gone, false)
RETURN h.hostId + ' ' + i.ip + '/' + toString(r.prefixLength) AS item`;
const WIRING = `MATCH (h:Host)-[:HAS_NIC]->(n:NIC)-[w:WIRED_TO]->(p:SwitchPort)<-[:HAS_PORT]-(s:Switch)
WHERE NOT coalesce(n.gone, false) AND NOT coalesce(w.gone, false)
RETURN h.hostId + ' ' + n.name + ' ' + s.chassisId + ' ' + p.portId AS item`;
const SERVICES = `MATCH (s:Service)-[:PROVIDED_BY]->(p:Process)<-[:RUNS]-(h:Host)
WHERE NOT coalesce(p.gone, false)
RETURN s.key AS key, s.name AS name, collect(DISTINCT h.hostId) AS hosts`;
const DEPENDS = `MATCH (c:Process)-[d:DEPENDS_ON]->(t)
WHERE NOT coalesce(d.stale, false) AND NOT coalesce(c.gone, false)
OPTIONAL MATCH (cs:Service)-[:PROVIDED_BY]->(c)
RETURN DISTINCT cs.key AS clientService, 'process:' + coalesce(c.name, '?') + '|' + c.hostId AS clientProcess,
       CASE WHEN t:Service THEN t.key END AS targetService, CASE WHEN t:Process THEN 'process:' + coalesce(t.name, '?') + '|' + t.hostId END AS targetProcess`;

const HOST_DEPENDS = `MATCH (c:Process)-[d:DEPENDS_ON]->(t)
WHERE NOT coalesce(d.stale, false) AND NOT coalesce(c.gone, false)
OPTIONAL MATCH (t)-[:PROVIDED_BY]->(p:Process)
WITH c, CASE WHEN t:Process THEN t ELSE p END AS q
WHERE q IS NOT NULL AND NOT coalesce(q.gone, false)
RETURN DISTINCT c.hostId + ' -> ' + q.hostId AS item`;

/** Every kind, from Neo4j. */
export async function readCypherGraph(read: CypherRead): Promise<GraphItems> {
  const items = async (cypher: string): Promise<Set<string>> => new Set((await read(cypher)).map((r) => String(r['item'])));
  const serviceRows = await read(SERVICES);
  const providers = (v: unknown): string => (Array.isArray(v) ? v.map(String).sort().join(',') : '');
  const serviceItem = new Map(serviceRows.map((r) => [String(r['key']), `${String(r['name'])}|${providers(r['hosts'])}`]));
  const end = (service: unknown, process: unknown): string => (typeof service === 'string' ? (serviceItem.get(service) ?? `service:${service}`) : String(process));
  const dependencies = new Set((await read(DEPENDS)).map((r) => `${end(r['clientService'], r['clientProcess'])} -> ${end(r['targetService'], r['targetProcess'])}`));
  return {
    hosts: await items(HOSTS),
    nics: await items(NICS),
    ips: await items(IPS),
    wiring: await items(WIRING),
    services: new Set(serviceItem.values()),
    dependencies,
    hostDependencies: await items(HOST_DEPENDS),
  };
}
