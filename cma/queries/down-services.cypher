// description: Services no live provider serves any more (every providing process gone, or on a host that is dead or shut down), with their client hosts
// columns: service, key, clients, providers, since
// A provider is live when its process is not gone and its host is up. providers lists every provider the service
// had with why it is not serving (`host dead`, `host shutdown`, `process gone`); since is when the last of them
// stopped (the host's status change or the process's goneAtMs). clients counts the distinct hosts with a live (not
// stale) DEPENDS_ON to the service, as allservices does. Services a derivation never gave a provider are not listed.
MATCH (s:Service)
WHERE EXISTS { (s)-[:PROVIDED_BY]->(:Process) }
  AND NOT EXISTS {
    MATCH (s)-[:PROVIDED_BY]->(p:Process)<-[:RUNS]-(h:Host)
    WHERE NOT coalesce(p.gone, false) AND h.status = 'up'
  }
WITH s, COLLECT {
  MATCH (s)-[:PROVIDED_BY]->(p:Process)<-[:RUNS]-(h:Host)
  WITH h, p, CASE WHEN coalesce(p.gone, false) THEN 'process gone' ELSE 'host ' + h.status END AS why,
       CASE WHEN coalesce(p.gone, false) THEN p.goneAtMs ELSE h.statusSinceMs END AS sinceMs
  RETURN {provider: h.hostname + '/' + p.name + '[' + toString(p.pid) + ']: ' + why, sinceMs: sinceMs} AS x
  ORDER BY x.provider
} AS stops
WITH s, stops, reduce(m = null, x IN stops | CASE WHEN x.sinceMs IS NULL THEN m WHEN m IS NULL OR x.sinceMs > m THEN x.sinceMs ELSE m END) AS sinceMs
RETURN s.name AS service, s.key AS key, coalesce(s.clients, 0) AS clients,
       [x IN stops | x.provider] AS providers,
       CASE WHEN sinceMs IS NULL THEN null ELSE toString(datetime({epochMillis: sinceMs})) END AS since
ORDER BY clients DESC, service, key
