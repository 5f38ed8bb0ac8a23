/**
 * Dependency derivation (docs/graph-model.md, DEPENDS_ON / Service / PROVIDED_BY), run by the Neo4j store in the
 * transaction of every batch that carries discovery facts, over the whole graph, so it is idempotent and needs
 * no state. Rows: one `{now, staleAfterMs}` (now = the newest fact's wallMs).
 *
 * - A live listener (process and LISTENS_ON not gone) provides the Service `<exe basename>:<port>`, keyed
 *   `name@hostId`; providers of one name on several hosts that share a client process form one logical service
 *   `name@cluster:<smallest provider hostId>` with PROVIDED_BY each. PROVIDED_BY edges of live processes that this
 *   pass did not derive are removed (they are derived, not observed).
 * - A live CONNECTS_TO to an Endpoint a live process listens on gives (client)-[:DEPENDS_ON]->(the listener's
 *   Service, else the listening Process), `lastSeenMs = now`, `stale = false`.
 * - A DEPENDS_ON not re-derived for `staleAfterMs` gets `stale = true` (kept; queries skip it).
 */

export const DERIVE_SERVICES = `
UNWIND $rows AS run
MATCH (h:Host)-[:RUNS]->(p:Process)-[l:LISTENS_ON]->(e:Endpoint)
WHERE NOT coalesce(p.gone, false) AND NOT coalesce(l.gone, false)
WITH run, h, p, e, reverse(split(CASE WHEN coalesce(p.exe, '') = '' THEN coalesce(p.name, '?') ELSE p.exe END, '/'))[0] AS base
OPTIONAL MATCH (c:Process)-[k:CONNECTS_TO]->(e)
WHERE NOT coalesce(k.gone, false) AND NOT coalesce(c.gone, false)
WITH run, base, base + ':' + toString(e.port) AS name, e.port AS port, e.proto AS proto, h.hostId AS hostId, p, collect(DISTINCT c.key) AS clients
WITH run, base, name, port, proto, collect({hostId: hostId, p: p, clients: clients}) AS provs
WITH run, base, name, port, proto, provs,
     [pr IN provs WHERE any(o IN provs WHERE o.hostId <> pr.hostId AND any(x IN pr.clients WHERE x IN o.clients)) | pr.hostId] AS clustered
UNWIND provs AS pr
WITH run, base, name, port, proto, pr,
     CASE WHEN pr.hostId IN clustered
          THEN name + '@cluster:' + reduce(m = head(clustered), x IN clustered | CASE WHEN x < m THEN x ELSE m END)
          ELSE name + '@' + pr.hostId END AS key
MERGE (s:Service {key: key})
SET s.name = name, s.port = port, s.proto = proto, s.exe = base
WITH run, s, pr.p AS p
MERGE (s)-[b:PROVIDED_BY]->(p)
SET b.derivedAtMs = run.now`;

export const PRUNE_PROVIDED_BY = `
UNWIND $rows AS run
MATCH (:Service)-[b:PROVIDED_BY]->(p:Process)
WHERE coalesce(b.derivedAtMs, -1) < run.now AND NOT coalesce(p.gone, false)
DELETE b`;

export const DERIVE_DEPENDS = `
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

export const MARK_STALE = `
UNWIND $rows AS run
MATCH (:Process)-[d:DEPENDS_ON]->()
WHERE d.lastSeenMs < run.now - run.staleAfterMs AND NOT coalesce(d.stale, false)
SET d.stale = true`;
