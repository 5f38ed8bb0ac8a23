// description: Every host with its status, its local ring, whether it is in the top ring, and when it was last heard of
// columns: hostname, hostId, status, ring, top, address, lastSeen
// A host that is dead or shut down is in no ring (ring membership is current state); `placement` keeps where it
// rejoins. `address` is the first address its nanoprobe listens on.
MATCH (h:Host)
RETURN h.hostname AS hostname,
       h.hostId AS hostId,
       h.status AS status,
       COLLECT { MATCH (h)-[:MEMBER_OF]->(r:Ring) WHERE r.ringId <> 'top' RETURN r.ringId }[0] AS ring,
       EXISTS { MATCH (h)-[:MEMBER_OF]->(:Ring {ringId: 'top'}) } AS top,
       h.addresses[0] AS address,
       CASE WHEN h.lastSeenMs IS NULL THEN null ELSE toString(datetime({epochMillis: h.lastSeenMs})) END AS lastSeen
ORDER BY hostname, hostId
