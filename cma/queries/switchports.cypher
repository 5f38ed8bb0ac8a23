// description: The ports of a switch and what is wired to each: host, NIC, MAC and addresses
// param: switch string  Switch name (LLDP system name) or chassis id
// columns: switch, port, description, vlans, host, nic, mac, ips
// A port with nothing known behind it has an empty host. Ports are sorted by port id as text.
MATCH (sw:Switch)
WHERE sw.name = $switch OR sw.chassisId = $switch
MATCH (sw)-[:HAS_PORT]->(sp:SwitchPort)
OPTIONAL MATCH (n:NIC)-[:WIRED_TO]->(sp)
OPTIONAL MATCH (h:Host)-[:HAS_NIC]->(n)
RETURN coalesce(sw.name, sw.chassisId) AS switch, sp.portId AS port, sp.description AS description, sp.vlans AS vlans,
       h.hostname AS host, n.name AS nic, n.mac AS mac,
       COLLECT { MATCH (n)-[:HAS_IP]->(i:IPAddress) RETURN i.ip ORDER BY i.ip } AS ips
ORDER BY switch, port, mac
