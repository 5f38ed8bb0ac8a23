// description: Single points of failure: for every service that has clients, the one host or one switch whose failure cuts it off from all its providers
// columns: service, clients, spofKind, spof, why
// A service with one provider host has that host as a single point of failure. When every provider host is wired
// only to the same switch (no NIC reaching another one), that switch is one too. A service whose providers sit on
// two switches, or whose wiring is unknown for a provider, has no switch row. clients counts the distinct hosts with
// a live (not stale) DEPENDS_ON to the service. Gone processes do not provide anything.
// clients is maintained on the Service by the dependency derivation (docs/graph-model.md).
MATCH (s:Service)
WITH s, s.clients AS clients
WHERE clients > 0
WITH s, clients, COLLECT {
  MATCH (s)-[:PROVIDED_BY]->(p:Process)<-[:RUNS]-(h:Host)
  WHERE NOT coalesce(p.gone, false)
  RETURN DISTINCT h
} AS hosts
WHERE size(hosts) > 0
// A host's switches (chassis ids) are kept on it by the store (Host.switches); a host written without them (by
// hand, before the CMA's start backfilled them) has its wiring walked.
WITH s, clients, hosts, [h IN hosts | coalesce(h.switches, COLLECT {
  MATCH (h)-[:HAS_NIC]->(n:NIC)-[:WIRED_TO]->(:SwitchPort)<-[:HAS_PORT]-(sw:Switch)
  WHERE NOT coalesce(n.gone, false)
  RETURN DISTINCT sw.chassisId
})] AS switchSets
WITH s, clients, hosts, switchSets, head(head(switchSets)) AS sw0
WITH s, clients, hosts, sw0, sw0 IS NOT NULL AND all(set IN switchSets WHERE size(set) = 1 AND set[0] = sw0) AS oneSwitch
UNWIND (CASE WHEN size(hosts) = 1
          THEN [{kind: 'host', name: hosts[0].hostname, why: 'the only provider host'}]
          ELSE [] END) +
       (CASE WHEN oneSwitch
          THEN [{kind: 'switch', name: COLLECT { MATCH (sw:Switch {chassisId: sw0}) RETURN coalesce(sw.name, sw.chassisId) }[0],
                 why: CASE size(hosts) WHEN 1 THEN 'the only provider host is wired only to it'
                      ELSE 'all ' + toString(size(hosts)) + ' provider hosts are wired only to it' END}]
          ELSE [] END) AS point
RETURN s.name AS service, clients, point.kind AS spofKind, point.name AS spof, point.why AS why
ORDER BY clients DESC, service, s.key, spofKind, spof
