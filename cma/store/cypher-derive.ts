/**
 * Dependency derivation (docs/graph-model.md, DEPENDS_ON / Service / PROVIDED_BY), run by the Neo4j store in the
 * transaction of every batch that carries discovery facts, scoped to what those facts can change, so it needs no
 * state and costs what the batch touched, not what the graph holds. Rows: one `{now, staleAfterMs, hostIds}` (now =
 * the newest fact's wallMs; hostIds = the hosts the facts are about).
 *
 * - A live listener (process and LISTENS_ON not gone) provides the Service `<program>:<port>` (PROGRAM_NAME), keyed
 *   `name@hostId`; providers of one name linked by shared client processes (transitively) on two hosts or more
 *   form one logical service `name@cluster:<smallest hostId among them>` with PROVIDED_BY each (READ_PROVIDERS →
 *   service-clusters.ts → WRITE_SERVICES). PROVIDED_BY edges of live processes that this
 *   pass did not derive are removed (they are derived, not observed).
 * - A live CONNECTS_TO to an Endpoint a live process listens on gives (client)-[:DEPENDS_ON]->(the listener's
 *   Service, else the listening Process), `lastSeenMs = now`, `stale = false`.
 * - A DEPENDS_ON whose connection is gone gets `stale = true` once not re-derived for `staleAfterMs` (kept; queries
 *   skip it).
 * - `Service.clients`: the number of distinct hosts with a live (not stale) DEPENDS_ON from a live process to it.
 * - `Service.providerHosts`, `providerHostId`, `providerSwitch` (setProviders): who provides it, for spof; set on
 *   the Services whose PROVIDED_BY edges this pass adds or removes and on the Services of the batch's processes
 *   that went gone or came back and of the hosts whose switches changed (a host losing a NIC to another one:
 *   WRITE_NICS). `clients` is recounted where a DEPENDS_ON went live or stale or a client process changed.
 *
 * Scope: what the batch changed (cypher-facts.ts marks it `changed`; CLEAR_CHANGED removes the marks last): the
 * listeners whose Service can change (SCOPED_LISTENERS: those on the batch's hosts and those their processes
 * connect to whose process, socket or connection changed, and the replica groups these were in or can join); the
 * connections of the batch's hosts' processes, both ways, and of the listeners in scope. Every other derived edge is what a derivation over the
 * whole graph would find again (nothing it derives from changed), except for `lastSeenMs`, which MARK_STALE
 * refreshes on the edges that would go stale while their connection is still there. FULL_DERIVATION (test/helpers)
 * is the whole-graph derivation this must agree with.
 */

/** The basename of Process `p`'s resolved executable ('' when unknown). */
const EXE_BASE = `reverse(split(coalesce(p.exe, ''), '/'))[0]`;

/**
 * The program name of Process `p` that names its services: its comm name (the name it was started as, what `ps`
 * and `ss -p` show: `redis-server`, not the `redis-check-rdb` its symlink resolves to; `python3`, not
 * `python3.11`), except where the kernel cut it to 15 characters from the executable's basename; the executable's
 * basename when there is no comm name; `?` when neither is known. Exported for the whole-graph check
 * (test/helpers/full-derivation.ts).
 */
export const PROGRAM_NAME = `CASE
  WHEN coalesce(p.name, '') = '' THEN CASE WHEN ${EXE_BASE} = '' THEN '?' ELSE ${EXE_BASE} END
  WHEN size(p.name) >= 15 AND ${EXE_BASE} STARTS WITH p.name THEN ${EXE_BASE}
  ELSE p.name END`;
const BASE = PROGRAM_NAME;

/**
 * After `UNWIND $rows AS run`: rows `run, name, p, l, e` for every listener in scope (gone ones included: the
 * caller filters). The seeds are the listeners whose inputs the batch changed (cypher-facts.ts marks them
 * `changed`): those on the batch's hosts that appeared, went or came back (process or socket) or were renamed, and
 * those a connection of the batch's hosts to which appeared, went or came back. A listener none of whose inputs
 * changed keeps its Service: a report that changes nothing re-derives nothing, and a host that listens where the
 * whole fleet does (`node_exporter:9100`, all one replica group behind the same scrapers) costs its batch that group
 * only when its own listener or a connection to it changes. Which Service a listener provides changes only
 * with the replica groups (service-clusters.ts) of the seeds: the groups they were in (the other providers of
 * their current Services) and the ones they can join (listeners of the same name a live client of theirs also
 * connects to, and the other providers of those listeners' Services). Nothing else can change: a link between two
 * listeners depends on their clients only. So a name every host listens on (`sshd:22`) costs a batch its own
 * replica groups, not the fleet.
 */
