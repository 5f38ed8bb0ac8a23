// description: Who heartbeats a host: every host with a WATCHES edge to it, its status, and the ring of the edge
// param: host string  Hostname or host id of the watched host
// columns: watched, watcher, watcherId, status, ring
// A host in a ring of three or more has two watchers per ring (its neighbours); a top-ring member has more.
MATCH (w:Host)-[e:WATCHES]->(h:Host)
WHERE h.hostname = $host OR h.hostId = $host
RETURN h.hostname AS watched,
       w.hostname AS watcher,
       w.hostId AS watcherId,
       w.status AS status,
       e.ringId AS ring
ORDER BY ring, watcher, watcherId
