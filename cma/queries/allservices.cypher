// description: Every service with its providers (host and process), the number of client hosts, and whether a monitor checks it
// columns: service, key, proto, port, providers, clients, monitored
// providers are hostname/process[pid] of live providers; clients counts distinct hosts with a live (not stale)
// DEPENDS_ON to the service (maintained on the Service by the dependency derivation); monitored is true when a Monitor CHECKS at least one of its providers.
MATCH (s:Service)
RETURN s.name AS service, s.key AS key, s.proto AS proto, s.port AS port,
       COLLECT {
         MATCH (s)-[:PROVIDED_BY]->(p:Process)<-[:RUNS]-(h:Host) WHERE NOT coalesce(p.gone, false)
         RETURN h.hostname + '/' + p.name + '[' + toString(p.pid) + ']' AS provider ORDER BY provider
       } AS providers,
       coalesce(s.clients, 0) AS clients,
       EXISTS { MATCH (s)-[:PROVIDED_BY]->(p:Process)<-[:CHECKS]-(:Monitor) WHERE NOT coalesce(p.gone, false) } AS monitored
ORDER BY service, key
