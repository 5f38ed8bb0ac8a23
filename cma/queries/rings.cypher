// description: Every ring with its members in heartbeat order (the last member closes the cycle); the top ring last
// columns: ring, size, members
// A local ring's id is its placement (switch:<chassisId> or subnet:<cidr>); the top ring's id is `top`.
// Members are named by hostname (by host id when a host has none).
MATCH (r:Ring)
WITH r, COLLECT { MATCH (h:Host)-[m:MEMBER_OF]->(r) RETURN coalesce(h.hostname, h.hostId) ORDER BY m.position } AS members
RETURN r.ringId AS ring, size(members) AS size, members
ORDER BY ring = 'top', ring
