/**
 * The Neo4j store's Cypher, as named parameterised constants (STYLE practice 13: no string building). Every write
 * MERGEs on a key of docs/graph-model.md, so a retried transaction never duplicates anything; rows come in
 * through `UNWIND $rows`.
 */

/** Host upserts: whole record (operator properties such as owner/contact/role are left alone). */
export const WRITE_HOSTS = `
UNWIND $rows AS row
MERGE (h:Host {hostId: row.hostId})
SET h += row.props`;

/** Rings removed in the batch: the node and its MEMBER_OF edges. */
export const REMOVE_RINGS = `
UNWIND $rows AS ringId
MATCH (r:Ring {ringId: ringId})
DETACH DELETE r`;

export const WRITE_RINGS = `
UNWIND $rows AS row
MERGE (r:Ring {ringId: row.ringId})
SET r.placement = row.placement`;

export const REMOVE_MEMBERS = `
UNWIND $rows AS row
MATCH (:Host {hostId: row.hostId})-[m:MEMBER_OF]->(:Ring {ringId: row.ringId})
DELETE m`;

/** A member's host node may not be registered yet (ring changes name hosts by id): MERGE creates it bare. */
export const WRITE_MEMBERS = `
UNWIND $rows AS row
MERGE (h:Host {hostId: row.hostId})
MERGE (r:Ring {ringId: row.ringId})
  ON CREATE SET r.placement = row.ringId
MERGE (h)-[m:MEMBER_OF]->(r)
SET m.position = row.position`;

/** Both directions of a ring edge go (the undirected pattern matches each WATCHES edge once). */
export const REMOVE_EDGES = `
UNWIND $rows AS row
MATCH (:Host {hostId: row.a})-[w:WATCHES {ringId: row.ringId}]-(:Host {hostId: row.b})
DELETE w`;

/** One WATCHES edge per direction: both ends heartbeat each other. */
export const WRITE_EDGES = `
UNWIND $rows AS row
MERGE (a:Host {hostId: row.a})
MERGE (b:Host {hostId: row.b})
MERGE (a)-[:WATCHES {ringId: row.ringId}]->(b)
MERGE (b)-[:WATCHES {ringId: row.ringId}]->(a)`;

/** Events, linked to the host they are about when that host has a node. */
export const WRITE_EVENTS = `
UNWIND $rows AS row
MERGE (e:Event {id: row.id})
SET e.wallMs = row.wallMs, e.type = row.type, e.hostId = row.hostId, e.ringId = row.ringId, e.detail = row.detail
WITH e, row
WHERE row.hostId IS NOT NULL
MATCH (h:Host {hostId: row.hostId})
MERGE (e)-[:ABOUT]->(h)`;

/** The latest discovery record per host and kind. */
export const WRITE_DISCOVERY = `
UNWIND $rows AS row
MERGE (d:Discovery {key: row.key})
SET d += row.props
WITH d, row
MATCH (h:Host {hostId: row.hostId})
MERGE (h)-[:HAS_DISCOVERY]->(d)`;

/** Registered hosts: nodes a ring change created bare (no publicKey yet) are not hosts the CMA knows. */
export const LOAD_HOSTS = `
MATCH (h:Host)
WHERE h.publicKey IS NOT NULL
RETURN properties(h) AS h`;

export const LOAD_MEMBERS = `
MATCH (h:Host)-[m:MEMBER_OF]->(r:Ring)
RETURN h.hostId AS hostId, r.ringId AS ringId, m.position AS position`;

/** Ties in wallMs (one millisecond, one group commit) are broken by id. */
export const LOAD_EVENTS = `
MATCH (e:Event)
WHERE e.wallMs >= $since
RETURN properties(e) AS e
ORDER BY e.wallMs, e.id`;

export const LOAD_DISCOVERY_HASHES = `
MATCH (d:Discovery)
RETURN d.hostId AS hostId, d.kind AS kind, d.hash AS hash`;
