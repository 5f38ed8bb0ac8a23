// description: How many nodes carry each label of the graph model (docs/graph-model.md), zero included
// columns: label, count
// Each count comes from Neo4j's count store, so this is instant on any graph size.
CALL {
  MATCH (n:Host) RETURN 'Host' AS label, count(n) AS count
  UNION ALL MATCH (n:Ring) RETURN 'Ring' AS label, count(n) AS count
  UNION ALL MATCH (n:Event) RETURN 'Event' AS label, count(n) AS count
  UNION ALL MATCH (n:NIC) RETURN 'NIC' AS label, count(n) AS count
  UNION ALL MATCH (n:IPAddress) RETURN 'IPAddress' AS label, count(n) AS count
  UNION ALL MATCH (n:Subnet) RETURN 'Subnet' AS label, count(n) AS count
  UNION ALL MATCH (n:Switch) RETURN 'Switch' AS label, count(n) AS count
  UNION ALL MATCH (n:SwitchPort) RETURN 'SwitchPort' AS label, count(n) AS count
  UNION ALL MATCH (n:Process) RETURN 'Process' AS label, count(n) AS count
  UNION ALL MATCH (n:Endpoint) RETURN 'Endpoint' AS label, count(n) AS count
  UNION ALL MATCH (n:Service) RETURN 'Service' AS label, count(n) AS count
  UNION ALL MATCH (n:Monitor) RETURN 'Monitor' AS label, count(n) AS count
}
RETURN label, count
ORDER BY label