const SCOPED_LISTENERS = `
CALL (run) {
  UNWIND run.hostIds AS hostId
  MATCH (:Host {hostId: hostId})-[:RUNS]->(p:Process)-[l:LISTENS_ON]->(e:Endpoint)
  WHERE p.changed OR l.changed
  RETURN p, e
  UNION
  UNWIND run.hostIds AS hostId
  MATCH (:Host {hostId: hostId})-[:RUNS]->(c:Process)-[k:CONNECTS_TO]->(e:Endpoint)<-[:LISTENS_ON]-(p:Process)
  WHERE c.changed OR k.changed
  RETURN p, e
}
WITH DISTINCT run, p AS seed, e AS seedEndpoint, ${BASE} + ':' + toString(e.port) AS name
WITH run, name, collect(DISTINCT seed) AS seeds, collect(DISTINCT seedEndpoint) AS seedEndpoints
// Per name, each client and each Service once (not once per seed, per linked listener): linear in a replica group
// the whole fleet is in, where the pairs would be its size squared.
CALL (seeds, seedEndpoints, name) {
  UNWIND seeds AS p
  RETURN p
  UNION
  UNWIND seedEndpoints AS seedEndpoint
  MATCH (seedEndpoint)<-[k0:CONNECTS_TO]-(c:Process)
  WHERE NOT coalesce(k0.gone, false) AND NOT coalesce(c.gone, false)
  WITH DISTINCT c, seedEndpoint.port AS port
  // (e carries no label: a port many hosts listen on must not make the planner start from the Endpoint(port) index)
  MATCH (c)-[k1:CONNECTS_TO]->(e)<-[:LISTENS_ON]-(p:Process)
  WHERE e.port = port AND NOT coalesce(k1.gone, false) AND ${BASE} + ':' + toString(e.port) = name
  RETURN p
}
WITH run, name, collect(DISTINCT p) AS linked
CALL (linked, name) {
  UNWIND linked AS p
  RETURN p
  UNION
  UNWIND linked AS l
  MATCH (l)<-[:PROVIDED_BY]-(s:Service {name: name})
  WITH DISTINCT s
  MATCH (s)-[:PROVIDED_BY]->(p:Process)
  RETURN p
}
WITH DISTINCT run, name, p
MATCH (p)-[l:LISTENS_ON]->(e)
WHERE ${BASE} + ':' + toString(e.port) = name`;

/**
 * Sets the provider properties of the Service bound to variable `s` (docs/graph-model.md): `providerHosts`, the
 * number of distinct hosts running a live (not gone) process it is PROVIDED_BY; `providerHostId`, that host's id
 * when there is one, else null; `providerSwitch`, the chassis id of the one switch all those hosts are wired to and
 * to no other (each one's `Host.switches` is exactly it), else null. A unit subquery: the rows pass through. (Its
 * variables are named so that none of the caller's can be captured.)
 */
export const setProviders = (s: string): string => `CALL (${s}) {
  WITH COLLECT {
    MATCH (${s})-[:PROVIDED_BY]->(provider:Process)<-[:RUNS]-(providerHost:Host)
    WHERE NOT coalesce(provider.gone, false)
    RETURN DISTINCT providerHost
  } AS hosts
  WITH [x IN hosts | x.hostId] AS ids, [x IN hosts | coalesce(x.switches, [])] AS sets
  WITH ids, sets, head(head(sets)) AS sw0
  SET ${s}.providerHosts = size(ids), ${s}.providerHostId = CASE WHEN size(ids) = 1 THEN ids[0] END,
      ${s}.providerSwitch = CASE WHEN sw0 IS NOT NULL AND all(x IN sets WHERE size(x) = 1 AND x[0] = sw0) THEN sw0 END
}`;

/** The distinct hosts with a live DEPENDS_ON from a live process to Service `s`. */
const CLIENTS = `COUNT {
  MATCH (s)<-[d:DEPENDS_ON]-(c:Process)
  WHERE NOT coalesce(d.stale, false) AND NOT coalesce(c.gone, false)
  RETURN DISTINCT c.hostId
}`;

/**
 * The listeners in scope, one row each (service-clusters.ts `ProviderRow`, plus `live` and `held`): which Service
 * a live provider belongs to depends on the clients it shares with the others, worked out by `clusterServices`.
 * Rows of gone processes or listeners are there for their `current` keys; `held`: the cluster keys named after the
 * row's host with the number of live processes providing each (batch-work.ts finds from them the keys held outside
 * the scope, which a new cluster must not take).
 */
