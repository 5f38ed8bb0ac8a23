/**
 * The Neo4j store's Cypher for interpreted discovery (docs/graph-model.md; MemoryGraphStore's FactGraph does
 * the same in Maps). Writes MERGE on the keys and stamp `lastSeenMs` with the report's time; the GONE_*
 * statements then mark what the host held for that kind with an older stamp `gone` (never deleting it).
 */
import { setProviders } from './cypher-derive.ts';

/**
 * `Host.switches` of the Host bound to variable `h`: the chassis ids of the switches its live NICs are wired to, distinct and sorted
 * (docs/graph-model.md). Kept up to date whenever a host's NICs or wiring change (WRITE_NICS, SET_HOST_SWITCHES);
 * the provider properties of Services (setProviders) read it.
 */
export const hostSwitches = (h: string): string => `COLLECT {
  MATCH (${h})-[:HAS_NIC]->(wiredNic:NIC)-[:WIRED_TO]->(:SwitchPort)<-[:HAS_PORT]-(wiredSwitch:Switch)
  WHERE NOT coalesce(wiredNic.gone, false)
  WITH DISTINCT wiredSwitch.chassisId AS c ORDER BY c
  RETURN c
}`;

/**
 * A NIC another host held moves to this one: that host's switches are recomputed without it, and the provider
 * properties of the Services its processes provide (which read them).
 */
export const WRITE_NICS = `
UNWIND $rows AS row
MERGE (h:Host {hostId: row.hostId})
MERGE (n:NIC {mac: row.mac})
SET n.name = row.name, n.mtu = row.mtu, n.speedMbps = row.speedMbps, n.hostId = row.hostId,
    n.gone = false, n.goneAtMs = null, n.lastSeenMs = row.wallMs
WITH h, n
CALL (h, n) {
  MATCH (o:Host)-[r:HAS_NIC]->(n) WHERE o <> h
  DELETE r
  WITH DISTINCT o
  SET o.switches = ${hostSwitches('o')}
  WITH o
  MATCH (o)-[:RUNS]->(:Process)<-[:PROVIDED_BY]-(s:Service)
  WITH DISTINCT s
  ${setProviders('s').split('\n').join('\n  ')}
}
MERGE (h)-[:HAS_NIC]->(n)`;

export const WRITE_IPS = `
UNWIND $rows AS row
MATCH (n:NIC {mac: row.mac})
MERGE (i:IPAddress {ip: row.ip})
  ON CREATE SET i.firstSeenMs = row.wallMs
SET i.family = row.family, i.lastSeenMs = row.wallMs, i.gone = false, i.goneAtMs = null
MERGE (n)-[r:HAS_IP]->(i)
SET r.prefixLength = row.prefixLength, r.lastSeenMs = row.wallMs
MERGE (s:Subnet {cidr: row.cidr})
MERGE (i)-[:IN_SUBNET]->(s)`;

/** Rows `{hostId, wallMs}`: NICs not in the inventory, and addresses no longer on a NIC of the host. */
export const GONE_INVENTORY = `
UNWIND $rows AS row
MATCH (:Host {hostId: row.hostId})-[:HAS_NIC]->(n:NIC)
CALL (n, row) {
  WITH n, row WHERE n.lastSeenMs < row.wallMs AND NOT coalesce(n.gone, false)
  SET n.gone = true, n.goneAtMs = row.wallMs
}
WITH n, row
MATCH (n)-[r:HAS_IP]->(i:IPAddress)
WHERE r.lastSeenMs < row.wallMs AND NOT coalesce(i.gone, false)
SET i.gone = true, i.goneAtMs = row.wallMs`;

export const WRITE_SWITCHES = `
UNWIND $rows AS row
MERGE (s:Switch {chassisId: row.chassisId})
SET s += row.props, s.lastSeenMs = row.wallMs`;

export const WRITE_PORTS = `
UNWIND $rows AS row
MERGE (s:Switch {chassisId: row.chassisId})
MERGE (p:SwitchPort {key: row.key})
SET p += row.props, p.lastSeenMs = row.wallMs
MERGE (s)-[:HAS_PORT]->(p)`;

/** The host's LLDP links (NIC name → port key), kept on the Host so a later inventory can wire its NICs. */
export const SET_LLDP_LINKS = `
UNWIND $rows AS row
MERGE (h:Host {hostId: row.hostId})
SET h.lldpNics = row.nics, h.lldpPorts = row.ports, h.lldpProtocols = row.protocols, h.lldpWallMs = row.wallMs`;

/** Rows `{hostId}`: (re)wires the host's live NICs to the ports its last LLDP report named. */
export const LINK_WIRED = `
UNWIND $rows AS row
MATCH (h:Host {hostId: row.hostId})
UNWIND range(0, size(coalesce(h.lldpPorts, [])) - 1) AS k
MATCH (h)-[:HAS_NIC]->(n:NIC {name: h.lldpNics[k]})
WHERE NOT coalesce(n.gone, false)
MATCH (p:SwitchPort {key: h.lldpPorts[k]})
MERGE (n)-[w:WIRED_TO]->(p)
SET w.lastSeenMs = h.lldpWallMs, w.protocol = h.lldpProtocols[k], w.gone = false, w.goneAtMs = null`;

/**
 * Rows `{hostId}` (after the NIC, inventory and wiring statements): the host's `switches` (hostSwitches), and its
 * `changed` mark when they changed (the provider properties of its Services read them: cypher-derive.ts SET_PROVIDERS).
 */
export const SET_HOST_SWITCHES = `
UNWIND $rows AS row
MATCH (h:Host {hostId: row.hostId})
WITH h, ${hostSwitches('h')} AS switches
SET h.changed = CASE WHEN coalesce(h.changed, false) OR h.switches IS NULL OR h.switches <> switches THEN true END
SET h.switches = switches`;

