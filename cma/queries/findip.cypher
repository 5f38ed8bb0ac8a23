// description: Where an IP address is: the host and NIC that own it, its subnet, the switch port behind that NIC, and the hosts that saw it in ARP
// param: ip string  The address in canonical text (198.18.0.5, 2001:db8::1)
// columns: ip, host, nic, mac, subnet, switch, port, seenBy, gone
// No row when the graph has never seen the address. An address no host owns (seen only in ARP) has no host.
MATCH (i:IPAddress {ip: $ip})
OPTIONAL MATCH (h:Host)-[:HAS_NIC]->(n:NIC)-[:HAS_IP]->(i)
OPTIONAL MATCH (n)-[:WIRED_TO]->(sp:SwitchPort)<-[:HAS_PORT]-(sw:Switch)
RETURN i.ip AS ip, h.hostname AS host, n.name AS nic, n.mac AS mac,
       COLLECT { MATCH (i)-[:IN_SUBNET]->(s:Subnet) RETURN s.cidr }[0] AS subnet,
       coalesce(sw.name, sw.chassisId) AS switch, sp.portId AS port,
       COLLECT { MATCH (o:Host)-[:SEES]->(i) RETURN o.hostname ORDER BY o.hostname } AS seenBy,
       coalesce(i.gone, false) AS gone
ORDER BY host, mac