export const READ_PROVIDERS = `
UNWIND $rows AS run
${SCOPED_LISTENERS}
MATCH (h:Host)-[:RUNS]->(p)
WITH DISTINCT h, p, e, name, ${BASE} AS base, NOT coalesce(p.gone, false) AND NOT coalesce(l.gone, false) AS live
RETURN name, base, e.port AS port, e.proto AS proto, h.hostId AS hostId, elementId(p) AS process, live, NOT coalesce(p.gone, false) AS processLive,
       CASE WHEN live THEN COLLECT {
         MATCH (c:Process)-[k:CONNECTS_TO]->(e)
         WHERE NOT coalesce(k.gone, false) AND NOT coalesce(c.gone, false)
         RETURN DISTINCT elementId(c)
       } ELSE [] END AS clients,
       [(s:Service)-[:PROVIDED_BY]->(p) | s.key] AS current,
       COLLECT {
         MATCH (s:Service) WHERE s.key STARTS WITH name + '@cluster:' + h.hostId
         RETURN [s.key, toString(COUNT { (s)-[:PROVIDED_BY]->(q:Process) WHERE NOT coalesce(q.gone, false) })]
       } AS held`;

/**
 * Rows `{now, services}` (service-clusters.ts `ServiceRow`s): MERGE each Service and its PROVIDED_BY, then the
 * provider properties of every Service touched.
 */
export const WRITE_SERVICES = `
UNWIND $rows AS run
UNWIND run.services AS sv
MATCH (p:Process) WHERE elementId(p) = sv.process
MERGE (s:Service {key: sv.key})
  ON CREATE SET s.clients = 0
SET s.name = sv.name, s.port = sv.port, s.proto = sv.proto, s.exe = sv.base
WITH run, s, p
MERGE (s)-[b:PROVIDED_BY]->(p)
SET b.derivedAtMs = run.now
WITH collect(DISTINCT s) AS derived
UNWIND derived AS s
${setProviders('s')}`;

/**
 * PROVIDED_BY edges of the scope's live processes (the listeners in scope) not re-derived; a
 * Service this leaves with no PROVIDED_BY and that nothing DEPENDS_ON (its providers now form another service, e.g.
 * a per-host service that became one logical service of several hosts before anyone connected to it) is derived,
 * not observed, and goes. One that something depended on stays, for its DEPENDS_ON to age out (stale).
 */
export const PRUNE_PROVIDED_BY = `
UNWIND $rows AS run
CALL (run) {
  ${SCOPED_LISTENERS.trim().split('\n').join('\n  ')}
  RETURN p
}
WITH DISTINCT run, p
MATCH (s:Service)-[b:PROVIDED_BY]->(p)
WHERE coalesce(b.derivedAtMs, -1) < run.now AND NOT coalesce(p.gone, false)
DELETE b
WITH collect(DISTINCT s) AS pruned
UNWIND pruned AS s
${setProviders('s')}
WITH s
WHERE NOT EXISTS { (s)-[:PROVIDED_BY]->() }
CALL (s) {
  // Superseded (its providers now form another service): what depended on it depends on that one now, so those
  // DEPENDS_ON are stale at once, not after the stale time (a gone provider keeps its PROVIDED_BY: not this case).
  OPTIONAL MATCH ()-[d:DEPENDS_ON]->(s)
  SET d.stale = true
}
SET s.clients = 0
WITH s
WHERE NOT EXISTS { ()-[:DEPENDS_ON]->(s) }
DETACH DELETE s`;

