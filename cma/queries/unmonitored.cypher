// description: Listening processes that no monitor checks: what an outage would not be noticed on, with the addresses and services they serve
// columns: host, process, pid, listens, services
// A process counts as monitored when a Monitor CHECKS it; a monitor that checks only its host does not count.
// Gone processes and gone listening sockets are left out.
MATCH (h:Host)-[:RUNS]->(p:Process)-[l:LISTENS_ON]->(e:Endpoint)
WHERE NOT coalesce(p.gone, false) AND NOT coalesce(l.gone, false)
  AND NOT EXISTS { MATCH (:Monitor)-[:CHECKS]->(p) }
WITH h, p, collect(DISTINCT e.ip + ':' + toString(e.port) + '/' + e.proto) AS listens
RETURN h.hostname AS host, p.name AS process, p.pid AS pid, listens,
       COLLECT { MATCH (s:Service)-[:PROVIDED_BY]->(p) RETURN s.name ORDER BY s.name } AS services
ORDER BY host, process, pid
