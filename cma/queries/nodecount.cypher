// description: How many nodes carry each label of the graph model (docs/graph-model.md), zero included
// columns: label, count
// Each count comes from Neo4j's count store, so this is instant on any graph size. (The count is taken before the
// label is added: a grouping key would turn a zero count into no row.)
CALL {
  MATCH (n:Host) WITH count(n) AS count RETURN 'Host' AS label, count
  UNION ALL MATCH (n:Ring) WITH count(n) AS count RETURN 'Ring' AS label, count
  UNION ALL MATCH (n:Event) WITH count(n) AS count RETURN 'Event' AS label, count
  UNION ALL MATCH (n:NIC) WITH count(n) AS count RETURN 'NIC' AS label, count
  UNION ALL MATCH (n:IPAddress) WITH count(n) AS count RETURN 'IPAddress' AS label, count
  UNION ALL MATCH (n:Subnet) WITH count(n) AS count RETURN 'Subnet' AS label, count
  UNION ALL MATCH (n:Switch) WITH count(n) AS count RETURN 'Switch' AS label, count
  UNION ALL MATCH (n:SwitchPort) WITH count(n) AS count RETURN 'SwitchPort' AS label, count
  UNION ALL MATCH (n:Process) WITH count(n) AS count RETURN 'Process' AS label, count
  UNION ALL MATCH (n:Endpoint) WITH count(n) AS count RETURN 'Endpoint' AS label, count
  UNION ALL MATCH (n:Service) WITH count(n) AS count RETURN 'Service' AS label, count
  UNION ALL MATCH (n:Monitor) WITH count(n) AS count RETURN 'Monitor' AS label, count
}
RETURN label, count
ORDER BY label
