// The dependency derivation over the WHOLE graph, as the Neo4j store ran it in every facts transaction before it
// was scoped to what a batch touched (cma/store/cypher-derive.ts): the reference the scoped one must agree with.
// Rows: one `{now, staleAfterMs}`.
import { PROGRAM_NAME } from '../../cma/store/cypher-derive.ts';
import { hostSwitches } from '../../cma/store/cypher-facts.ts';
import neo4j, { type Driver } from 'neo4j-driver';
import { runBatchWork, type ServicesStep } from '../../cma/store/index.ts';
/** Every live listener of the graph with its live clients (service-clusters.ts groups them into Services). */
const READ_ALL_PROVIDERS = `
UNWIND $rows AS run
MATCH (h:Host)-[:RUNS]->(p:Process)-[l:LISTENS_ON]->(e:Endpoint)
WHERE NOT coalesce(p.gone, false) AND NOT coalesce(l.gone, false)
WITH DISTINCT h, p, e, ${PROGRAM_NAME} AS base
OPTIONAL MATCH (c:Process)-[k:CONNECTS_TO]->(e)
WHERE NOT coalesce(k.gone, false) AND NOT coalesce(c.gone, false)
RETURN base + ':' + toString(e.port) AS name, base, e.port AS port, e.proto AS proto, h.hostId AS hostId, elementId(p) AS process, collect(DISTINCT elementId(c)) AS clients,
       [(s:Service)-[:PROVIDED_BY]->(p) | s.key] AS current`;

const PRUNE_PROVIDED_BY = `
UNWIND $rows AS run
MATCH (:Service)-[b:PROVIDED_BY]->(p:Process)
WHERE coalesce(b.derivedAtMs, -1) < run.now AND NOT coalesce(p.gone, false)
DELETE b`;

/** A Service left without PROVIDED_BY is superseded: DEPENDS_ON to it are stale at once. */
const STALE_SUPERSEDED = `
UNWIND $rows AS run
MATCH (s:Service) WHERE NOT EXISTS { (s)-[:PROVIDED_BY]->() }
MATCH ()-[d:DEPENDS_ON]->(s)
SET d.stale = true`;

const DERIVE_DEPENDS = `
UNWIND $rows AS run
MATCH (c:Process)-[k:CONNECTS_TO]->(e:Endpoint)<-[l:LISTENS_ON]-(q:Process)
WHERE c <> q AND NOT coalesce(k.gone, false) AND NOT coalesce(l.gone, false)
  AND NOT coalesce(c.gone, false) AND NOT coalesce(q.gone, false)
WITH DISTINCT run, c, q
OPTIONAL MATCH (s:Service)-[:PROVIDED_BY]->(q)
WITH run, c, q, head(collect(s)) AS s
WITH run, c, CASE WHEN s IS NULL THEN q ELSE s END AS target
WITH DISTINCT run, c, target
MERGE (c)-[d:DEPENDS_ON]->(target)
  ON CREATE SET d.firstSeenMs = run.now
SET d.lastSeenMs = run.now, d.stale = false`;

const MARK_STALE = `
UNWIND $rows AS run
MATCH (:Process)-[d:DEPENDS_ON]->()
WHERE d.lastSeenMs < run.now - run.staleAfterMs AND NOT coalesce(d.stale, false)
SET d.stale = true`;

/** Service.clients over the whole graph (docs/graph-model.md). */
const COUNT_ALL_CLIENTS = `
UNWIND $rows AS run
MATCH (s:Service)
SET s.clients = COUNT { MATCH (s)<-[d:DEPENDS_ON]-(c:Process) WHERE NOT coalesce(d.stale, false) AND NOT coalesce(c.gone, false) RETURN DISTINCT c.hostId }`;

/**
 * The provider properties of every Service (docs/graph-model.md) from the graph itself: the wiring is walked, not
 * read from Host.switches.
 */
const SET_ALL_PROVIDERS = `
UNWIND $rows AS run
MATCH (s:Service)
WITH s, COLLECT { MATCH (s)-[:PROVIDED_BY]->(p:Process)<-[:RUNS]-(h:Host) WHERE NOT coalesce(p.gone, false) RETURN DISTINCT h } AS hosts
WITH s, hosts, [h IN hosts | ${hostSwitches('h')}] AS switchSets
WITH s, hosts, switchSets, head(head(switchSets)) AS sw0
SET s.providerHosts = size(hosts), s.providerHostId = CASE WHEN size(hosts) = 1 THEN hosts[0].hostId END,
    s.providerSwitch = CASE WHEN sw0 IS NOT NULL AND all(set IN switchSets WHERE size(set) = 1 AND set[0] = sw0) THEN sw0 END`;

/** The statements in the order the store ran them, then the provider properties (which it did not keep then). */
export const FULL_DERIVATION: readonly (string | ServicesStep)[] = [{ readProviders: READ_ALL_PROVIDERS }, PRUNE_PROVIDED_BY, STALE_SUPERSEDED, DERIVE_DEPENDS, MARK_STALE, COUNT_ALL_CLIENTS, SET_ALL_PROVIDERS];

/** Services (with clients and providers), PROVIDED_BY and DEPENDS_ON (with stale) as sorted lines; times left out. */
export const DERIVED_LINES = `
CALL () {
  MATCH (s:Service)
  RETURN 'Service ' + s.key + ' clients=' + toString(s.clients) + ' providers=' + coalesce(toString(s.providerHosts), 'null') +
         ' host=' + coalesce(s.providerHostId, '-') + ' switch=' + coalesce(s.providerSwitch, '-') AS line
  UNION
  MATCH (s:Service)-[:PROVIDED_BY]->(p:Process) RETURN 'PROVIDED_BY ' + s.key + ' -> ' + p.key AS line
  UNION
  MATCH (c)-[d:DEPENDS_ON]->(t) RETURN 'DEPENDS_ON ' + c.key + ' -> ' + t.key + ' stale=' + toString(d.stale) AS line
}
RETURN line ORDER BY line`;

/** DERIVED_LINES after the whole-graph derivation at `now`, in a transaction rolled back (the graph is left as it was). */
export async function fullDerivationLines(driver: Driver, now: number, staleAfterMs: number): Promise<string[]> {
  const session = driver.session();
  const tx = session.beginTransaction();
  try {
    await runBatchWork(tx, FULL_DERIVATION.map((step) => [step, [{ now: neo4j.int(now), staleAfterMs: neo4j.int(staleAfterMs) }]]));
    return (await tx.run(DERIVED_LINES)).records.map((r) => r.get('line') as string);
  } finally {
    await tx.rollback();
    await session.close();
  }
}
