// description: Addresses seen in ARP tables or as the remote end of connections that no known host owns
// columns: ip, seenIn, seenBy, macs, ports
// seenIn says where: arp, connection, or both. seenBy lists the hosts whose ARP table held it or whose processes
// are connected to it; macs are the MACs ARP gave for it; ports the remote ports connected to. An address is known
// when a NIC of a host HAS_IP it. Loopback, unspecified and gone connections are left out.
CALL {
  MATCH (o:Host)-[s:SEES]->(i:IPAddress)
  WHERE NOT EXISTS { MATCH (:NIC)-[:HAS_IP]->(i) }
  RETURN i.ip AS ip, 'arp' AS how, o.hostname AS seenBy, s.mac AS mac, null AS port
  UNION
  MATCH (e:Endpoint {external: true})<-[l:CONNECTS_TO]-(p:Process)<-[:RUNS]-(o:Host)
  WHERE NOT coalesce(l.gone, false) AND NOT EXISTS { MATCH (:NIC)-[:HAS_IP]->(:IPAddress {ip: e.ip}) }
  RETURN e.ip AS ip, 'connection' AS how, o.hostname AS seenBy, null AS mac, e.port AS port
}
WITH ip, how, seenBy, mac, port
WHERE NOT (ip STARTS WITH '127.' OR ip IN ['::1', '0.0.0.0', '::'])
WITH ip, collect(DISTINCT how) AS hows, collect(DISTINCT seenBy) AS seenBy, collect(DISTINCT mac) AS macs, collect(DISTINCT port) AS ports
RETURN ip, CASE size(hows) WHEN 1 THEN hows[0] ELSE 'both' END AS seenIn,
       [x IN seenBy WHERE x IS NOT NULL] AS seenBy, macs, ports
ORDER BY ip