/** Once at start: Hosts written before `switches` was maintained (or by hand) get it. */
export const BACKFILL_HOST_SWITCHES = `
MATCH (h:Host) WHERE h.switches IS NULL
SET h.switches = ${hostSwitches('h')}`;

export const GONE_LLDP = `
UNWIND $rows AS row
MATCH (:Host {hostId: row.hostId})-[:HAS_NIC]->(:NIC)-[w:WIRED_TO]->(:SwitchPort)
WHERE w.lastSeenMs < row.wallMs AND NOT coalesce(w.gone, false)
SET w.gone = true, w.goneAtMs = row.wallMs`;

/**
 * `changed` marks, for the dependency derivation of the same transaction (cypher-derive.ts SCOPED_LISTENERS), the
 * processes and sockets whose state this batch changed: created, gone, back from gone, or (a process) renamed (and
 * hosts whose switches changed: SET_HOST_SWITCHES). A listener none of whose inputs changed keeps its Service, so a
 * batch re-derives only what it changed, not every replica group its host is in. CLEAR_CHANGED removes the marks before the transaction commits. This is the value
 * of `changed` for the item bound to `x` when the batch sees it again (before its `gone` is cleared).
 */
const CHANGED = (x: string, orElse = 'false'): string => `CASE WHEN coalesce(${x}.changed, false) OR coalesce(${x}.gone, false) OR ${orElse} THEN true END`;

export const WRITE_PROCESSES = `
UNWIND $rows AS row
MERGE (h:Host {hostId: row.hostId})
MERGE (p:Process {key: row.key})
  ON CREATE SET p.firstSeenMs = row.wallMs, p.changed = true
SET p.changed = ${CHANGED('p', "coalesce(p.name, '') <> coalesce(row.props.name, '') OR coalesce(p.exe, '') <> coalesce(row.props.exe, '')")}
SET p += row.props, p.lastSeenMs = row.wallMs, p.gone = false, p.goneAtMs = null
MERGE (h)-[:RUNS]->(p)`;

export const WRITE_LISTENS = `
UNWIND $rows AS row
MATCH (p:Process {key: row.processKey})
MERGE (e:Endpoint {key: row.key})
SET e.ip = row.ip, e.port = row.port, e.proto = row.proto, e.external = false
MERGE (p)-[l:LISTENS_ON]->(e)
  ON CREATE SET l.firstSeenMs = row.wallMs, l.changed = true
SET l.changed = ${CHANGED('l')}
SET l.lastSeenMs = row.wallMs, l.gone = false, l.goneAtMs = null`;

export const WRITE_CONNECTS = `
UNWIND $rows AS row
MATCH (p:Process {key: row.processKey})
MERGE (e:Endpoint {key: row.key})
  ON CREATE SET e.external = false
SET e.ip = row.ip, e.port = row.port, e.proto = row.proto
MERGE (p)-[c:CONNECTS_TO]->(e)
  ON CREATE SET c.firstSeenMs = row.wallMs, c.changed = true
SET c.changed = ${CHANGED('c')}
SET c.lastSeenMs = row.wallMs, c.gone = false, c.goneAtMs = null`;

export const GONE_PROCESSES = `
UNWIND $rows AS row
MATCH (:Host {hostId: row.hostId})-[:RUNS]->(p:Process)
WHERE p.lastSeenMs < row.wallMs AND NOT coalesce(p.gone, false)
SET p.gone = true, p.goneAtMs = row.wallMs, p.changed = true`;

export const GONE_SOCKETS = `
UNWIND $rows AS row
MATCH (:Host {hostId: row.hostId})-[:RUNS]->(:Process)-[r:LISTENS_ON|CONNECTS_TO]->(:Endpoint)
WHERE r.lastSeenMs < row.wallMs AND NOT coalesce(r.gone, false)
SET r.gone = true, r.goneAtMs = row.wallMs, r.changed = true`;

export const WRITE_SEES = `
UNWIND $rows AS row
MERGE (h:Host {hostId: row.hostId})
MERGE (i:IPAddress {ip: row.ip})
  ON CREATE SET i.family = row.family, i.firstSeenMs = row.wallMs, i.gone = false, i.goneAtMs = null
MERGE (h)-[s:SEES]->(i)
SET s.mac = row.mac, s.source = 'arp', s.lastSeenMs = row.wallMs, s.gone = false, s.goneAtMs = null`;

export const GONE_ARP = `
UNWIND $rows AS row
MATCH (:Host {hostId: row.hostId})-[s:SEES]->(:IPAddress)
WHERE s.lastSeenMs < row.wallMs AND NOT coalesce(s.gone, false)
SET s.gone = true, s.goneAtMs = row.wallMs`;

/** One row when the batch has facts: endpoints only connected to are external unless a known NIC has the ip. */
export const REFRESH_EXTERNAL = `
UNWIND $rows AS once
MATCH (e:Endpoint)<-[:CONNECTS_TO]-(:Process)
WHERE NOT EXISTS { (e)<-[:LISTENS_ON]-(:Process) }
WITH DISTINCT e
SET e.external = NOT EXISTS { MATCH (:NIC)-[:HAS_IP]->(:IPAddress {ip: e.ip}) }`;

/** Rows `{hostId, props, wallMs}` (kind `facts`): the Host's operator properties; `props` holds every fact key, null clears. */
export const SET_HOST_FACTS = `
UNWIND $rows AS row
MERGE (h:Host {hostId: row.hostId})
SET h += row.props, h.factsWallMs = row.wallMs`;
