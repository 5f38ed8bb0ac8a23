// description: Which switch ports a host's NICs are wired to (from LLDP/CDP frames), with the VLANs of each port
// param: host string  Hostname or host id
// columns: host, nic, mac, switch, chassisId, port, description, vlans
// A NIC with no known wiring has an empty switch. Gone NICs are left out.
MATCH (h:Host)
WHERE h.hostId = $host OR h.hostname = $host
MATCH (h)-[:HAS_NIC]->(n:NIC)
WHERE NOT coalesce(n.gone, false)
OPTIONAL MATCH (n)-[:WIRED_TO]->(sp:SwitchPort)<-[:HAS_PORT]-(sw:Switch)
RETURN h.hostname AS host, n.name AS nic, n.mac AS mac, sw.name AS switch, sw.chassisId AS chassisId,
       sp.portId AS port, sp.description AS description, sp.vlans AS vlans
ORDER BY host, nic, mac, switch, port