/** Connections of the batch's hosts (client or listener side) and of the scope's listeners. */
export const DERIVE_DEPENDS = `
UNWIND $rows AS run
CALL (run) {
  UNWIND run.hostIds AS hostId
  MATCH (:Host {hostId: hostId})-[:RUNS]->(c:Process)-[k:CONNECTS_TO]->(e:Endpoint)<-[l:LISTENS_ON]-(q:Process)
  RETURN c, k, l, q
  UNION
  UNWIND run.hostIds AS hostId
  MATCH (:Host {hostId: hostId})-[:RUNS]->(q:Process)-[l:LISTENS_ON]->(e:Endpoint)<-[k:CONNECTS_TO]-(c:Process)
  RETURN c, k, l, q
  UNION
  ${SCOPED_LISTENERS.trim().split('\n').join('\n  ')}
  WITH p AS q, l, e
  MATCH (e)<-[k:CONNECTS_TO]-(c:Process)
  RETURN c, k, l, q
}
WITH run, c, k, l, q
WHERE c <> q AND NOT coalesce(k.gone, false) AND NOT coalesce(l.gone, false)
  AND NOT coalesce(c.gone, false) AND NOT coalesce(q.gone, false)
WITH DISTINCT run, c, q
OPTIONAL MATCH (s:Service)-[:PROVIDED_BY]->(q)
WITH run, c, q, head(collect(s)) AS s
WITH run, c, CASE WHEN s IS NULL THEN q ELSE s END AS target
WITH DISTINCT run, c, target
MERGE (c)-[d:DEPENDS_ON]->(target)
  ON CREATE SET d.firstSeenMs = run.now
WITH run, target, d, coalesce(d.stale, true) AS wasStale
SET d.lastSeenMs = run.now, d.stale = false
// Only a DEPENDS_ON that is new or live again changes who counts (a service a whole fleet uses is not recounted per batch).
WITH target, wasStale WHERE wasStale AND target:Service
WITH DISTINCT target AS s
SET s.clients = ${CLIENTS}`;

/**
 * DEPENDS_ON edges last derived more than staleAfterMs ago (found through the DEPENDS_ON(stale, lastSeenMs)
 * index): stale when their connection is gone, else seen again now (a whole-graph derivation would have re-derived
 * them in every transaction).
 */
export const MARK_STALE = `
UNWIND $rows AS run
MATCH (c)-[d:DEPENDS_ON]->(t)
WHERE d.stale = false AND d.lastSeenMs < run.now - run.staleAfterMs
WITH run, c, d, t, EXISTS {
  MATCH (c)-[k:CONNECTS_TO]->(:Endpoint)<-[l:LISTENS_ON]-(q:Process)
  WHERE c:Process AND c <> q AND NOT coalesce(k.gone, false) AND NOT coalesce(l.gone, false)
    AND NOT coalesce(c.gone, false) AND NOT coalesce(q.gone, false)
    AND (EXISTS { (t:Service)-[:PROVIDED_BY]->(q) } OR (q = t AND NOT EXISTS { (:Service)-[:PROVIDED_BY]->(q) }))
} AS live
SET d.stale = NOT live, d.lastSeenMs = CASE WHEN live THEN run.now ELSE d.lastSeenMs END
WITH t, live WHERE NOT live AND t:Service
WITH DISTINCT t AS s
SET s.clients = ${CLIENTS}`;

/** Services the batch's processes that went gone or came back depend on (a gone client process does not count). */
export const COUNT_CLIENTS = `
UNWIND $rows AS run
UNWIND run.hostIds AS hostId
MATCH (:Host {hostId: hostId})-[:RUNS]->(c:Process)-[:DEPENDS_ON]->(s:Service)
WHERE c.changed
WITH DISTINCT s
SET s.clients = ${CLIENTS}`;

/**
 * Services of the batch's processes that changed (gone, back) and of every process of a host whose switches changed:
 * their provider properties (setProviders). The rest read nothing the batch changed.
 */
export const SET_PROVIDERS = `
UNWIND $rows AS run
UNWIND run.hostIds AS hostId
MATCH (h:Host {hostId: hostId})-[:RUNS]->(p:Process)<-[:PROVIDED_BY]-(s:Service)
WHERE h.changed OR p.changed
WITH DISTINCT s
${setProviders('s')}`;

/** Last: the batch's `changed` marks (cypher-facts.ts) go; the next batch starts from none. */
export const CLEAR_CHANGED = `
UNWIND $rows AS run
UNWIND run.hostIds AS hostId
MATCH (h:Host {hostId: hostId})
CALL (h) {
  WITH h WHERE h.changed IS NOT NULL
  REMOVE h.changed
}
MATCH (h)-[:RUNS]->(p:Process)
CALL (p) {
  MATCH (p)-[r:LISTENS_ON|CONNECTS_TO]->()
  WHERE r.changed IS NOT NULL
  REMOVE r.changed
}
WITH p WHERE p.changed IS NOT NULL
REMOVE p.changed`;

/** Once at start: Services written before `clients` was maintained (or by hand) get it. */
export const BACKFILL_CLIENTS = `
MATCH (s:Service) WHERE s.clients IS NULL
SET s.clients = ${CLIENTS}`;

/** Once at start (after BACKFILL_HOST_SWITCHES): Services written before their provider properties were maintained get them. */
export const BACKFILL_PROVIDERS = `
MATCH (s:Service) WHERE s.providerHosts IS NULL
${setProviders('s')}`;
