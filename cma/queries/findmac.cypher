// description: Where a MAC address is: the host and NIC that carry it, its IPs, the switch port it is wired to, or the hosts that saw it in ARP
// param: mac string  The MAC, aa:bb:cc:dd:ee:ff (case does not matter)
// columns: mac, host, nic, ips, switch, port, seenBy
// A MAC that belongs to no known NIC but was seen in a neighbour's ARP table gives one row with no host, the
// addresses it answered for as ips, and who saw it.
CALL {
  MATCH (n:NIC {mac: toLower($mac)})
  OPTIONAL MATCH (h:Host)-[:HAS_NIC]->(n)
  OPTIONAL MATCH (n)-[:WIRED_TO]->(sp:SwitchPort)<-[:HAS_PORT]-(sw:Switch)
  RETURN n.mac AS mac, h.hostname AS host, n.name AS nic,
         COLLECT { MATCH (n)-[:HAS_IP]->(i:IPAddress) RETURN i.ip ORDER BY i.ip } AS ips,
         coalesce(sw.name, sw.chassisId) AS switch, sp.portId AS port,
         COLLECT { MATCH (o:Host)-[s:SEES]->(:IPAddress) WHERE s.mac = n.mac RETURN DISTINCT o.hostname ORDER BY o.hostname } AS seenBy
  UNION
  MATCH (o:Host)-[s:SEES]->(i:IPAddress)
  WHERE s.mac = toLower($mac) AND NOT EXISTS { MATCH (:NIC {mac: toLower($mac)}) }
  WITH s.mac AS mac, collect(DISTINCT i.ip) AS ips, collect(DISTINCT o.hostname) AS seenBy
  RETURN mac, null AS host, null AS nic, ips, null AS switch, null AS port, seenBy
}
RETURN mac, host, nic, ips, switch, port, seenBy
